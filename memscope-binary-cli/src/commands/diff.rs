//! `diff OLD NEW`: what grew between two exports of one program: the
//! totals, by type name and by variable name, by call site and by call
//! stack when both files have them, biggest growth first; then by size,
//! and the largest blocks allocated since OLD was exported (what any two
//! files can show, names and stacks or not).
//!
//! With `--fail-if-grown PERCENT|SIZE`, it is a check for CI: exit
//! status 3 when all live blocks together, or the blocks of any one call
//! site, grew by more than that.
//!
//! The comparison is `memscope-analysis`'s ([`Comparison::diff`], and
//! [`Comparison::growth`] for the limit); this file is its text, JSON and
//! Markdown.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use memscope_analysis::limits::{Growth, GrowthCheck, Threshold};
use memscope_analysis::{
    Change, Comparison, DEFAULT_DEPTH, DEFAULT_MAX_NAMES, Diff, Measure, Naming, Options, PeakNote,
};
use memscope_export::escape::escape_text;
use serde::Serialize;

use crate::commands::Outcome;
use crate::commands::summary::{NO_NAMES_NOTE, write_sampling_note};
use crate::error::CliError;
use crate::format::{Format, FormatArgs};
use crate::input;
use crate::json;
use crate::markdown::{self, MarkdownTable, code, code_cell};
use crate::measure::{MeasureArgs, option_of, write_measure_heading, write_peak_note};
use crate::progress::Output;
use crate::stacks::{self, CHANGE_COLUMNS, change_cells};
use crate::table::{Align, Shrink, Table, cell_text, largest_table};
use crate::units::{human_bytes, parse_threshold, short_bytes, signed, signed_bytes, utc_datetime};

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
    /// Exit with status 3 when all live blocks together, or those of any
    /// one call site, grew by more than this: a size (4096, 64KiB, 1GiB,
    /// 0B) or a percentage of OLD's live bytes (10%, 2.5%)
    #[arg(long, value_name = "PERCENT|SIZE", value_parser = parse_threshold)]
    pub fail_if_grown: Option<Threshold>,
    /// Which blocks are compared (and, with --fail-if-grown, whose
    /// growth is checked)
    #[command(flatten)]
    pub measure: MeasureArgs,
    /// Output format
    #[command(flatten)]
    pub output: FormatArgs,
}

/// What `diff --json` prints: the difference, and with `--fail-if-grown`
/// the check of its growth as `growth`.
#[derive(Debug, Serialize)]
struct Checked<'a> {
    /// Which blocks are compared.
    measure: Measure,
    #[serde(flatten)]
    diff: &'a Diff,
    #[serde(skip_serializing_if = "Option::is_none")]
    growth: Option<&'a GrowthCheck>,
}

