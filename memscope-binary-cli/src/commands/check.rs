//! `check FILE --max-live SIZE ...`: whether a file keeps within limits,
//! for CI: live bytes, peak, live blocks, and the bytes of the call sites
//! a pattern matches. Exit status 0 when every limit holds, 3 when one is
//! broken (1 stays an error, 2 a usage error).
//!
//! The evaluation is `memscope-analysis`'s ([`Analysis::check`](memscope_analysis::Analysis::check)); this file
//! is its arguments and its text, JSON and Markdown.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use memscope_analysis::limits::{Check, LimitCheck, Limits, LimitsError, Measure, SiteLimit};
use memscope_analysis::{Grouped, Grouping, Naming, Options};
use memscope_export::escape::{escape_text, quote_text};

use crate::commands::Outcome;
use crate::error::CliError;
use crate::format::{Format, FormatArgs};
use crate::input;
use crate::json;
use crate::markdown::{self, MarkdownTable, code, code_cell};
use crate::measure::{MeasureArgs, counted};
use crate::progress::Output;
use crate::table::{Align, Shrink, Table, share_table};
use crate::units::{exact_bytes, human_bytes, parse_size, percent, short_bytes};

/// Whether FILE keeps its limits, for CI: exit status 0 when every limit
/// holds, 3 when any is broken
///
/// Each breach is named with the limit, what the file holds and by how
/// much it is over. SIZE is a whole number of bytes with an optional
/// binary unit: 4096, 64KiB, 1GiB, 0B (KB and MB are refused: 1000 or
/// 1024?).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file
    pub file: PathBuf,
    /// The most bytes the file's live blocks may hold
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_live: Option<u64>,
    /// The highest peak allowed: the most bytes ever live at once, as the
    /// tracker counted up to the export
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_peak: Option<u64>,
    /// The most blocks that may be live
    #[arg(long, value_name = "N")]
    pub max_blocks: Option<u64>,
    /// Limit the live bytes allocated at every call site whose label
    /// contains PATTERN (case-sensitive; the labels `summary --by
    /// function` shows), together, to the --max-bytes given after it.
    /// Repeat the pair for more sites. Needs call stacks
    #[arg(long, value_name = "PATTERN", requires = "max_bytes")]
    pub site: Vec<String>,
    /// The most bytes the call sites of the --site before it may hold
    #[arg(long, value_name = "SIZE", value_parser = parse_size, requires = "site")]
    pub max_bytes: Vec<u64>,
    /// How many call sites the text and the Markdown list when a limit is
    /// broken (those holding the most live bytes)
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Which blocks --max-live, --max-blocks and --site count: those live
    /// now (the default), at the run's peak (`--at peak`), allocated over
    /// the run (`--total`) or temporary (`--temporary`), the last three
    /// from the file's call-site totals
    #[command(flatten)]
    pub measure: MeasureArgs,
    /// Output format
    #[command(flatten)]
    pub output: FormatArgs,
}

impl Args {
    /// What clap cannot check: at least one limit (a check of nothing
    /// would pass whatever the file holds), and as many `--max-bytes` as
    /// `--site`, paired in order.
    pub fn usage_problem(&self) -> Option<String> {
        if self.limits().is_empty() {
            return Some(
                "no limit given: --max-live, --max-peak, --max-blocks, or --site with --max-bytes"
                    .to_owned(),
            );
        }
        (self.site.len() != self.max_bytes.len()).then(|| {
            format!(
                "{} --site but {} --max-bytes: give each --site its own --max-bytes",
                self.site.len(),
                self.max_bytes.len()
            )
        })
    }

    /// The limits the arguments set.
    fn limits(&self) -> Limits {
        Limits {
            max_live: self.max_live,
            max_peak: self.max_peak,
            max_blocks: self.max_blocks,
            sites: self
                .site
                .iter()
                .zip(&self.max_bytes)
                .map(|(pattern, &max_bytes)| SiteLimit {
                    pattern: pattern.clone(),
                    max_bytes,
                })
                .collect(),
        }
    }
}

