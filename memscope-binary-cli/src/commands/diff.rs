//! `diff OLD NEW`: what grew between two exports of one program, by type
//! name and by variable name, biggest growth first.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use memscope_export::escape::escape_text;
use serde::Serialize;

use crate::aggregate::{Aggregate, Tally};
use crate::error::CliError;
use crate::json;
use crate::table::{Align, Table, cell_text};
use crate::units::signed;

/// What grew from OLD to NEW, by type name and by variable name
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier export
    pub old: PathBuf,
    /// The later export
    pub new: PathBuf,
    /// How many entries each list shows
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs `diff`: streams both files and prints what changed, as text or as
/// JSON.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let before = Aggregate::of_file(&args.old, 0)?;
    let after = Aggregate::of_file(&args.new, 0)?;
    let diff = Diff::between(&before, &after, args.top);
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
    /// The type or variable name (or, among the totals, what is counted).
    pub name: String,
    /// Records in the old file.
    pub old_count: u64,
    /// Records in the new file.
    pub new_count: u64,
    /// `new_count - old_count`.
    pub count_delta: i128,
    /// Bytes in the old file.
    pub old_bytes: u64,
    /// Bytes in the new file.
    pub new_bytes: u64,
    /// `new_bytes - old_bytes`: the growth, negative for a shrink.
    pub bytes_delta: i128,
}

impl Change {
    /// The change from `old` to `new` under `name`.
    pub fn new(name: impl Into<String>, old: Tally, new: Tally) -> Self {
        Change {
            name: name.into(),
            old_count: old.count,
            new_count: new.count,
            count_delta: i128::from(new.count) - i128::from(old.count),
            old_bytes: old.bytes,
            new_bytes: new.bytes,
            bytes_delta: i128::from(new.bytes) - i128::from(old.bytes),
        }
    }
}

/// Every name whose count or bytes differ between `old` and `new` (a name
/// missing on one side counts as zero there), by byte growth, then count
/// growth, both descending, then name.
pub fn changes(old: &HashMap<String, Tally>, new: &HashMap<String, Tally>) -> Vec<Change> {
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut changes: Vec<Change> = names
        .into_iter()
        .filter_map(|name| {
            let before = old.get(name).copied().unwrap_or_default();
            let after = new.get(name).copied().unwrap_or_default();
            (before != after).then(|| Change::new(name.as_str(), before, after))
        })
        .collect();
    changes.sort_by(|a, b| {
        b.bytes_delta
            .cmp(&a.bytes_delta)
            .then(b.count_delta.cmp(&a.count_delta))
            .then(a.name.cmp(&b.name))
    });
    changes
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
    /// The variable names that grew most, at most `top` of them.
    pub by_var: Vec<Change>,
    /// How many variable names changed at all.
    pub vars_changed: usize,
}

impl Diff {
    /// The difference from `old` to `new`, keeping the `top` biggest
    /// growths of each list.
    pub fn between(old: &Aggregate, new: &Aggregate, top: usize) -> Self {
        let mut by_type = changes(&old.by_type, &new.by_type);
        let mut by_var = changes(&old.by_var, &new.by_var);
        let (types_changed, vars_changed) = (by_type.len(), by_var.len());
        by_type.truncate(top);
        by_var.truncate(top);
        Diff {
            totals: vec![
                Change::new("all records", old.total, new.total),
                Change::new("without var_name", old.unnamed, new.unnamed),
                Change::new("without type_name", old.untyped, new.untyped),
            ],
            by_type,
            types_changed,
            by_var,
            vars_changed,
        }
    }

    /// Writes the difference for people.
    pub fn write_text(&self, old: &Path, new: &Path, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "old  {}", escape_text(&old.to_string_lossy()))?;
        writeln!(out, "new  {}", escape_text(&new.to_string_lossy()))?;
        writeln!(out, "\ntotals")?;
        changes_table("records", &self.totals, false).write_to(out)?;
        writeln!(
            out,
            "\nby type name, largest growth first (top {} of {} changed)",
            self.by_type.len(),
            self.types_changed
        )?;
        write_changes("type_name", &self.by_type, out)?;
        writeln!(
            out,
            "\nby variable name, largest growth first (top {} of {} changed)",
            self.by_var.len(),
            self.vars_changed
        )?;
        write_changes("var_name", &self.by_var, out)
    }
}

fn write_changes(title: &'static str, changes: &[Change], out: &mut impl Write) -> io::Result<()> {
    if changes.is_empty() {
        writeln!(out, "  no change")
    } else {
        changes_table(title, changes, true).write_to(out)
    }
}

fn changes_table(title: &'static str, changes: &[Change], escape: bool) -> Table {
    let mut table = Table::new(&[
        (title, Align::Left),
        ("old count", Align::Right),
        ("new count", Align::Right),
        ("+/- count", Align::Right),
        ("old bytes", Align::Right),
        ("new bytes", Align::Right),
        ("+/- bytes", Align::Right),
    ]);
    for c in changes {
        table.row(vec![
            if escape {
                cell_text(&c.name)
            } else {
                c.name.clone()
            },
            c.old_count.to_string(),
            c.new_count.to_string(),
            signed(c.count_delta),
            c.old_bytes.to_string(),
            c.new_bytes.to_string(),
            signed(c.bytes_delta),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tallies(entries: &[(&str, u64, u64)]) -> HashMap<String, Tally> {
        entries
            .iter()
            .map(|&(name, count, bytes)| (name.to_string(), Tally { count, bytes }))
            .collect()
    }

    #[test]
    fn growth_comes_first_and_shrinks_last() {
        let old = tallies(&[("Vec<u8>", 10, 1000), ("String", 5, 500), ("Gone", 1, 64)]);
        let new = tallies(&[("Vec<u8>", 12, 3000), ("String", 4, 400), ("Born", 2, 128)]);
        let changes = changes(&old, &new);
        let got: Vec<(&str, i128, i128)> = changes
            .iter()
            .map(|c| (c.name.as_str(), c.count_delta, c.bytes_delta))
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
        let old = tallies(&[("Same", 3, 300), ("Moved", 1, 100)]);
        let new = tallies(&[("Same", 3, 300), ("Moved", 2, 100)]);
        let got = changes(&old, &new);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0],
            Change {
                name: "Moved".into(),
                old_count: 1,
                new_count: 2,
                count_delta: 1,
                old_bytes: 100,
                new_bytes: 100,
                bytes_delta: 0,
            }
        );
    }

    #[test]
    fn equal_growth_is_ordered_by_count_growth_then_name() {
        let old = tallies(&[]);
        let new = tallies(&[("b", 1, 50), ("a", 1, 50), ("c", 5, 50)]);
        let names: Vec<String> = changes(&old, &new).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["c", "a", "b"]);
    }

    #[test]
    fn deltas_do_not_overflow_at_the_extremes() {
        let c = Change::new(
            "x",
            Tally {
                count: u64::MAX,
                bytes: u64::MAX,
            },
            Tally::default(),
        );
        assert_eq!(c.bytes_delta, -i128::from(u64::MAX));
    }
}