/// Runs `diff`: reads both files and prints what changed, as text, JSON
/// or Markdown; with `--fail-if-grown`, [`Outcome::LimitsBroken`] when
/// something grew more than it allows.
pub fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, CliError> {
    let options = Options {
        max_names: args.max_names,
        largest: args.top,
    };
    let comparison: Comparison = input::compare(&args.old, &args.new, options, Output::Stdout)?;
    let measure = args.measure.measure();
    let notes = (
        comparison.old_file().peak_note(),
        comparison.new_file().peak_note(),
    );
    let Some(comparison) = comparison.at(measure) else {
        let old_lacks = comparison.old_file().history().sites.is_none();
        let path = if old_lacks { &args.old } else { &args.new };
        return Err(CliError::NoHistory {
            path: path.clone(),
            option: option_of(measure),
        });
    };
    let naming = Naming {
        full_names: args.full_names,
        full_paths: args.full_paths,
    };
    let diff = comparison.diff(args.top, args.depth, naming);
    let growth = args
        .fail_if_grown
        .map(|threshold| comparison.growth(threshold, naming));
    let paths = (args.old.as_path(), args.new.as_path());
    let written = match args.output.format() {
        Format::Json => json::write_pretty(
            out,
            &Checked {
                measure,
                diff: &diff,
                growth: growth.as_ref(),
            },
        ),
        Format::Text => {
            write_text(&diff, paths, (measure, notes), out).and_then(|()| match &growth {
                Some(growth) => write_growth_text(growth, &diff, out),
                None => Ok(()),
            })
        }
        Format::Markdown => write_markdown(&diff, growth.as_ref(), paths, measure, out),
    };
    written.map_err(CliError::stdout)?;
    Ok(Outcome::of(growth.is_none_or(|g| g.holds)))
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
fn write_text(
    diff: &Diff,
    (old, new): (&Path, &Path),
    (measure, notes): (Measure, (PeakNote, PeakNote)),
    out: &mut impl Write,
) -> io::Result<()> {
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
    for (which, mean) in [("old", diff.sample_means.0), ("new", diff.sample_means.1)] {
        if let Some(mean) = mean {
            write!(out, "{which}  ")?;
            write_sampling_note(mean, out)?;
        }
    }
    let sampled = [diff.sample_means.0.is_some(), diff.sample_means.1.is_some()];
    for ((which, note), sampled) in [("old", &notes.0), ("new", &notes.1)]
        .into_iter()
        .zip(sampled)
    {
        match measure {
            Measure::Now if note.is_far_below() => {
                write!(out, "{which}  ")?;
                write_peak_note(note, out)?;
            }
            Measure::Now => {}
            _ => {
                write!(out, "{which}  ")?;
                write_measure_heading(measure, note, sampled, out)?;
            }
        }
    }
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

/// The threshold as written: `10%`, `64 KiB`.
fn threshold_text(threshold: Threshold) -> String {
    match threshold {
        Threshold::Bytes(bytes) => short_bytes(bytes),
        Threshold::Percent(percent) => percent.to_string(),
    }
}

/// What the growth limit allows: `10% of OLD's 1297152 live bytes,
/// 129715 bytes (126.67 KiB)`, `65536 bytes (64.00 KiB)`.
fn allowance(growth: &GrowthCheck) -> String {
    let bytes = |n: u64| match n {
        0..1024 => format!("{n} bytes"),
        _ => format!("{n} bytes ({})", human_bytes(n)),
    };
    match growth.threshold {
        Threshold::Bytes(allowed) => bytes(allowed),
        Threshold::Percent(percent) => format!(
            "{percent} of OLD's {} live bytes, {}",
            growth.total.old_bytes,
            bytes(growth.total.allowed)
        ),
    }
}

/// What grew too much: `all live blocks and 2 call sites`.
fn over_what(growth: &GrowthCheck) -> String {
    let sites = growth.sites_over.as_ref().map_or(0, Vec::len);
    let sites = match sites {
        0 => None,
        1 => Some("1 call site".to_owned()),
        n => Some(format!("{n} call sites")),
    };
    match (growth.total.holds, sites) {
        (false, Some(sites)) => format!("all live blocks and {sites}"),
        (false, None) => "all live blocks".to_owned(),
        (true, Some(sites)) => sites,
        (true, None) => "nothing".to_owned(),
    }
}

/// What was checked: `all live blocks and 7 changed call sites`, or `all
/// live blocks (not by call site: ...)`.
fn checked(growth: &GrowthCheck, diff: &Diff) -> String {
    match growth.sites_checked {
        Some(count) => format!(
            "all live blocks and for each of the {count} changed call site{}",
            if count == 1 { "" } else { "s" }
        ),
        None => format!(
            "all live blocks (not by call site: {} no call stacks)",
            match diff.has_stacks {
                (true, false) => "NEW has",
                (false, true) => "OLD has",
                _ => "the files have",
            }
        ),
    }
}

/// The growth limit's verdict and what broke it, after the difference.
fn write_growth_text(growth: &GrowthCheck, diff: &Diff, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "\ngrowth limit: {}, for {}",
        allowance(growth),
        checked(growth, diff)
    )?;
    if growth.holds {
        return writeln!(out, "ok: nothing grew by more");
    }
    writeln!(out, "FAILED: {} grew by more", over_what(growth))?;
    let mut table = Table::new(&[
        ("what", Align::Left),
        ("old bytes", Align::Right),
        ("new bytes", Align::Right),
        ("growth", Align::Right),
        ("allowed", Align::Right),
        ("over by", Align::Right),
    ])
    .shrink(0, Shrink::Middle);
    for over in growth.broken() {
        table.row(vec![
            over.label.clone(),
            over.old_bytes.to_string(),
            over.new_bytes.to_string(),
            signed(over.growth),
            over.allowed.to_string(),
            over.over_by.to_string(),
        ]);
    }
    table.write_to(out)
}

/// A growth of `delta` bytes as a share of `base`: `+80.7%`; empty when
/// `base` is 0.
fn growth_share(delta: i128, base: u64) -> String {
    if base == 0 {
        return String::new();
    }
    format!("{:+.1}%", delta as f64 * 100.0 / base as f64)
}

/// Writes the difference for a pull-request comment: a verdict line, the
/// totals, what grew more than allowed, and the call sites that changed
/// most as a table.
fn write_markdown(
    diff: &Diff,
    growth: Option<&GrowthCheck>,
    (old, new): (&Path, &Path),
    measure: Measure,
    out: &mut impl Write,
) -> io::Result<()> {
    match growth {
        Some(g) if g.holds => writeln!(
            out,
            "### ✅ memscope diff: nothing grew by more than {}\n",
            threshold_text(g.threshold)
        )?,
        Some(g) => writeln!(
            out,
            "### ❌ memscope diff: {} grew by more than {}\n",
            over_what(g),
            threshold_text(g.threshold)
        )?,
        None => writeln!(out, "### memscope diff\n")?,
    }
    if measure != Measure::Now {
        writeln!(
            out,
            "Counted: the blocks {}, from each file's call-site totals (\"live\" below means those).\n",
            measure.describe()
        )?;
    }
    if let Some(total) = diff.totals.first() {
        let t = &total.tally;
        writeln!(
            out,
            "{} → {}: live bytes {} → {} ({}{}), live blocks {} → {} ({}).\n",
            code(&old.to_string_lossy()),
            code(&new.to_string_lossy()),
            human_bytes(t.old_bytes),
            human_bytes(t.new_bytes),
            signed_bytes(t.bytes_delta),
            match growth_share(t.bytes_delta, t.old_bytes) {
                share if share.is_empty() => share,
                share => format!(", {share}"),
            },
            t.old_count,
            t.new_count,
            signed(t.count_delta)
        )?;
    }
    if let Some(g) = growth {
        let allowed = match g.threshold {
            Threshold::Bytes(_) => human_bytes(g.total.allowed),
            Threshold::Percent(percent) => format!(
                "{} ({percent} of OLD's live bytes)",
                human_bytes(g.total.allowed)
            ),
        };
        writeln!(
            out,
            "Growth allowed: {allowed}, for {}.\n",
            checked(g, diff)
        )?;
        if !g.holds {
            writeln!(out, "What grew by more:\n")?;
            let mut table = MarkdownTable::new(&[
                ("what", markdown::Align::Left),
                ("old", markdown::Align::Right),
                ("new", markdown::Align::Right),
                ("growth", markdown::Align::Right),
                ("over by", markdown::Align::Right),
            ]);
            if !g.total.holds {
                table.row(growth_cells("all live blocks".to_owned(), &g.total));
            }
            for over in g.sites_over.iter().flatten() {
                table.row(growth_cells(code_cell(&over.label), over));
            }
            table.write_to(out)?;
        }
    }
    let (title, rows, changed) = match (&diff.by_call_site, diff.call_sites_changed) {
        (Some(rows), Some(changed)) => ("call site", rows, changed),
        _ if diff.carries_names => ("type name", &diff.by_type, diff.types_changed),
        _ => {
            return writeln!(
                out,
                "Not compared by call site: {}.",
                match diff.has_stacks {
                    (true, false) => "NEW has no call stacks",
                    (false, true) => "OLD has no call stacks",
                    _ => "the files have no call stacks",
                }
            );
        }
    };
    if rows.is_empty() {
        return writeln!(out, "No {title} changed.");
    }
    writeln!(
        out,
        "The {title}s that changed most (top {} of {changed}, largest growth first):\n",
        rows.len()
    )?;
    let mut table = MarkdownTable::new(&[
        (title, markdown::Align::Left),
        ("old bytes", markdown::Align::Right),
        ("new bytes", markdown::Align::Right),
        ("change", markdown::Align::Right),
        ("blocks", markdown::Align::Right),
    ]);
    for change in rows {
        let t = &change.tally;
        let mut label = code_cell(&change.label);
        if change.is_cut() {
            label.push('…');
        }
        table.row(vec![
            label,
            human_bytes(t.old_bytes),
            human_bytes(t.new_bytes),
            signed_bytes(t.bytes_delta),
            signed(t.count_delta),
        ]);
    }
    table.write_to(out)
}

/// A row of what grew more than allowed, in a Markdown table: `what`, then
/// the bytes.
fn growth_cells(what: String, over: &Growth) -> Vec<String> {
    vec![
        what,
        human_bytes(over.old_bytes),
        human_bytes(over.new_bytes),
        signed_bytes(over.growth),
        human_bytes(over.over_by),
    ]
}