/// Runs `check`: reads the file, evaluates the limits and prints the
/// verdict; [`Outcome::LimitsBroken`] when one is broken.
pub fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, CliError> {
    let options = Options {
        largest: 0,
        ..Options::default()
    };
    let analysis = input::analyse(&args.file, options, Output::Stdout)?;
    let analysis = counted(&analysis, args.measure.measure(), &args.file)?;
    let check = analysis
        .check(&args.limits(), Naming::default())
        .map_err(|e| match e {
            LimitsError::NoCallStacks { .. } => CliError::NoStacks {
                path: args.file.clone(),
                needed_by: "--site".to_owned(),
            },
            // The library may add reasons; each names itself.
            other => CliError::Limits {
                path: args.file.clone(),
                source: other,
            },
        })?;
    let top_sites = (!check.holds && analysis.frames().is_some())
        .then(|| analysis.group(Grouping::Function, args.top, Naming::default()));
    let written = match args.output.format() {
        Format::Json => json::write_pretty(out, &check),
        Format::Text => write_text(&check, top_sites.as_ref(), &args.file, out),
        Format::Markdown => write_markdown(&check, top_sites.as_ref(), &args.file, out),
    };
    written.map_err(CliError::stdout)?;
    Ok(Outcome::of(check.holds))
}

/// `3 of 4 limits broken`, `the limit holds`, `all 3 limits hold`.
fn verdict(check: &Check) -> String {
    let total = check.limits.len();
    match (check.broken_count, total) {
        (0, 1) => "the limit holds".to_owned(),
        (0, _) => format!("all {total} limits hold"),
        (1, 1) => "the limit is broken".to_owned(),
        (broken, _) => format!("{broken} of {total} limits broken"),
    }
}

/// What a limit bounds, for text: `live bytes`, `bytes at call sites
/// matching "cache"`.
fn limit_name(limit: &LimitCheck, pattern: impl Fn(&str) -> String) -> String {
    match &limit.pattern {
        Some(p) if limit.measure == Measure::SiteBytes => {
            format!("bytes at call sites matching {}", pattern(p))
        }
        _ => limit.measure.name().to_owned(),
    }
}

/// Writes the verdict and every limit for people.
fn write_text(
    check: &Check,
    top_sites: Option<&Grouped>,
    path: &Path,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{}: {}",
        escape_text(&path.to_string_lossy()),
        verdict(check)
    )?;
    if check.counted != memscope_analysis::Measure::Now {
        writeln!(out, "{}", counted_note(check.counted))?;
    }
    let mut table = Table::new(&[
        ("limit", Align::Left),
        ("max", Align::Right),
        ("actual", Align::Right),
        ("over by", Align::Right),
        ("", Align::Left),
    ])
    .shrink(0, Shrink::Middle);
    for limit in &check.limits {
        let amount = |n: u64| {
            if limit.measure.is_bytes() {
                exact_bytes(n)
            } else {
                n.to_string()
            }
        };
        table.row(vec![
            limit_name(limit, quote_text),
            amount(limit.max),
            amount(limit.actual),
            if limit.holds {
                "-".to_owned()
            } else {
                amount(limit.over_by)
            },
            if limit.holds { "holds" } else { "BROKEN" }.to_owned(),
        ]);
    }
    table.write_to(out)?;
    for limit in &check.limits {
        let (Some(pattern), Some(sites), Some(matched)) =
            (&limit.pattern, &limit.sites, limit.sites_matched)
        else {
            continue;
        };
        if matched == 0 {
            writeln!(
                out,
                "\nno call site's label contains {} (the labels are those of `summary --by function`)",
                quote_text(pattern)
            )?;
            continue;
        }
        writeln!(
            out,
            "\ncall sites matching {} (top {} of {matched})",
            quote_text(pattern),
            sites.len()
        )?;
        let rows = sites
            .iter()
            .map(|site| (vec![site.label.clone()], site.count, site.bytes));
        share_table(&[("function", Align::Left)], rows, check.bytes).write_to(out)?;
    }
    if let Some(grouped) = top_sites {
        writeln!(
            out,
            "\ncall sites holding the most live bytes (top {} of {})",
            grouped.rows.len(),
            grouped.distinct
        )?;
        let rows = grouped
            .rows
            .iter()
            .map(|site| (vec![site.label.clone()], site.count, site.bytes));
        share_table(&[("function", Align::Left)], rows, check.bytes).write_to(out)?;
    }
    Ok(())
}

