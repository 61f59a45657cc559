//! `summary FILE`: where the memory is. With call stacks, by default: the
//! call stacks holding the most, with the program's frames. `--by` picks
//! one view: by stack, by function, source file or crate (where the
//! blocks were allocated, and anywhere in their stacks), by thread, by
//! type name, by variable name. Without call stacks, by default: the
//! type and variable names holding the most, the largest blocks and a
//! size histogram.
//!
//! The counting and the views are `memscope-analysis`'s; this file is
//! their text.

use std::io::{self, Write};
use std::path::PathBuf;

use memscope_analysis::{
    DEFAULT_DEPTH, DEFAULT_MAX_NAMES, Grouped, Grouping, Measure, Naming, Options, PeakNote,
    Summary, Tally, TopStacks,
};
use serde::Serialize;

use crate::error::CliError;
use crate::input;
use crate::json;
use crate::measure::{MeasureArgs, counted, option_of, write_measure_heading, write_peak_note};
use crate::progress::Output;
use crate::stacks::stacks_table;
use crate::table::{Align, Table, cell_text, largest_table, share_table};
use crate::units::{human_bytes, percent, short_bytes};

/// Where the memory is: by call stack when the file has them; else bytes
/// by type name, the largest allocations, the top variables, a size
/// histogram
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file
    pub file: PathBuf,
    /// How many entries each list shows
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// How many distinct type names, and variable names, are counted each
    /// on its own; blocks under further names are counted as "other
    /// names" (this bounds memory: each name kept is at most 256 bytes)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NAMES)]
    pub max_names: u32,
    /// Group the blocks by one thing only. Default: `stack` for a file
    /// with call stacks; for a file without, every list (type names,
    /// largest allocations, variables, size histogram)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub by: Option<By>,
    /// How many frames of each call stack are shown, innermost first
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEPTH)]
    pub depth: usize,
    /// Show whole function names, as the symbolizer gave them, instead of
    /// short labels (crate paths without generic arguments)
    #[arg(long)]
    pub full_names: bool,
    /// Show absolute source paths instead of paths relative to the
    /// program's workspace, the library's crate or the dependency
    #[arg(long)]
    pub full_paths: bool,
    /// Which blocks to count
    #[command(flatten)]
    pub measure: MeasureArgs,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

impl Args {
    /// What clap cannot check: a view that only the records can give
    /// (by thread, type or variable name) asked with a measure from the
    /// call-site totals.
    pub fn usage_problem(&self) -> Option<String> {
        let measure = self.measure.measure();
        let by = self
            .by
            .filter(|by| matches!(by, By::Type | By::Var | By::Thread))?;
        (measure != Measure::Now).then(|| {
            format!(
                "--by {} counts the file's records, which are the blocks live now: it cannot be \
                 combined with {} (the call-site totals are per call stack)",
                by.name(),
                option_of(measure)
            )
        })
    }
}

/// What `summary --by` groups the blocks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Call stacks, most live bytes first, with the program's frames
    Stack,
    /// The function where each block was allocated (its call site: the
    /// innermost frame of the program), and any function of its stack
    /// outside the allocator, the runtime and the standard library
    Function,
    /// The source file of the call site, and any file of the stack
    File,
    /// The crate that owns the call site (which dependency holds the
    /// heap), and any crate of the stack
    Crate,
    /// The type name
    Type,
    /// The variable name
    Var,
    /// The thread that allocated each block (files exported with call
    /// stacks carry it)
    Thread,
}

impl By {
    /// Its name on the command line.
    fn name(self) -> &'static str {
        match self {
            By::Stack => "stack",
            By::Function => "function",
            By::File => "file",
            By::Crate => "crate",
            By::Type => "type",
            By::Var => "var",
            By::Thread => "thread",
        }
    }

    /// The grouping it is, for all but `stack`.
    fn grouping(self) -> Option<Grouping> {
        Some(match self {
            By::Stack => return None,
            By::Function => Grouping::Function,
            By::File => Grouping::File,
            By::Crate => Grouping::Crate,
            By::Type => Grouping::Type,
            By::Var => Grouping::Var,
            By::Thread => Grouping::Thread,
        })
    }

    /// Whether the view needs call stacks.
    fn needs_stacks(self) -> bool {
        matches!(self, By::Stack | By::Function | By::File | By::Crate)
    }
}

/// What the text says of a file whose blocks carry no name and which has
/// no call stacks: what it cannot tell, and how to get it.
pub const NO_NAMES_NOTE: &str = "\
no record carries a name (type_name, var_name) and there are no call stacks, so which code or \
variable holds the memory cannot be told; shown instead: totals, sizes and the largest blocks.
  for call sites: record with TrackingAllocator::with_call_stacks() (and frame pointers)
  for names: export with include_details(true) and name values with track_var!";

