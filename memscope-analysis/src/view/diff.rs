//! [`Diff`]: what changed between two exports of one program: the totals,
//! by type name and by variable name, by call site and by call stack
//! when both files have stacks (stacks matched by their frames, not their
//! ids), by size, and the largest blocks allocated since the earlier
//! export.

use std::cmp::Reverse;
use std::collections::HashMap;

use memscope_export::{CallStacks, StackId};
use serde::Serialize;

use crate::analysis::{Analysis, Comparison};
use crate::counts::ByName;
use crate::frames::Naming;
use crate::names::{NameTable, ShownName};
use crate::tally::{BUCKETS, Tally, TallyChange, bucket_bounds};
use crate::view::groups::Grouping;
use crate::view::stacks::ShownStack;
use crate::view::summary::LargestBlock;

/// How one group's blocks changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What the blocks share: a name (cut at 256 bytes), a call site's
    /// label, or among the totals what is counted.
    pub label: String,
    /// The length in bytes of the whole of what the label shows: more
    /// than the label's own when it is a name cut at 256 bytes.
    pub name_bytes: u64,
    /// Its blocks in each file.
    #[serde(flatten)]
    pub tally: TallyChange,
}

impl Change {
    /// The change from `old` to `new` under `label`.
    pub fn new(label: impl Into<String>, old: Tally, new: Tally) -> Self {
        let label = label.into();
        Change {
            name_bytes: label.len() as u64,
            label,
            tally: TallyChange::new(old, new),
        }
    }

    /// Whether the label is a name cut at 256 bytes.
    pub fn is_cut(&self) -> bool {
        self.name_bytes > self.label.len() as u64
    }
}

/// How the blocks allocated under one stack changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackChange {
    /// Its number in the old file, if it is there.
    pub old_stack: Option<u32>,
    /// Its number in the new file, if it is there.
    pub new_stack: Option<u32>,
    /// Its blocks in each file.
    #[serde(flatten)]
    pub tally: TallyChange,
    /// Its frames worth showing (from the new file when it is there).
    #[serde(flatten)]
    pub stack: ShownStack,
}

/// How one size bucket changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SizeChange {
    /// The smallest size in the bucket.
    pub min: u64,
    /// The largest size in the bucket.
    pub max: u64,
    /// Blocks of a size in the bucket, in each file.
    #[serde(flatten)]
    pub tally: TallyChange,
}

/// What changed from an earlier file to a later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// All records, those without a var_name, those without a type_name.
    pub totals: Vec<Change>,
    /// The type names that grew most, at most `top` of them.
    pub by_type: Vec<Change>,
    /// How many type names changed at all.
    pub types_changed: usize,
    /// Blocks under type names past the most counted on their own.
    #[serde(rename = "other_type_names")]
    pub other_types: Change,
    /// The variable names that grew most, at most `top` of them.
    pub by_var: Vec<Change>,
    /// How many variable names changed at all.
    pub vars_changed: usize,
    /// Blocks under variable names past the most counted on their own.
    #[serde(rename = "other_var_names")]
    pub other_vars: Change,
    /// The most distinct names of each kind compared on their own.
    pub max_names: usize,
    /// When both files have call stacks: the call sites (by function)
    /// that grew most, at most `top` of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_call_site: Option<Vec<Change>>,
    /// When both files have call stacks: how many call sites changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_sites_changed: Option<usize>,
    /// When both files have call stacks: the stacks that grew most, at
    /// most `top` of them, matched between the files by their frames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_stack: Option<Vec<StackChange>>,
    /// When both files have call stacks: how many stacks changed at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stacks_changed: Option<usize>,
    /// Whether each file (old, new) has call stacks.
    pub has_stacks: (bool, bool),
    /// The most frames shown of each stack.
    pub depth: usize,
    /// When each file was exported (nanoseconds since the UNIX epoch).
    pub old_exported: u64,
    /// See `old_exported`.
    pub new_exported: u64,
    /// When a file's records are samples, its mean gap in bytes between
    /// them (old, new): its counts here are estimates.
    pub sample_means: (Option<u64>, Option<u64>),
    /// Whether either file's blocks carry a type or variable name.
    pub carries_names: bool,
    /// How each size bucket (powers of two) changed, smallest sizes
    /// first; buckets empty in both files left out.
    pub by_size: Vec<SizeChange>,
    /// The largest blocks of the new file allocated after the old was
    /// exported, largest first, at most `top`.
    pub largest_new: Vec<LargestBlock>,
}

