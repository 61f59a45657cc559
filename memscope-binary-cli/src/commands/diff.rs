//! `diff OLD NEW`: what grew between two exports of one program, by type
//! name and by variable name, and by call stack when both files have
//! them, biggest growth first; then by size, and the largest blocks
//! allocated since OLD was exported (what any two files can show, names
//! and stacks or not).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use memscope_export::escape::escape_text;
use serde::Serialize;

use crate::aggregate::{Aggregate, Counts, Names, Tally, TallyChange, bucket_bounds};
use crate::commands::summary::NO_NAMES_NOTE;
use crate::error::CliError;
use crate::json;
use crate::names::{DEFAULT_MAX_NAMES, NameTable, ShownName, ShownRecord};
use crate::stacks::{self, DEFAULT_DEPTH, Side, StackChange, stack_changes};
use crate::table::{Align, Table, records_table};
use crate::units::{short_bytes, signed, utc_datetime};

/// What grew from OLD to NEW, by type name and by variable name, and by
/// call stack when both have them (stacks matched by their frames)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier export
    pub old: PathBuf,
    /// The later export
    pub new: PathBuf,
    /// How many entries each list shows
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// How many distinct type names, and variable names, of the two files
    /// together are compared each on its own (the first seen, OLD's
    /// first); records under further names are compared as "other names"
    /// (this bounds memory: each name kept is at most 256 bytes)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NAMES)]
    pub max_names: u32,
    /// How many frames of each call stack are shown, innermost first
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEPTH)]
    pub depth: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs `diff`: streams both files and prints what changed, as text or as
/// JSON.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    // One table for both files, so a name has one number in both.
    let mut names = Names::new(args.max_names);
    let before = Aggregate::of_file(&args.old, 0, &mut names)?;
    let after = Aggregate::of_file_keeping_newer(&args.new, args.top, before.exported, &mut names)?;
    let diff = Diff::between(&before, &after, &names, args.top)
        .with_stacks(&before, &after, args.top, args.depth)
        .with_new_blocks(after);
    let written = if args.json {
        json::write_pretty(out, &diff)
    } else {
        diff.write_text(&args.old, &args.new, out)
    };
    written.map_err(CliError::stdout)
}

/// How one name's records changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The type or variable name (or, among the totals, what is counted);
    /// in JSON, `name` and `name_bytes`.
    #[serde(flatten)]
    pub name: ShownName,
    /// Its records in each file.
    #[serde(flatten)]
    pub tally: TallyChange,
}

impl Change {
    /// The change from `old` to `new` under `name`.
    pub fn new(name: ShownName, old: Tally, new: Tally) -> Self {
        Change {
            name,
            tally: TallyChange::new(old, new),
        }
    }
}

/// Every name of `table` whose count or bytes differ between `old` and
/// `new` (a name missing on one side counts as zero there), by byte
/// growth, then count growth, both descending, then name, then the order
/// the names were first seen in.
pub fn changes(table: &NameTable, old: &Counts, new: &Counts) -> Vec<Change> {
    let mut changes: Vec<(usize, Change)> = (0..table.len())
        .map(|number| {
            let change = Change::new(table.name(number).clone(), old.get(number), new.get(number));
            (number, change)
        })
        .filter(|(_, change)| change.tally.is_change())
        .collect();
    changes.sort_by(|(a_number, a), (b_number, b)| {
        (b.tally.bytes_delta, b.tally.count_delta)
            .cmp(&(a.tally.bytes_delta, a.tally.count_delta))
            .then_with(|| a.name.name.cmp(&b.name.name))
            .then(a_number.cmp(b_number))
    });
    changes.into_iter().map(|(_, change)| change).collect()
}

