//! A file's blocks grouped by one thing: the function, source file or
//! crate of their call site (and, inclusively, of any frame of their
//! stack), their thread, their type name or their variable name.

use std::cmp::Reverse;
use std::collections::HashMap;

use memscope_export::StackId;
use serde::Serialize;

use crate::analysis::Analysis;
use crate::counts::ByName;
use crate::frames::{FrameClass, FrameTable, Naming, ShownFrame};
use crate::names::NameTable;
use crate::tally::Tally;

/// What blocks are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    /// The function of the call site (the innermost frame of the
    /// program), and any function of the stack outside the allocator, the
    /// runtime and the standard library; by label, so the instances of a
    /// generic function are one row unless the labels are the whole names
    /// ([`Naming::full_names`]).
    Function,
    /// The source file of the call site, and any file of the stack.
    File,
    /// The crate that owns the call site ("which dependency holds my
    /// heap"), and any crate of the stack.
    Crate,
    /// The thread that allocated each block.
    Thread,
    /// The type name.
    Type,
    /// The variable name.
    Var,
}

impl Grouping {
    /// Its name: `function`, `file`, `crate`, `thread`, `type`, `var`.
    pub fn name(self) -> &'static str {
        match self {
            Grouping::Function => "function",
            Grouping::File => "file",
            Grouping::Crate => "crate",
            Grouping::Thread => "thread",
            Grouping::Type => "type",
            Grouping::Var => "var",
        }
    }

    /// Whether it needs call stacks.
    pub fn needs_stacks(self) -> bool {
        matches!(self, Grouping::Function | Grouping::File | Grouping::Crate)
    }
}

/// One group: what its blocks share, and how many they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// What the blocks share, as shown: a frame's label, a file, a crate,
    /// a thread (`main (1)`), a name (cut at 256 bytes).
    pub label: String,
    /// The whole of it where the label shortens it (a function's whole
    /// name); `None` when the label is whole.
    pub name: Option<String>,
    /// The length in bytes of the whole of what the label shows: more
    /// than the label's own when it is a name cut at 256 bytes.
    pub name_bytes: u64,
    /// By thread: the tracker's id of the thread (the label is its name,
    /// or `(unnamed)` with a `name_bytes` of 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<u64>,
    /// Blocks in the group.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
}

impl Group {
    /// Whether the label is a name cut at 256 bytes.
    pub fn is_cut(&self) -> bool {
        self.name_bytes > self.label.len() as u64
    }
}

/// The groups holding the most bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grouped {
    /// What the blocks are grouped by.
    pub by: Grouping,
    /// The groups, most bytes first (then most blocks, then label).
    pub rows: Vec<Group>,
    /// How many groups have blocks.
    pub distinct: usize,
    /// Blocks that belong to no group: without a call stack (by function,
    /// file or crate: or a call site without a file), without a known
    /// thread, without a name.
    pub without: Tally,
    /// By type or variable name: blocks under names past the most the
    /// analysis counts each on its own.
    pub other_names: Tally,
    /// By function, file or crate: the groups of any frame of the stacks
    /// (a block counts once under each of its stack's), most bytes first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusive: Option<Vec<Group>>,
    /// How many inclusive groups have blocks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inclusive_distinct: Option<usize>,
}

impl Analysis {
    /// The `top` groups of blocks by `by`.
    pub fn group(&self, by: Grouping, top: usize, naming: Naming) -> Grouped {
        match by {
            Grouping::Function | Grouping::File | Grouping::Crate => {
                self.group_by_frame(by, top, naming)
            }
            Grouping::Thread => self.group_by_thread(top),
            Grouping::Type => named(
                by,
                &self.names.types,
                &self.counts.by_type,
                self.untyped(),
                top,
            ),
            Grouping::Var => named(
                by,
                &self.names.vars,
                &self.counts.by_var,
                self.unnamed(),
                top,
            ),
        }
    }

    fn group_by_frame(&self, by: Grouping, top: usize, naming: Naming) -> Grouped {
        let mut call_sites: HashMap<String, Shared> = HashMap::new();
        let mut inclusive: HashMap<String, Shared> = HashMap::new();
        let mut without = self.without_stack();
        if let Some(table) = self.frames.as_deref() {
            let mut keys = Vec::new();
            for (id, tally) in self.stacks_with_blocks() {
                match call_site_key(table, id, by, naming) {
                    Some((label, whole)) => call_sites.entry(label).or_default().add(whole, tally),
                    None => without.merge(tally),
                }
                keys.clear();
                keys.extend(
                    table
                        .frames(id, naming)
                        .iter()
                        .filter(|frame| {
                            !matches!(
                                frame.class,
                                FrameClass::Allocator | FrameClass::Runtime | FrameClass::Std
                            )
                        })
                        .filter_map(|frame| frame_key(table, id, frame, by)),
                );
                // Once per stack by label: two instances of one generic
                // function (labels alike, whole names not) in one stack
                // count once, as the view says.
                keys.sort_unstable();
                keys.dedup_by(|a, b| a.0 == b.0);
                for (label, whole) in keys.drain(..) {
                    inclusive.entry(label).or_default().add(whole, tally);
                }
            }
        }
        let inclusive_distinct = inclusive.len();
        Grouped {
            by,
            distinct: call_sites.len(),
            rows: ranked(call_sites, top),
            without,
            other_names: Tally::default(),
            inclusive: Some(ranked(inclusive, top)),
            inclusive_distinct: Some(inclusive_distinct),
        }
    }