/// Runs `summary`: reads the file and prints the summary, as text or as
/// JSON.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let path = &args.file;
    let reader = input::open(path, Output::Stdout)?;
    let has_stacks = reader.stacks().is_some();
    let by = args.by.or(has_stacks.then_some(By::Stack));
    if let Some(by) = by.filter(|by| by.needs_stacks())
        && !has_stacks
    {
        return Err(CliError::NoStacks {
            path: path.clone(),
            needed_by: format!("--by {}", by.name()),
        });
    }
    if by == Some(By::Thread) && reader.threads().is_none() {
        return Err(CliError::NoThreads {
            path: path.clone(),
            reason: if has_stacks {
                "call stacks but no tHRD segment: exported with BinaryExportConfig::threads(false)"
            } else {
                "threads come with call stacks: record them with \
                 TrackingAllocator::with_call_stacks() and export with call_stacks(true)"
            },
        });
    }
    let measure = args.measure.measure();
    let options = Options {
        max_names: args.max_names,
        largest: if by.is_none() { args.top } else { 0 },
    };
    let analysis = memscope_analysis::Analysis::of_reader(reader, options)
        .map_err(|e| CliError::input(path, e.into_format_error().in_file(path)))?;
    let note = analysis.peak_note();
    let analysis = counted(&analysis, measure, path)?;
    let naming = Naming {
        full_names: args.full_names,
        full_paths: args.full_paths,
    };
    let total = analysis.total();
    let sampled = analysis.sample_mean();
    if !args.json {
        let mut notes = || -> io::Result<()> {
            if let Some(mean) = sampled {
                write_sampling_note(mean, out)?;
            }
            match measure {
                Measure::Now => write_peak_note(&note, out),
                _ => write_measure_heading(measure, &note, sampled.is_some(), out),
            }
        };
        notes().map_err(CliError::stdout)?;
    }
    let written = match by {
        None if measure != Measure::Now => {
            if args.json {
                json::write_pretty(out, &View::new(total, sampled, None, &note).at(measure))
            } else {
                write_totals(total, measure, out)
            }
        }
        None => {
            let summary = analysis.summary(args.top, naming);
            if args.json {
                json::write_pretty(out, &summary)
            } else {
                write_summary(&summary, out)
            }
        }
        Some(By::Stack) => {
            let stacks = analysis.top_stacks(args.top, args.depth, naming);
            if args.json {
                let view = View::new(total, sampled, Some(By::Stack), &stacks);
                json::write_pretty(out, &view.at(measure).with_peak(note))
            } else {
                write_stacks(total, measure, &stacks, out)
            }
        }
        Some(by) => {
            let grouping = by.grouping().unwrap_or(Grouping::Function);
            let grouped = analysis.group(grouping, args.top, naming);
            if args.json {
                let view = View::new(total, sampled, None, &grouped);
                json::write_pretty(out, &view.at(measure).with_peak(note))
            } else {
                write_grouped(total, measure, &grouped, analysis.names().types.max(), out)
            }
        }
    };
    written.map_err(CliError::stdout)
}

/// What `summary --by WHAT --json` prints: the totals, what the blocks
/// are grouped by (unless the view says it), and the view's fields.
#[derive(Debug, Serialize)]
struct View<'a, T> {
    records: u64,
    bytes: u64,
    /// When the records are samples: their mean gap in bytes (the counts
    /// are estimates).
    #[serde(skip_serializing_if = "Option::is_none")]
    sample_mean: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<By>,
    /// Which blocks are counted.
    measure: Measure,
    /// How the file stands to its run's peak.
    #[serde(skip_serializing_if = "Option::is_none")]
    peak: Option<PeakNote>,
    #[serde(flatten)]
    view: &'a T,
}

impl<'a, T> View<'a, T> {
    fn new(total: Tally, sample_mean: Option<u64>, by: Option<By>, view: &'a T) -> Self {
        View {
            records: total.count,
            bytes: total.bytes,
            sample_mean,
            by,
            measure: Measure::Now,
            peak: None,
            view,
        }
    }

    /// The view counts the blocks `measure` counts.
    fn at(mut self, measure: Measure) -> Self {
        self.measure = measure;
        self
    }

    /// With how the file stands to its run's peak.
    fn with_peak(mut self, note: PeakNote) -> Self {
        self.peak = Some(note);
        self
    }
}

/// What the text says first of a sampled file: that what follows are
/// estimates, and from what.
pub fn write_sampling_note(mean: u64, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "sampled: about one block per {} allocated was recorded; the counts and bytes below are \
         estimates (each sample weighted by 1/(1 - e^(-size/{mean}))), the largest blocks are samples",
        short_bytes(mean)
    )
}