/// Writes the verdict, the limits and the top call sites for a
/// pull-request comment.
/// What the live and site limits counted, when not the file's records.
fn counted_note(measure: memscope_analysis::Measure) -> String {
    format!(
        "(the \"live\" limits and the site limits count the blocks {}, from the file's call-site totals)",
        measure.describe()
    )
}

fn write_markdown(
    check: &Check,
    top_sites: Option<&Grouped>,
    path: &Path,
    out: &mut impl Write,
) -> io::Result<()> {
    let mark = if check.holds { "✅" } else { "❌" };
    writeln!(out, "### {mark} memscope check: {}\n", verdict(check))?;
    if check.counted == memscope_analysis::Measure::Now {
        writeln!(
            out,
            "{}: {} live blocks holding {}; peak {}.\n",
            code(&path.to_string_lossy()),
            check.records,
            human_bytes(check.bytes),
            human_bytes(check.peak_bytes)
        )?;
    } else {
        writeln!(
            out,
            "{}: {} blocks {} holding {}; peak {}. {}\n",
            code(&path.to_string_lossy()),
            check.records,
            check.counted.describe(),
            human_bytes(check.bytes),
            human_bytes(check.peak_bytes),
            counted_note(check.counted)
        )?;
    }
    let mut table = MarkdownTable::new(&[
        ("limit", markdown::Align::Left),
        ("max", markdown::Align::Right),
        ("actual", markdown::Align::Right),
        ("over by", markdown::Align::Right),
        ("", markdown::Align::Left),
    ]);
    for limit in &check.limits {
        let bytes = limit.measure.is_bytes();
        let amount = |n: u64| {
            if bytes { human_bytes(n) } else { n.to_string() }
        };
        let mut name = limit_name(limit, code_cell);
        if let Some(matched) = limit.sites_matched {
            name.push_str(&format!(
                " ({matched} call site{})",
                if matched == 1 { "" } else { "s" }
            ));
        }
        table.row(vec![
            name,
            if bytes {
                short_bytes(limit.max)
            } else {
                limit.max.to_string()
            },
            amount(limit.actual),
            if limit.holds {
                String::new()
            } else {
                amount(limit.over_by)
            },
            if limit.holds {
                "✅ holds"
            } else {
                "❌ **broken**"
            }
            .to_owned(),
        ]);
    }
    table.write_to(out)?;
    for limit in &check.limits {
        if let (Some(pattern), Some(0)) = (&limit.pattern, limit.sites_matched) {
            writeln!(
                out,
                "No call site's label contains {} (the labels are those of `summary --by function`).\n",
                code(pattern)
            )?;
        }
    }
    if let Some(grouped) = top_sites {
        writeln!(
            out,
            "Call sites holding the most live bytes (top {} of {}):\n",
            grouped.rows.len(),
            grouped.distinct
        )?;
        let mut sites = MarkdownTable::new(&[
            ("call site", markdown::Align::Left),
            ("blocks", markdown::Align::Right),
            ("bytes", markdown::Align::Right),
            ("share", markdown::Align::Right),
        ]);
        for site in &grouped.rows {
            sites.row(vec![
                code_cell(&site.label),
                site.count.to_string(),
                human_bytes(site.bytes),
                percent(site.bytes, check.bytes),
            ]);
        }
        sites.write_to(out)?;
    }
    Ok(())
}