/// What `diff` shows, as text or (serialized) as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// All records, those without a var_name, those without a type_name.
    pub totals: Vec<Change>,
    /// The type names that grew most, at most `top` of them.
    pub by_type: Vec<Change>,
    /// How many type names changed at all.
    pub types_changed: usize,
    /// Records under type names past the first `max_names`, in each file.
    #[serde(rename = "other_type_names")]
    pub other_types: Change,
    /// The variable names that grew most, at most `top` of them.
    pub by_var: Vec<Change>,
    /// How many variable names changed at all.
    pub vars_changed: usize,
    /// Records under variable names past the first `max_names`.
    #[serde(rename = "other_var_names")]
    pub other_vars: Change,
    /// The most distinct names of each kind compared on their own.
    pub max_names: usize,
    /// When both files have call stacks: the stacks that grew most, at
    /// most `top` of them, matched between the files by their frames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_stack: Option<Vec<StackChange>>,
    /// When both files have call stacks: how many stacks changed at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stacks_changed: Option<usize>,
    /// Whether each file (old, new) has call stacks known with its
    /// records.
    #[serde(skip)]
    pub has_stacks: (bool, bool),
    /// The most frames shown of each stack.
    #[serde(skip)]
    pub depth: usize,
    /// When each file was exported (nanoseconds since the UNIX epoch).
    pub old_exported: u64,
    /// See `old_exported`.
    pub new_exported: u64,
    /// Whether either file's records carry a type or variable name.
    pub carries_names: bool,
    /// How each size bucket (powers of two) changed, smallest sizes
    /// first; buckets empty in both files left out.
    pub by_size: Vec<SizeChange>,
    /// The largest blocks of NEW allocated after OLD was exported,
    /// largest first, at most `top`.
    pub largest_new: Vec<ShownRecord>,
}

/// How one size bucket changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SizeChange {
    /// The smallest size in the bucket.
    pub min: u64,
    /// The largest size in the bucket.
    pub max: u64,
    /// Records of a size in the bucket, in each file.
    #[serde(flatten)]
    pub tally: TallyChange,
}

impl Diff {
    /// The difference from `old` to `new`, both numbering their names by
    /// `names`, keeping the `top` biggest growths of each list.
    pub fn between(old: &Aggregate, new: &Aggregate, names: &Names, top: usize) -> Self {
        let mut by_type = changes(&names.types, &old.by_type, &new.by_type);
        let mut by_var = changes(&names.vars, &old.by_var, &new.by_var);
        let (types_changed, vars_changed) = (by_type.len(), by_var.len());
        by_type.truncate(top);
        by_var.truncate(top);
        let total = |what: &str, old, new| Change::new(ShownName::of(what), old, new);
        Diff {
            totals: vec![
                total("all records", old.total, new.total),
                total("without var_name", old.unnamed, new.unnamed),
                total("without type_name", old.untyped, new.untyped),
            ],
            by_type,
            types_changed,
            other_types: total("other names", old.by_type.other, new.by_type.other),
            by_var,
            vars_changed,
            other_vars: total("other names", old.by_var.other, new.by_var.other),
            max_names: names.types.max(),
            by_stack: None,
            stacks_changed: None,
            has_stacks: (false, false),
            depth: 0,
            old_exported: old.exported,
            new_exported: new.exported,
            carries_names: old.has_names() || new.has_names(),
            by_size: size_changes(old, new),
            largest_new: Vec::new(),
        }
    }

    /// Adds the largest blocks `new` kept: those allocated after the old
    /// file was exported (see [`Aggregate::of_file_keeping_newer`]).
    pub fn with_new_blocks(mut self, new: Aggregate) -> Self {
        self.largest_new = new.into_largest();
        self
    }

    /// Adds the comparison by call stack of `old` and `new`, when both
    /// have stacks: the `top` biggest growths, `depth` frames each.
    pub fn with_stacks(
        mut self,
        old: &Aggregate,
        new: &Aggregate,
        top: usize,
        depth: usize,
    ) -> Self {
        self.has_stacks = (old.stacks.is_some(), new.stacks.is_some());
        self.depth = depth;
        if let (Some(old_stacks), Some(new_stacks)) = (&old.stacks, &new.stacks) {
            let (rows, changed) = stack_changes(
                Side {
                    stacks: old_stacks,
                    counts: &old.by_stack,
                },
                Side {
                    stacks: new_stacks,
                    counts: &new.by_stack,
                },
                top,
                depth,
            );
            self.by_stack = Some(rows);
            self.stacks_changed = Some(changed);
        }
        self
    }

