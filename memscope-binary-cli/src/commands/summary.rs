//! `summary FILE`: where the memory is. Bytes and counts by type name, the
//! largest allocations, the variables holding the most, a size histogram
//! and the bytes no variable name accounts for.
//!
//! [`Aggregate`] does the counting while the records stream past;
//! [`Summary`] is what is shown.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::aggregate::{Aggregate, Bucket, NamedTally, Names, Tally, ranked};
use crate::error::CliError;
use crate::json;
use crate::names::{DEFAULT_MAX_NAMES, ShownRecord};
use crate::table::{Align, Table, records_table};
use crate::units::{human_bytes, short_bytes};

/// Where the memory is: bytes by type name, the largest allocations,
/// the top variables, a size histogram, unnamed bytes
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file
    pub file: PathBuf,
    /// How many entries each list shows
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// How many distinct type names, and variable names, are counted each
    /// on its own; records under further names are counted as "other
    /// names" (this bounds memory: each name kept is at most 256 bytes)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NAMES)]
    pub max_names: u32,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs `summary`: streams the file and prints the summary, as text or
/// as JSON.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let mut names = Names::new(args.max_names);
    let aggregate = Aggregate::of_file(&args.file, args.top, &mut names)?;
    let summary = Summary::new(aggregate, &names, args.top);
    let written = if args.json {
        json::write_pretty(out, &summary)
    } else {
        summary.write_text(out)
    };
    written.map_err(CliError::stdout)
}

/// What `summary` shows, as text or (serialized) as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records in the file.
    pub records: u64,
    /// Their sizes added up.
    pub bytes: u64,
    /// The type names holding the most bytes, most first.
    pub by_type: Vec<NamedTally>,
    /// How many distinct type names were counted each on its own.
    pub type_names: usize,
    /// Records under type names past the first `max_names`.
    #[serde(rename = "other_type_names")]
    pub other_types: Tally,
    /// Records without a type name.
    pub untyped: Tally,
    /// The largest allocations, largest first.
    pub largest: Vec<ShownRecord>,
    /// The variable names holding the most bytes, most first.
    pub variables: Vec<NamedTally>,
    /// How many distinct variable names were counted each on its own.
    pub var_names: usize,
    /// Records under variable names past the first `max_names`.
    #[serde(rename = "other_var_names")]
    pub other_vars: Tally,
    /// Records without a variable name.
    pub unnamed: Tally,
    /// Records by size, in powers of two; empty buckets left out.
    pub histogram: Vec<Bucket>,
    /// The most distinct names of each kind counted on their own.
    pub max_names: usize,
}

impl Summary {
    /// What to show of `aggregate`, whose names `names` numbers: the `top`
    /// largest entries of each list (and the largest records it kept).
    pub fn new(aggregate: Aggregate, names: &Names, top: usize) -> Self {
        Summary {
            records: aggregate.total.count,
            bytes: aggregate.total.bytes,
            type_names: aggregate.by_type.distinct(),
            by_type: ranked(&names.types, &aggregate.by_type, top),
            other_types: aggregate.by_type.other,
            untyped: aggregate.untyped,
            var_names: aggregate.by_var.distinct(),
            variables: ranked(&names.vars, &aggregate.by_var, top),
            other_vars: aggregate.by_var.other,
            unnamed: aggregate.unnamed,
            histogram: aggregate.buckets(),
            max_names: names.types.max(),
            // Last: it consumes the aggregate.
            largest: aggregate.into_largest(),
        }
    }

    /// `part` as a percentage of all bytes, e.g. `12.5%`.
    fn share(&self, part: u64) -> String {
        if self.bytes == 0 {
            return "-".to_string();
        }
        format!("{:.1}%", part as f64 * 100.0 / self.bytes as f64)
    }

    /// Writes the summary for people.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "{} records holding {} bytes ({})",
            self.records,
            self.bytes,
            human_bytes(self.bytes)
        )?;

        writeln!(
            out,
            "\nby type name (top {} of {})",
            self.by_type.len(),
            self.type_names
        )?;
        self.named_table("type_name", &self.by_type).write_to(out)?;
        self.write_other("type names", self.other_types, out)?;
        writeln!(
            out,
            "  records without a type name: {} holding {} bytes ({})",
            self.untyped.count,
            self.untyped.bytes,
            self.share(self.untyped.bytes)
        )?;

        writeln!(out, "\nlargest allocations (top {})", self.largest.len())?;
        records_table(&self.largest, false).write_to(out)?;

        writeln!(
            out,
            "\nvariables (top {} of {})",
            self.variables.len(),
            self.var_names
        )?;
        self.named_table("var_name", &self.variables)
            .write_to(out)?;
        self.write_other("variable names", self.other_vars, out)?;
        writeln!(
            out,
            "\nunnamed: {} records without a var_name hold {} bytes ({}, {})",
            self.unnamed.count,
            self.unnamed.bytes,
            human_bytes(self.unnamed.bytes),
            self.share(self.unnamed.bytes)
        )?;

        writeln!(out, "\nsize histogram")?;
        let mut histogram = Table::new(&[
            ("from", Align::Right),
            ("below", Align::Right),
            ("count", Align::Right),
            ("bytes", Align::Right),
            ("share", Align::Right),
            ("records", Align::Left),
        ]);
        let most = self.histogram.iter().map(|b| b.count).max().unwrap_or(0);
        for b in &self.histogram {
            let below = match b.max.checked_add(1) {
                Some(end) => short_bytes(end),
                None => "16 EiB".to_string(),
            };
            histogram.row(vec![
                short_bytes(b.min),
                below,
                b.count.to_string(),
                b.bytes.to_string(),
                self.share(b.bytes),
                bar(b.count, most, 40),
            ]);
        }
        histogram.write_to(out)
    }

    /// The line for the records under names past `--max-names`, if any.
    fn write_other(&self, what: &str, other: Tally, out: &mut impl Write) -> io::Result<()> {
        if other.count == 0 {
            return Ok(());
        }
        writeln!(
            out,
            "  other {what} (past the first {}, see --max-names): {} records holding {} bytes ({})",
            self.max_names,
            other.count,
            other.bytes,
            self.share(other.bytes)
        )
    }

    fn named_table(&self, title: &'static str, rows: &[NamedTally]) -> Table {
        let mut table = Table::new(&[
            (title, Align::Left),
            ("count", Align::Right),
            ("bytes", Align::Right),
            ("share", Align::Right),
        ]);
        for row in rows {
            table.row(vec![
                row.name.cell(),
                row.count.to_string(),
                row.bytes.to_string(),
                self.share(row.bytes),
            ]);
        }
        table
    }
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
    use crate::aggregate::tests::{aggregate, record};

    #[test]
    fn top_limits_every_list_but_not_the_counts_of_names() {
        let records = (0..20)
            .map(|i| {
                let name = format!("v{i}");
                record(i * 16, i + 1, Some(&name), Some(&name))
            })
            .collect();
        let (aggregate, names) = aggregate(records, 3);
        let summary = Summary::new(aggregate, &names, 3);
        assert_eq!(summary.by_type.len(), 3);
        assert_eq!(summary.variables.len(), 3);
        assert_eq!(summary.largest.len(), 3);
        assert_eq!((summary.type_names, summary.var_names), (20, 20));
        assert_eq!(summary.variables[0].name.name, "v19");
    }

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish() {
        assert_eq!(bar(10, 10, 4), "####");
        assert_eq!(bar(5, 10, 4), "##");
        assert_eq!(bar(1, 1000, 4), "#");
        assert_eq!(bar(0, 1000, 4), "");
    }
}