impl Comparison {
    /// What changed: `top` entries of each list, `depth` frames of each
    /// stack.
    pub fn diff(&self, top: usize, depth: usize, naming: Naming) -> Diff {
        let (old, new) = (self.old_file(), self.new_file());
        // The new file's tables hold every name of both.
        let names = new.names();
        let (mut by_type, mut by_var) = (
            changes(&names.types, old.by_type(), new.by_type()),
            changes(&names.vars, old.by_var(), new.by_var()),
        );
        let (types_changed, vars_changed) = (by_type.len(), by_var.len());
        by_type.truncate(top);
        by_var.truncate(top);
        let both = old.frames().is_some() && new.frames().is_some();
        let (by_call_site, call_sites_changed) = if both {
            let (rows, changed) = call_site_changes(old, new, top, naming);
            (Some(rows), Some(changed))
        } else {
            (None, None)
        };
        let (by_stack, stacks_changed) = if both {
            let (rows, changed) = stack_changes(old, new, top, depth, naming);
            (Some(rows), Some(changed))
        } else {
            (None, None)
        };
        Diff {
            totals: vec![
                Change::new("all records", old.total(), new.total()),
                Change::new("without var_name", old.unnamed(), new.unnamed()),
                Change::new("without type_name", old.untyped(), new.untyped()),
            ],
            by_type,
            types_changed,
            other_types: Change::new("other names", old.by_type().other, new.by_type().other),
            by_var,
            vars_changed,
            other_vars: Change::new("other names", old.by_var().other, new.by_var().other),
            max_names: names.types.max(),
            by_call_site,
            call_sites_changed,
            by_stack,
            stacks_changed,
            has_stacks: (old.frames().is_some(), new.frames().is_some()),
            depth,
            old_exported: old.header().timestamp,
            new_exported: new.header().timestamp,
            sample_means: (old.sample_mean(), new.sample_mean()),
            carries_names: old.has_names() || new.has_names(),
            by_size: size_changes(old, new),
            largest_new: match new.largest_since_old() {
                Some(since) => new.with_call_sites(since, naming),
                None => new.largest_blocks(naming),
            },
        }
    }
}

/// Every name of `table` whose count or bytes differ between `old` and
/// `new` (a name missing on one side counts as zero there), by byte
/// growth, then count growth, both descending, then name, then the order
/// the names were first seen in.
fn changes(table: &NameTable, old: &ByName, new: &ByName) -> Vec<Change> {
    let mut changes: Vec<(usize, Change)> = (0..table.len())
        .map(|number| {
            let name: &ShownName = table.name(number);
            let change = Change {
                name_bytes: name.name_bytes,
                ..Change::new(name.name.clone(), old.get(number), new.get(number))
            };
            (number, change)
        })
        .filter(|(_, change)| change.tally.is_change())
        .collect();
    changes.sort_by(|(a_number, a), (b_number, b)| {
        (b.tally.bytes_delta, b.tally.count_delta)
            .cmp(&(a.tally.bytes_delta, a.tally.count_delta))
            .then_with(|| a.label.cmp(&b.label))
            .then(a_number.cmp(b_number))
    });
    changes.into_iter().map(|(_, change)| change).collect()
}

/// Orders changes by byte growth, then count growth, both descending,
/// then by `order` ascending.
fn by_growth<T>(entries: &mut [(T, Tally, Tally, usize)]) {
    let delta = |a: u64, b: u64| i128::from(b) - i128::from(a);
    entries.sort_unstable_by_key(|(_, old, new, order)| {
        (
            Reverse(delta(old.bytes, new.bytes)),
            Reverse(delta(old.count, new.count)),
            *order,
        )
    });
}

/// The call sites (by function label) whose blocks changed, by growth:
/// the first `top`, and how many changed.
pub(crate) fn call_site_changes(
    old: &Analysis,
    new: &Analysis,
    top: usize,
    naming: Naming,
) -> (Vec<Change>, usize) {
    let mut entries: HashMap<String, (Tally, Tally, usize)> = HashMap::new();
    for (is_new, side) in [(false, old), (true, new)] {
        let grouped = side.group(Grouping::Function, usize::MAX, naming);
        for row in grouped.rows {
            let order = entries.len();
            let entry =
                entries
                    .entry(row.label)
                    .or_insert((Tally::default(), Tally::default(), order));
            let tally = Tally::new(row.count, row.bytes);
            if is_new {
                entry.1.merge(tally);
            } else {
                entry.0.merge(tally);
            }
        }
    }
    let mut changed: Vec<(String, Tally, Tally, usize)> = entries
        .into_iter()
        .map(|(label, (old, new, order))| (label, old, new, order))
        .filter(|(_, old, new, _)| old != new)
        .collect();
    by_growth(&mut changed);
    let total = changed.len();
    let rows = changed
        .into_iter()
        .take(top)
        .map(|(label, old, new, _)| Change::new(label, old, new))
        .collect();
    (rows, total)
}