/// `N records holding B bytes (H)`.
fn write_totals(total: Tally, measure: Measure, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{} {} holding {} bytes ({})",
        total.count,
        if measure == Measure::Now {
            "records"
        } else {
            "blocks"
        },
        total.bytes,
        human_bytes(total.bytes)
    )
}

/// `  WHAT: N holding B bytes (S%)`.
fn write_tally(what: &str, tally: Tally, total: u64, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "  {what}: {} holding {} bytes ({})",
        tally.count,
        tally.bytes,
        percent(tally.bytes, total)
    )
}

/// The line for the blocks under names past `--max-names`, if any.
fn write_other(
    what: &str,
    other: Tally,
    max_names: usize,
    total: u64,
    out: &mut impl Write,
) -> io::Result<()> {
    if other.count == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "  other {what} (past the first {max_names}, see --max-names): {} records holding {} bytes ({})",
        other.count,
        other.bytes,
        percent(other.bytes, total)
    )
}

/// The stacks holding the most.
fn write_stacks(
    total: Tally,
    measure: Measure,
    stacks: &TopStacks,
    out: &mut impl Write,
) -> io::Result<()> {
    write_totals(total, measure, out)?;
    writeln!(
        out,
        "\nby call stack, most {} first (top {} of {} stacks; frames innermost first, at most {}: --depth)",
        match measure {
            Measure::Now | Measure::Peak => "live bytes",
            Measure::Total => "bytes allocated",
            Measure::Temporary => "bytes allocated temporarily",
        },
        stacks.stacks.len(),
        stacks.stack_count,
        stacks.depth
    )?;
    stacks_table(&stacks.stacks, total.bytes).write_to(out)?;
    write_tally(
        "records without a call stack",
        stacks.without_stack,
        total.bytes,
        out,
    )
}

/// The table of `groups` under `title`: count, bytes and share of
/// `total`. Names (by type and variable) are quoted where they could be
/// mistaken.
fn group_table(
    title: &'static str,
    grouped: &Grouped,
    rows: &[memscope_analysis::Group],
    total: u64,
) -> Table {
    let names = matches!(grouped.by, Grouping::Type | Grouping::Var);
    let rows = rows.iter().map(|row| {
        let label = if names {
            group_name(row)
        } else {
            row.label.clone()
        };
        (vec![label], row.count, row.bytes)
    });
    share_table(&[(title, Align::Left)], rows, total)
}

/// One grouping.
fn write_grouped(
    total: Tally,
    measure: Measure,
    grouped: &Grouped,
    max_names: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    write_totals(total, measure, out)?;
    let what = grouped.by.name();
    match grouped.by {
        Grouping::Function | Grouping::File | Grouping::Crate => {
            writeln!(
                out,
                "\nby {what} at the call site, the innermost frame of the program (top {} of {})",
                grouped.rows.len(),
                grouped.distinct
            )?;
            group_table(title_of(grouped.by), grouped, &grouped.rows, total.bytes).write_to(out)?;
            if grouped.without.count > 0 {
                let what = if grouped.by == Grouping::File {
                    "records without a call stack, or whose call site has no file"
                } else {
                    "records without a call stack"
                };
                write_tally(what, grouped.without, total.bytes, out)?;
            }
            if let (Some(inclusive), Some(distinct)) =
                (&grouped.inclusive, grouped.inclusive_distinct)
            {
                writeln!(
                    out,
                    "\nby {what} anywhere in the stack (once per record), the allocator, runtime and std left out (top {} of {distinct})",
                    inclusive.len(),
                )?;
                group_table(title_of(grouped.by), grouped, inclusive, total.bytes).write_to(out)?;
            }
            Ok(())
        }
        Grouping::Thread => {
            writeln!(
                out,
                "\nby allocating thread (top {} of {})",
                grouped.rows.len(),
                grouped.distinct
            )?;
            let rows = grouped.rows.iter().map(|row| {
                let id = row.thread_id.map_or_else(String::new, |id| id.to_string());
                let name = if row.name_bytes == 0 {
                    row.label.clone()
                } else {
                    group_name(row)
                };
                (vec![id, name], row.count, row.bytes)
            });
            let leading = [("thread", Align::Right), ("name", Align::Left)];
            share_table(&leading, rows, total.bytes).write_to(out)?;
            if grouped.without.count > 0 {
                write_tally(
                    "records whose thread is unknown",
                    grouped.without,
                    total.bytes,
                    out,
                )?;
            }
            Ok(())
        }
        Grouping::Type => write_names(
            (
                "by type name",
                "type_name",
                "type names",
                "records without a type name",
            ),
            grouped,
            max_names,
            total,
            out,
        ),
        Grouping::Var => write_names(
            (
                "variables",
                "var_name",
                "variable names",
                "records without a var_name",
            ),
            grouped,
            max_names,
            total,
            out,
        ),
    }
}

