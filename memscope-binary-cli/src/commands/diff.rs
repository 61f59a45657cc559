//! `diff OLD NEW`: what grew between two exports of one program: the
//! totals, by type name and by variable name, by call site and by call
//! stack when both files have them, biggest growth first; then by size,
//! and the largest blocks allocated since OLD was exported (what any two
//! files can show, names and stacks or not).
//!
//! The comparison is `memscope-analysis`'s ([`Comparison::diff`]); this
//! file is its text.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use memscope_analysis::{
    Change, Comparison, DEFAULT_DEPTH, DEFAULT_MAX_NAMES, Diff, Naming, Options,
};
use memscope_export::escape::escape_text;

use crate::commands::summary::NO_NAMES_NOTE;
use crate::error::CliError;
use crate::input;
use crate::json;
use crate::progress::Output;
use crate::stacks::{self, CHANGE_COLUMNS, change_cells};
use crate::table::{Align, Shrink, Table, cell_text, largest_table};
use crate::units::{short_bytes, signed, utc_datetime};

/// What grew from OLD to NEW: by type name and by variable name, and by
/// call site and call stack when both have them (stacks matched by their
/// frames)
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
    /// first); blocks under further names are compared as "other names"
    /// (this bounds memory: each name kept is at most 256 bytes)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NAMES)]
    pub max_names: u32,
    /// How many frames of each call stack are shown, innermost first
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEPTH)]
    pub depth: usize,
    /// Show whole function names instead of short labels
    #[arg(long)]
    pub full_names: bool,
    /// Show absolute source paths
    #[arg(long)]
    pub full_paths: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs `diff`: reads both files and prints what changed, as text or as
/// JSON.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let options = Options {
        max_names: args.max_names,
        largest: args.top,
    };
    let comparison: Comparison = input::compare(&args.old, &args.new, options, Output::Stdout)?;
    let naming = Naming {
        full_names: args.full_names,
        full_paths: args.full_paths,
    };
    let diff = comparison.diff(args.top, args.depth, naming);
    let written = if args.json {
        json::write_pretty(out, &diff)
    } else {
        write_text(&diff, &args.old, &args.new, out)
    };
    written.map_err(CliError::stdout)
}

/// A change's label in a cell: quoted where it could be mistaken, `…`
/// after a name that was cut.
fn label_cell(change: &Change, names: bool) -> String {
    if !names {
        return change.label.clone();
    }
    let mut cell = cell_text(&change.label);
    if change.is_cut() {
        cell.push('…');
    }
    cell
}

/// Writes the difference for people.
fn write_text(diff: &Diff, old: &Path, new: &Path, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "old  {} (exported {})",
        escape_text(&old.to_string_lossy()),
        utc_datetime(diff.old_exported)
    )?;
    writeln!(
        out,
        "new  {} (exported {})",
        escape_text(&new.to_string_lossy()),
        utc_datetime(diff.new_exported)
    )?;
    writeln!(out, "\ntotals")?;
    changes_table("records", &diff.totals, false).write_to(out)?;
    if diff.carries_names {
        write_names(diff, out)?;
    } else if diff.has_stacks == (false, false) {
        writeln!(out, "\n{NO_NAMES_NOTE}")?;
    } else {
        writeln!(
            out,
            "\nby type and variable name: neither file carries names"
        )?;
    }
    write_call_sites(diff, out)?;
    write_stacks(diff, out)?;
    write_sizes(diff, out)?;
    writeln!(
        out,
        "\nlargest blocks allocated since OLD was exported (top {}; a block reallocated since counts as new)",
        diff.largest_new.len()
    )?;
    if diff.old_exported > diff.new_exported {
        writeln!(
            out,
            "  note: OLD was exported after NEW; are they in the right order?"
        )?;
    }
    if diff.largest_new.is_empty() {
        writeln!(out, "  none")
    } else {
        largest_table(&diff.largest_new, diff.has_stacks.1).write_to(out)
    }
}

/// Growth by size bucket.
fn write_sizes(diff: &Diff, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "\nby size, smallest first")?;
    if !diff.by_size.iter().any(|b| b.tally.is_change()) {
        return writeln!(out, "  no change");
    }
    let mut columns = vec![("from", Align::Right), ("below", Align::Right)];
    columns.extend(CHANGE_COLUMNS.map(|c| (c, Align::Right)));
    let mut table = Table::new(&columns);
    for b in &diff.by_size {
        let below = match b.max.checked_add(1) {
            Some(end) => short_bytes(end),
            None => "16 EiB".to_string(),
        };
        let mut row = vec![short_bytes(b.min), below];
        row.extend(change_cells(&b.tally));
        table.row(row);
    }
    table.write_to(out)
}

/// The comparisons by type name and by variable name.
fn write_names(diff: &Diff, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "\nby type name, largest growth first (top {} of {} changed)",
        diff.by_type.len(),
        diff.types_changed
    )?;
    write_changes("type_name", &diff.by_type, true, out)?;
    write_other(diff, "type names", &diff.other_types, out)?;
    writeln!(
        out,
        "\nby variable name, largest growth first (top {} of {} changed)",
        diff.by_var.len(),
        diff.vars_changed
    )?;
    write_changes("var_name", &diff.by_var, true, out)?;
    write_other(diff, "variable names", &diff.other_vars, out)
}

/// The comparison by call site, when both files have stacks.
fn write_call_sites(diff: &Diff, out: &mut impl Write) -> io::Result<()> {
    let Some(rows) = &diff.by_call_site else {
        return Ok(());
    };
    writeln!(
        out,
        "\nby call site, the innermost frame of the program, largest growth first (top {} of {} changed)",
        rows.len(),
        diff.call_sites_changed.unwrap_or(0)
    )?;
    write_changes("function", rows, false, out)
}

/// The comparison by call stack, or why there is none (nothing when
/// neither file has stacks).
fn write_stacks(diff: &Diff, out: &mut impl Write) -> io::Result<()> {
    match (&diff.by_stack, diff.has_stacks) {
        (Some(rows), _) => {
            writeln!(
                out,
                "\nby call stack, largest growth first (top {} of {} changed; frames innermost first, at most {}: --depth)",
                rows.len(),
                diff.stacks_changed.unwrap_or(0),
                diff.depth
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

/// The line for the blocks under names past `--max-names`, if either
/// file has any.
fn write_other(diff: &Diff, what: &str, other: &Change, out: &mut impl Write) -> io::Result<()> {
    let other = &other.tally;
    if other.old_count == 0 && other.new_count == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "  other {what} (past the first {}, see --max-names): {} -> {} records ({}), {} -> {} bytes ({})",
        diff.max_names,
        other.old_count,
        other.new_count,
        signed(other.count_delta),
        other.old_bytes,
        other.new_bytes,
        signed(other.bytes_delta)
    )
}

fn write_changes(
    title: &'static str,
    changes: &[Change],
    names: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    if changes.is_empty() {
        writeln!(out, "  no change")
    } else {
        changes_table(title, changes, names).write_to(out)
    }
}

fn changes_table(title: &'static str, changes: &[Change], names: bool) -> Table {
    let mut columns = vec![(title, Align::Left)];
    columns.extend(CHANGE_COLUMNS.map(|c| (c, Align::Right)));
    let mut table = Table::new(&columns).shrink(0, Shrink::Middle);
    for change in changes {
        let mut row = vec![label_cell(change, names)];
        row.extend(change_cells(&change.tally));
        table.row(row);
    }
    table
}