    /// Writes the difference for people.
    pub fn write_text(&self, old: &Path, new: &Path, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "old  {} (exported {})",
            escape_text(&old.to_string_lossy()),
            utc_datetime(self.old_exported)
        )?;
        writeln!(
            out,
            "new  {} (exported {})",
            escape_text(&new.to_string_lossy()),
            utc_datetime(self.new_exported)
        )?;
        writeln!(out, "\ntotals")?;
        changes_table("records", &self.totals).write_to(out)?;
        if self.carries_names {
            self.write_names(out)?;
        } else if self.has_stacks == (false, false) {
            writeln!(out, "\n{NO_NAMES_NOTE}")?;
        } else {
            writeln!(
                out,
                "\nby type and variable name: neither file carries names"
            )?;
        }
        self.write_stacks(out)?;
        self.write_sizes(out)?;
        writeln!(
            out,
            "\nlargest blocks allocated since OLD was exported (top {}; a block reallocated since counts as new)",
            self.largest_new.len()
        )?;
        if self.old_exported > self.new_exported {
            writeln!(
                out,
                "  note: OLD was exported after NEW; are they in the right order?"
            )?;
        }
        if self.largest_new.is_empty() {
            writeln!(out, "  none")
        } else {
            records_table(&self.largest_new, false).write_to(out)
        }
    }

    /// Growth by size bucket.
    fn write_sizes(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "\nby size, smallest first")?;
        if !self.by_size.iter().any(|b| b.tally.is_change()) {
            return writeln!(out, "  no change");
        }
        let mut columns = vec![("from", Align::Right), ("below", Align::Right)];
        columns.extend(TallyChange::COLUMNS.map(|c| (c, Align::Right)));
        let mut table = Table::new(&columns);
        for b in &self.by_size {
            let below = match b.max.checked_add(1) {
                Some(end) => short_bytes(end),
                None => "16 EiB".to_string(),
            };
            let mut row = vec![short_bytes(b.min), below];
            row.extend(b.tally.cells());
            table.row(row);
        }
        table.write_to(out)
    }

    /// The comparisons by type name and by variable name.
    fn write_names(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "\nby type name, largest growth first (top {} of {} changed)",
            self.by_type.len(),
            self.types_changed
        )?;
        write_changes("type_name", &self.by_type, out)?;
        self.write_other("type names", &self.other_types, out)?;
        writeln!(
            out,
            "\nby variable name, largest growth first (top {} of {} changed)",
            self.by_var.len(),
            self.vars_changed
        )?;
        write_changes("var_name", &self.by_var, out)?;
        self.write_other("variable names", &self.other_vars, out)
    }

    /// The comparison by call stack, or why there is none (nothing when
    /// neither file has stacks).
    fn write_stacks(&self, out: &mut impl Write) -> io::Result<()> {
        match (&self.by_stack, self.has_stacks) {
            (Some(rows), _) => {
                writeln!(
                    out,
                    "\nby call stack, largest growth first (top {} of {} changed; frames innermost first, at most {}: --depth)",
                    rows.len(),
                    self.stacks_changed.unwrap_or(0),
                    self.depth
                )?;
                if rows.is_empty() {
                    writeln!(out, "  no change")
                } else {
                    stacks::changes_table(rows).write_to(out)
                }
            }
            (None, (true, false)) => writeln!(
                out,
                "\nby call stack: not compared, only OLD has call stacks"
            ),
            (None, (false, true)) => writeln!(
                out,
                "\nby call stack: not compared, only NEW has call stacks"
            ),
            (None, _) => Ok(()),
        }
    }

    /// The line for the records under names past `--max-names`, if either
    /// file has any.
    fn write_other(&self, what: &str, other: &Change, out: &mut impl Write) -> io::Result<()> {
        let other = &other.tally;
        if other.old_count == 0 && other.new_count == 0 {
            return Ok(());
        }
        writeln!(
            out,
            "  other {what} (past the first {}, see --max-names): {} -> {} records ({}), {} -> {} bytes ({})",
            self.max_names,
            other.old_count,
            other.new_count,
            signed(other.count_delta),
            other.old_bytes,
            other.new_bytes,
            signed(other.bytes_delta)
        )
    }
}