/// A grouping by type or variable name: its heading, its table (`column`
/// its first column's title), the blocks under names past `--max-names`
/// (`other`) and those without a name (`without`).
fn write_names(
    (heading, column, other, without): (&str, &'static str, &str, &str),
    grouped: &Grouped,
    max_names: usize,
    total: Tally,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "\n{heading} (top {} of {})",
        grouped.rows.len(),
        grouped.distinct
    )?;
    group_table(column, grouped, &grouped.rows, total.bytes).write_to(out)?;
    write_other(other, grouped.other_names, max_names, total.bytes, out)?;
    write_tally(without, grouped.without, total.bytes, out)
}

/// The first column's title of a grouping by frame.
fn title_of(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Function => "function",
        Grouping::File => "file",
        Grouping::Crate => "crate",
        Grouping::Thread => "thread",
        Grouping::Type => "type_name",
        Grouping::Var => "var_name",
    }
}

/// The whole summary of a file without `--by`.
fn write_summary(summary: &Summary, out: &mut impl Write) -> io::Result<()> {
    let total = Tally::new(summary.records, summary.bytes);
    write_totals(total, Measure::Now, out)?;
    if summary.carries_names {
        writeln!(
            out,
            "\nby type name (top {} of {})",
            summary.by_type.len(),
            summary.type_names
        )?;
        names_table("type_name", &summary.by_type, summary.bytes).write_to(out)?;
        write_other(
            "type names",
            summary.other_types,
            summary.max_names,
            summary.bytes,
            out,
        )?;
        write_tally(
            "records without a type name",
            summary.untyped,
            summary.bytes,
            out,
        )?;
    } else if summary.records > 0 && !summary.has_stacks {
        writeln!(out, "\n{NO_NAMES_NOTE}")?;
    }

    writeln!(out, "\nlargest allocations (top {})", summary.largest.len())?;
    largest_table(&summary.largest, summary.has_stacks).write_to(out)?;

    if summary.carries_names {
        writeln!(
            out,
            "\nvariables (top {} of {})",
            summary.variables.len(),
            summary.var_names
        )?;
        names_table("var_name", &summary.variables, summary.bytes).write_to(out)?;
        write_other(
            "variable names",
            summary.other_vars,
            summary.max_names,
            summary.bytes,
            out,
        )?;
        writeln!(
            out,
            "\nunnamed: {} records without a var_name hold {} bytes ({}, {})",
            summary.unnamed.count,
            summary.unnamed.bytes,
            human_bytes(summary.unnamed.bytes),
            percent(summary.unnamed.bytes, summary.bytes)
        )?;
    }

    writeln!(out, "\nsize histogram")?;
    let mut histogram = Table::new(&[
        ("from", Align::Right),
        ("below", Align::Right),
        ("count", Align::Right),
        ("bytes", Align::Right),
        ("share", Align::Right),
        ("records", Align::Left),
    ]);
    let most = summary.histogram.iter().map(|b| b.count).max().unwrap_or(0);
    for b in &summary.histogram {
        let below = match b.max.checked_add(1) {
            Some(end) => short_bytes(end),
            None => "16 EiB".to_string(),
        };
        histogram.row(vec![
            short_bytes(b.min),
            below,
            b.count.to_string(),
            b.bytes.to_string(),
            percent(b.bytes, summary.bytes),
            bar(b.count, most, 40),
        ]);
    }
    histogram.write_to(out)
}

/// The table of named groups under `title`.
fn names_table(title: &'static str, rows: &[memscope_analysis::Group], total: u64) -> Table {
    let rows = rows
        .iter()
        .map(|row| (vec![group_name(row)], row.count, row.bytes));
    share_table(&[(title, Align::Left)], rows, total)
}

/// A group's name in a cell: quoted where it could be mistaken, `…` after
/// a name that was cut.
fn group_name(row: &memscope_analysis::Group) -> String {
    let mut cell = cell_text(&row.label);
    if row.is_cut() {
        cell.push('…');
    }
    cell
}

/// A bar of `#` as long as `value` is of `most`, at most `width`; at least
/// one `#` for any non-zero value.
fn bar(value: u64, most: u64, width: usize) -> String {
    if value == 0 || most == 0 {
        return String::new();
    }
    let len = (value as u128 * width as u128).div_ceil(most as u128) as usize;
    "#".repeat(len.clamp(1, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish() {
        assert_eq!(bar(10, 10, 4), "####");
        assert_eq!(bar(5, 10, 4), "##");
        assert_eq!(bar(1, 1000, 4), "#");
        assert_eq!(bar(0, 1000, 4), "");
    }
}