/// What a stack is in any file: a digest of its frames' functions (or,
/// unknown, addresses), files, lines and inlining, and its depth. Ids and
/// addresses differ between runs of one program; these do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct StackKey {
    digest: [u8; 16],
    depth: usize,
}

impl StackKey {
    fn of(stacks: &CallStacks, id: StackId) -> Self {
        let mut hasher = blake3::Hasher::new();
        let mut text = |tag: u8, bytes: &[u8]| {
            hasher.update(&[tag]);
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        let mut depth = 0;
        for frame in stacks.stack(id).into_iter().flat_map(|s| s.frames()) {
            match frame.function {
                Some(name) => text(b'f', name.as_bytes()),
                None => text(b'a', &frame.address.to_le_bytes()),
            }
            text(b's', frame.file.unwrap_or("").as_bytes());
            text(b'l', &frame.line.unwrap_or(0).to_le_bytes());
            text(b'i', &[u8::from(frame.inlined)]);
            depth += 1;
        }
        let mut digest = [0; 16];
        digest.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        StackKey { digest, depth }
    }
}

/// Every stack whose blocks changed between `old` and `new`, matched by
/// their frames (a stack in one file only counts as none in the other;
/// stacks of one file with the same frames count as one), by byte
/// growth, then count growth, then the order first seen in; the first
/// `top` with `depth` frames each, and how many changed.
fn stack_changes(
    old: &Analysis,
    new: &Analysis,
    top: usize,
    depth: usize,
    naming: Naming,
) -> (Vec<StackChange>, usize) {
    let (Some(old_table), Some(new_table)) = (old.frames(), new.frames()) else {
        return (Vec::new(), 0);
    };
    #[derive(Default)]
    struct Ids {
        old: Option<StackId>,
        new: Option<StackId>,
    }
    let mut entries: HashMap<StackKey, (Tally, Tally, usize, Ids)> = HashMap::new();
    for (is_new, side, table) in [(false, old, old_table), (true, new, new_table)] {
        for (id, tally) in side.stacks_with_blocks() {
            let order = entries.len();
            let entry = entries
                .entry(StackKey::of(table.stacks(), id))
                .or_insert_with(|| (Tally::default(), Tally::default(), order, Ids::default()));
            if is_new {
                entry.1.merge(tally);
                entry.3.new.get_or_insert(id);
            } else {
                entry.0.merge(tally);
                entry.3.old.get_or_insert(id);
            }
        }
    }
    let mut changed: Vec<(Ids, Tally, Tally, usize)> = entries
        .into_values()
        .filter(|(old, new, ..)| old != new)
        .map(|(old, new, order, ids)| (ids, old, new, order))
        .collect();
    by_growth(&mut changed);
    let total = changed.len();
    let rows = changed
        .into_iter()
        .take(top)
        .filter_map(|(ids, old, new, _)| {
            // From the new file when it is there.
            let stack = match (ids.new, ids.old) {
                (Some(id), _) => ShownStack::of(new_table, id, depth, naming),
                (None, Some(id)) => ShownStack::of(old_table, id, depth, naming),
                (None, None) => return None,
            };
            Some(StackChange {
                old_stack: ids.old.map(StackId::number),
                new_stack: ids.new.map(StackId::number),
                tally: TallyChange::new(old, new),
                stack,
            })
        })
        .collect();
    (rows, total)
}

/// Every size bucket non-empty in `old` or `new`, smallest sizes first.
fn size_changes(old: &Analysis, new: &Analysis) -> Vec<SizeChange> {
    (0..BUCKETS)
        .map(|bucket| {
            (
                bucket,
                old.histogram().get(bucket),
                new.histogram().get(bucket),
            )
        })
        .filter(|(_, o, n)| o.count > 0 || n.count > 0)
        .map(|(bucket, o, n)| {
            let (min, max) = bucket_bounds(bucket);
            SizeChange {
                min,
                max,
                tally: TallyChange::new(o, n),
            }
        })
        .collect()
}