/// Every size bucket non-empty in `old` or `new`, smallest sizes first.
fn size_changes(old: &Aggregate, new: &Aggregate) -> Vec<SizeChange> {
    old.histogram
        .iter()
        .zip(&new.histogram)
        .enumerate()
        .filter(|(_, (o, n))| o.count > 0 || n.count > 0)
        .map(|(bucket, (&o, &n))| {
            let (min, max) = bucket_bounds(bucket);
            SizeChange {
                min,
                max,
                tally: TallyChange::new(o, n),
            }
        })
        .collect()
}

fn write_changes(title: &'static str, changes: &[Change], out: &mut impl Write) -> io::Result<()> {
    if changes.is_empty() {
        writeln!(out, "  no change")
    } else {
        changes_table(title, changes).write_to(out)
    }
}

fn changes_table(title: &'static str, changes: &[Change]) -> Table {
    let mut columns = vec![(title, Align::Left)];
    columns.extend(TallyChange::COLUMNS.map(|c| (c, Align::Right)));
    let mut table = Table::new(&columns);
    for c in changes {
        let mut row = vec![c.name.cell()];
        row.extend(c.tally.cells());
        table.row(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `names` and each file's counts under them.
    fn tallies(old: &[(&str, u64, u64)], new: &[(&str, u64, u64)]) -> (NameTable, Counts, Counts) {
        let mut table = NameTable::new(100);
        let mut counts = |entries: &[(&str, u64, u64)]| {
            let mut counts = Counts::default();
            for &(name, count, bytes) in entries {
                let number = table.number(name).unwrap();
                for i in 0..count {
                    // `count` records adding up to `bytes`.
                    counts.add_for_test(number, if i == 0 { bytes } else { 0 });
                }
            }
            counts
        };
        let old = counts(old);
        let new = counts(new);
        (table, old, new)
    }

    fn changed(old: &[(&str, u64, u64)], new: &[(&str, u64, u64)]) -> Vec<Change> {
        let (table, old, new) = tallies(old, new);
        changes(&table, &old, &new)
    }

    #[test]
    fn growth_comes_first_and_shrinks_last() {
        let changes = changed(
            &[("Vec<u8>", 10, 1000), ("String", 5, 500), ("Gone", 1, 64)],
            &[("Vec<u8>", 12, 3000), ("String", 4, 400), ("Born", 2, 128)],
        );
        let got: Vec<(&str, i128, i128)> = changes
            .iter()
            .map(|c| {
                (
                    c.name.name.as_str(),
                    c.tally.count_delta,
                    c.tally.bytes_delta,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Vec<u8>", 2, 2000),
                ("Born", 2, 128),
                ("Gone", -1, -64),
                ("String", -1, -100)
            ]
        );
    }

    #[test]
    fn unchanged_names_are_left_out() {
        let got = changed(
            &[("Same", 3, 300), ("Moved", 1, 100)],
            &[("Same", 3, 300), ("Moved", 2, 100)],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0],
            Change {
                name: ShownName::of("Moved"),
                tally: TallyChange {
                    old_count: 1,
                    new_count: 2,
                    count_delta: 1,
                    old_bytes: 100,
                    new_bytes: 100,
                    bytes_delta: 0,
                },
            }
        );
    }

    #[test]
    fn equal_growth_is_ordered_by_count_growth_then_name() {
        let names: Vec<String> = changed(&[], &[("b", 1, 50), ("a", 1, 50), ("c", 5, 50)])
            .into_iter()
            .map(|c| c.name.name)
            .collect();
        assert_eq!(names, ["c", "a", "b"]);
    }

    #[test]
    fn deltas_do_not_overflow_at_the_extremes() {
        let c = Change::new(
            ShownName::of("x"),
            Tally {
                count: u64::MAX,
                bytes: u64::MAX,
            },
            Tally::default(),
        );
        assert_eq!(c.tally.bytes_delta, -i128::from(u64::MAX));
    }
}