    fn group_by_thread(&self, top: usize) -> Grouped {
        let mut rows: Vec<Group> = Vec::new();
        if let Some(threads) = &self.threads {
            for (index, thread) in threads.threads.iter().enumerate() {
                let tally = self.thread_tally(index);
                if tally.count == 0 {
                    continue;
                }
                let shown = thread.name().map(crate::names::ShownName::of);
                rows.push(Group {
                    label: shown
                        .as_ref()
                        .map_or_else(|| "(unnamed)".to_owned(), |s| s.name.clone()),
                    name: None,
                    // 0 for a thread without a name.
                    name_bytes: shown.map_or(0, |s| s.name_bytes),
                    thread_id: Some(thread.id),
                    count: tally.count,
                    bytes: tally.bytes,
                });
            }
        }
        let distinct = rows.len();
        rows.sort_unstable_by_key(|g| (Reverse(g.bytes), Reverse(g.count), g.thread_id));
        rows.truncate(top);
        Grouped {
            by: Grouping::Thread,
            distinct,
            rows,
            without: self.without_thread(),
            other_names: Tally::default(),
            inclusive: None,
            inclusive_distinct: None,
        }
    }
}

/// What the call site of stack `id` is grouped under: (label, whole).
fn call_site_key(
    table: &FrameTable,
    id: StackId,
    by: Grouping,
    naming: Naming,
) -> Option<(String, String)> {
    let site = table.call_site(id, naming)?;
    frame_key(table, id, &site, by)
}

/// What `frame` of stack `id` is grouped under: its label and whole name
/// by function, its file, its crate.
fn frame_key(
    table: &FrameTable,
    id: StackId,
    frame: &ShownFrame,
    by: Grouping,
) -> Option<(String, String)> {
    match by {
        Grouping::Function => Some((frame.label.clone(), frame.name.clone())),
        Grouping::File => frame.file.clone().map(|file| (file, String::new())),
        Grouping::Crate => {
            let stack = table.stacks().stacks.get(id.index())?;
            let frame_id = *stack.frames.get(frame.position)?;
            let krate = match table.krate(frame_id) {
                Some(krate) => krate.to_owned(),
                None if Some(frame.position) == table.shape(id).call_site => {
                    table.call_site_crate(id)?
                }
                None => return None,
            };
            Some((krate, String::new()))
        }
        _ => None,
    }
}

/// The blocks of one group of frames: frames with one label (the
/// instances of one generic function, say, unless the labels are whole
/// names), and the whole name of the frames holding most of its bytes.
#[derive(Debug, Default)]
struct Shared {
    tally: Tally,
    whole: String,
    whole_bytes: u64,
}

impl Shared {
    /// Counts `tally` of frames whose whole name is `whole`.
    fn add(&mut self, whole: String, tally: Tally) {
        self.tally.merge(tally);
        if tally.bytes > self.whole_bytes || self.whole.is_empty() {
            self.whole = whole;
            self.whole_bytes = tally.bytes;
        }
    }
}

/// The `top` groups by bytes, then count, both descending, then label.
fn ranked(groups: HashMap<String, Shared>, top: usize) -> Vec<Group> {
    let mut groups: Vec<(String, Shared)> = groups.into_iter().collect();
    groups.sort_unstable_by(|(a_label, a), (b_label, b)| {
        (Reverse(a.tally.bytes), Reverse(a.tally.count), a_label).cmp(&(
            Reverse(b.tally.bytes),
            Reverse(b.tally.count),
            b_label,
        ))
    });
    groups
        .into_iter()
        .take(top)
        .map(|(label, shared)| Group {
            name_bytes: label.len() as u64,
            thread_id: None,
            name: (!shared.whole.is_empty() && shared.whole != label).then_some(shared.whole),
            label,
            count: shared.tally.count,
            bytes: shared.tally.bytes,
        })
        .collect()
}

/// The `top` names of `table` holding the most bytes in `counts`: by
/// bytes, then count, both descending, then name, then the order they
/// were first seen in, so equal entries always come out in one order.
fn named(by: Grouping, table: &NameTable, counts: &ByName, without: Tally, top: usize) -> Grouped {
    let mut entries: Vec<(usize, Tally)> = (0..table.len())
        .map(|number| (number, counts.get(number)))
        .filter(|(_, tally)| tally.count > 0)
        .collect();
    entries.sort_unstable_by(|&(a_number, a), &(b_number, b)| {
        b.bytes
            .cmp(&a.bytes)
            .then(b.count.cmp(&a.count))
            .then_with(|| table.name(a_number).name.cmp(&table.name(b_number).name))
            .then(a_number.cmp(&b_number))
    });
    let distinct = entries.len();
    let rows = entries
        .into_iter()
        .take(top)
        .map(|(number, tally)| {
            let shown = table.name(number);
            Group {
                label: shown.name.clone(),
                name: None,
                name_bytes: shown.name_bytes,
                thread_id: None,
                count: tally.count,
                bytes: tally.bytes,
            }
        })
        .collect();
    Grouped {
        by,
        rows,
        distinct,
        without,
        other_names: counts.other,
        inclusive: None,
        inclusive_distinct: None,
    }
}
