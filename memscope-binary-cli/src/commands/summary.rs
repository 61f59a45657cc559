//! `summary FILE`: where the memory is. Without call stacks: bytes and
//! counts by type name, the largest allocations, the variables holding the
//! most, a size histogram and the bytes no variable name accounts for.
//! With them, by default: the call stacks holding the most, with their
//! frames. `--by` picks one view: by stack, by function or source file
//! (where the records were allocated, and anywhere in their stacks), by
//! type name, by variable name.
//!
//! [`Aggregate`] does the counting while the records stream past, each
//! record under its stack (the reader has the stacks before the records);
//! [`Summary`] and [`View`] are what is shown.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::aggregate::{Aggregate, Bucket, NamedTally, Names, Tally, ranked};
use crate::error::CliError;
use crate::input;
use crate::json;
use crate::names::{DEFAULT_MAX_NAMES, ShownName, ShownRecord};
use crate::stacks::{
    Attribution, Column, DEFAULT_DEPTH, StackRow, attribute, key_table, stacks_table, top_stacks,
};
use crate::table::{Align, Table, records_table, share_table};
use crate::units::{human_bytes, percent, short_bytes};

/// Where the memory is: by call stack when the file has them; else bytes
/// by type name, the largest allocations, the top variables, a size
/// histogram, unnamed bytes
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
    /// Group the records by one thing only. Default: `stack` for a file
    /// with call stacks; for a file without, every list (type names,
    /// largest allocations, variables, size histogram)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub by: Option<By>,
    /// How many frames of each call stack are shown, innermost first
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEPTH)]
    pub depth: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// What `summary --by` groups the records by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// Call stacks, most live bytes first, with their frames
    Stack,
    /// The function where each record was allocated (its call site: the
    /// innermost frame outside the allocator and the standard library),
    /// and any function of its stack outside them
    Function,
    /// The source file of the call site, and any file of the stack
    File,
    /// The type name
    Type,
    /// The variable name
    Var,
    /// The thread that allocated each record (files exported with call
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
            By::Type => "type",
            By::Var => "var",
            By::Thread => "thread",
        }
    }

    /// Whether the view needs call stacks.
    fn needs_stacks(self) -> bool {
        matches!(self, By::Stack | By::Function | By::File)
    }
}

/// Runs `summary`: streams the file and prints the summary, as text or
/// as JSON.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let path = &args.file;
    let reader = input::open(path)?;
    let has_stacks = input::has_stacks(&reader);
    let by = args.by.or(has_stacks.then_some(By::Stack));
    if let Some(by) = by.filter(|by| by.needs_stacks()) {
        if !has_stacks {
            return Err(CliError::NoStacks {
                path: path.clone(),
                needed_by: format!("--by {}", by.name()),
            });
        }
        input::require_stacks_ahead(path, &reader)?;
    }
    if by == Some(By::Thread) {
        input::require_threads_ahead(path, &reader)?;
    }
    let mut names = Names::new(args.max_names);
    let keep_largest = if by.is_none() { args.top } else { 0 };
    let aggregate = Aggregate::of_reader(path, reader, keep_largest, &mut names)?;
    let written = match by {
        None => {
            let summary = Summary::new(aggregate, &names, args.top);
            if args.json {
                json::write_pretty(out, &summary)
            } else {
                summary.write_text(out)
            }
        }
        Some(by) => {
            let view = View::new(by, &aggregate, &names, args.top, args.depth);
            if args.json {
                json::write_pretty(out, &view)
            } else {
                view.write_text(out)
            }
        }
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
    /// Whether any record carries a type or variable name; without, the
    /// text leaves the name tables out and says why.
    pub carries_names: bool,
}

/// What the text says of a file whose records carry no name and which has
/// no call stacks: what it cannot tell, and how to get it.
pub const NO_NAMES_NOTE: &str = "\
no record carries a name (type_name, var_name) and there are no call stacks, so which code or \
variable holds the memory cannot be told; shown instead: totals, sizes and the largest blocks.
  for call sites: record with TrackingAllocator::with_call_stacks() (and frame pointers)
  for names: export with include_details(true) and name values with track_var!";

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
            carries_names: aggregate.has_names(),
            // Last: it consumes the aggregate.
            largest: aggregate.into_largest(),
        }
    }

    /// `part` as a percentage of all bytes, e.g. `12.5%`.
    fn share(&self, part: u64) -> String {
        percent(part, self.bytes)
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

        if self.carries_names {
            self.write_types(out)?;
        } else if self.records > 0 {
            writeln!(out, "\n{NO_NAMES_NOTE}")?;
        }

        writeln!(out, "\nlargest allocations (top {})", self.largest.len())?;
        records_table(&self.largest, false).write_to(out)?;

        if self.carries_names {
            self.write_vars(out)?;
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

    /// The type names, their table, and the records without one.
    fn write_types(&self, out: &mut impl Write) -> io::Result<()> {
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
        )
    }

    /// The variables, their table, and the records without a name.
    fn write_vars(&self, out: &mut impl Write) -> io::Result<()> {
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
        )
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
        named_table(title, rows, self.bytes)
    }
}

/// What `summary --by WHAT` shows (and the default for a file with call
/// stacks, `--by stack`): the totals, then one grouping.
///
/// In JSON: `records`, `bytes`, `by` (what the records are grouped by),
/// then the fields of the grouping, see [`Rows`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct View {
    /// Records in the file.
    pub records: u64,
    /// Their sizes added up.
    pub bytes: u64,
    /// What they are grouped by.
    pub by: By,
    /// The grouping.
    #[serde(flatten)]
    pub rows: Rows,
}

/// The rows of one grouping of [`View`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Rows {
    /// By call stack.
    Stacks {
        /// The stacks holding the most bytes, most first, each with its
        /// first frames.
        stacks: Vec<StackRow>,
        /// How many distinct stacks have records.
        stack_count: usize,
        /// Records without a call stack.
        without_stack: Tally,
        /// The most frames shown of each stack.
        depth: usize,
    },
    /// By function or by source file.
    Attributed {
        /// Where the records were allocated: the call site's function (or
        /// file), most bytes first.
        call_sites: Vec<crate::stacks::KeyRow>,
        /// How many distinct ones have records.
        call_site_count: usize,
        /// By file: records whose call site has no file.
        #[serde(skip_serializing_if = "Option::is_none")]
        without_file: Option<Tally>,
        /// Any function (or file) of the stacks' frames outside the
        /// allocator and the standard library: a record counts once under
        /// each of its stack's.
        inclusive: Vec<crate::stacks::KeyRow>,
        /// How many distinct ones appear.
        inclusive_count: usize,
        /// Records without a call stack.
        without_stack: Tally,
    },
    /// By type name: as in the full summary.
    Types {
        /// The type names holding the most bytes, most first.
        by_type: Vec<NamedTally>,
        /// How many distinct type names were counted each on its own.
        type_names: usize,
        /// Records under type names past the first `max_names`.
        other_type_names: Tally,
        /// Records without a type name.
        untyped: Tally,
        /// The most distinct names counted on their own.
        max_names: usize,
    },
    /// By variable name: as in the full summary.
    Vars {
        /// The variable names holding the most bytes, most first.
        variables: Vec<NamedTally>,
        /// How many distinct variable names were counted each on its own.
        var_names: usize,
        /// Records under variable names past the first `max_names`.
        other_var_names: Tally,
        /// Records without a variable name.
        unnamed: Tally,
        /// The most distinct names counted on their own.
        max_names: usize,
    },
    /// By the allocating thread.
    Threads {
        /// The threads holding the most bytes, most first.
        threads: Vec<ThreadRow>,
        /// How many distinct threads have records.
        thread_count: usize,
        /// Records whose thread is unknown.
        without_thread: Tally,
    },
}

/// One thread of `summary --by thread`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadRow {
    /// The tracker's id of the thread.
    pub thread_id: u64,
    /// Its name, when it had one (at most [`SHOWN_BYTES`](crate::names::SHOWN_BYTES)).
    pub thread_name: Option<ShownName>,
    /// Its live records.
    pub count: u64,
    /// Their bytes.
    pub bytes: u64,
}

/// The `top` threads of `aggregate` holding the most bytes: by bytes,
/// then count, both descending, then thread id.
fn top_threads(aggregate: &Aggregate, top: usize) -> Vec<ThreadRow> {
    let Some(threads) = &aggregate.threads else {
        return Vec::new();
    };
    let mut rows: Vec<ThreadRow> = threads
        .threads
        .iter()
        .enumerate()
        .map(|(index, thread)| (thread, aggregate.by_thread.get(index)))
        .filter(|(_, tally)| tally.count > 0)
        .map(|(thread, tally)| ThreadRow {
            thread_id: thread.id,
            thread_name: thread.name().map(ShownName::of),
            count: tally.count,
            bytes: tally.bytes,
        })
        .collect();
    rows.sort_unstable_by(|a, b| {
        (b.bytes, b.count, a.thread_id).cmp(&(a.bytes, a.count, b.thread_id))
    });
    rows.truncate(top);
    rows
}

impl View {
    /// The grouping `by` of `aggregate` (whose names `names` numbers),
    /// `top` entries each list, `depth` frames each stack. The stack views
    /// need the aggregate's stacks; without them they are empty.
    pub fn new(by: By, aggregate: &Aggregate, names: &Names, top: usize, depth: usize) -> Self {
        let empty = memscope_export::CallStacks::default();
        let stacks = aggregate.stacks.as_ref().unwrap_or(&empty);
        let attributed = |column| {
            let Attribution {
                call_sites,
                call_site_count,
                without,
                inclusive,
                inclusive_count,
            } = attribute(stacks, &aggregate.by_stack, column, top);
            Rows::Attributed {
                call_sites,
                call_site_count,
                without_file: (column == Column::File).then_some(without),
                inclusive,
                inclusive_count,
                without_stack: aggregate.without_stack,
            }
        };
        let rows = match by {
            By::Stack => Rows::Stacks {
                stacks: top_stacks(stacks, &aggregate.by_stack, top, depth),
                stack_count: aggregate.by_stack.distinct(),
                without_stack: aggregate.without_stack,
                depth,
            },
            By::Function => attributed(Column::Function),
            By::File => attributed(Column::File),
            By::Type => Rows::Types {
                by_type: ranked(&names.types, &aggregate.by_type, top),
                type_names: aggregate.by_type.distinct(),
                other_type_names: aggregate.by_type.other,
                untyped: aggregate.untyped,
                max_names: names.types.max(),
            },
            By::Var => Rows::Vars {
                variables: ranked(&names.vars, &aggregate.by_var, top),
                var_names: aggregate.by_var.distinct(),
                other_var_names: aggregate.by_var.other,
                unnamed: aggregate.unnamed,
                max_names: names.vars.max(),
            },
            By::Thread => Rows::Threads {
                threads: top_threads(aggregate, top),
                thread_count: aggregate.by_thread.distinct(),
                without_thread: aggregate.without_thread,
            },
        };
        View {
            records: aggregate.total.count,
            bytes: aggregate.total.bytes,
            by,
            rows,
        }
    }

    /// Writes the view for people.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "{} records holding {} bytes ({})",
            self.records,
            self.bytes,
            human_bytes(self.bytes)
        )?;
        match &self.rows {
            Rows::Stacks {
                stacks,
                stack_count,
                without_stack,
                depth,
            } => {
                writeln!(
                    out,
                    "\nby call stack, most live bytes first (top {} of {} stacks; frames innermost first, at most {depth}: --depth)",
                    stacks.len(),
                    stack_count
                )?;
                stacks_table(stacks, self.bytes).write_to(out)?;
                self.write_tally("records without a call stack", *without_stack, out)
            }
            Rows::Attributed {
                call_sites,
                call_site_count,
                without_file,
                inclusive,
                inclusive_count,
                without_stack,
            } => {
                let what = self.by.name();
                writeln!(
                    out,
                    "\nby {what} at the call site, the innermost frame outside the allocator and the standard library (top {} of {})",
                    call_sites.len(),
                    call_site_count
                )?;
                key_table(what, call_sites, self.bytes).write_to(out)?;
                if let Some(without) = without_file.filter(|t| t.count > 0) {
                    self.write_tally("call sites without a file", without, out)?;
                }
                self.write_tally("records without a call stack", *without_stack, out)?;
                writeln!(
                    out,
                    "\nby {what} anywhere in the stack, each record once under every {what} of its stack outside the allocator and the standard library (top {} of {})",
                    inclusive.len(),
                    inclusive_count
                )?;
                key_table(what, inclusive, self.bytes).write_to(out)
            }
            Rows::Types {
                by_type,
                type_names,
                other_type_names,
                untyped,
                max_names,
            } => {
                writeln!(
                    out,
                    "\nby type name (top {} of {type_names})",
                    by_type.len()
                )?;
                named_table("type_name", by_type, self.bytes).write_to(out)?;
                self.write_other("type names", *other_type_names, *max_names, out)?;
                self.write_tally("records without a type name", *untyped, out)
            }
            Rows::Vars {
                variables,
                var_names,
                other_var_names,
                unnamed,
                max_names,
            } => {
                writeln!(out, "\nvariables (top {} of {var_names})", variables.len())?;
                named_table("var_name", variables, self.bytes).write_to(out)?;
                self.write_other("variable names", *other_var_names, *max_names, out)?;
                self.write_tally("records without a var_name", *unnamed, out)
            }
            Rows::Threads {
                threads,
                thread_count,
                without_thread,
            } => {
                writeln!(
                    out,
                    "\nby allocating thread (top {} of {thread_count})",
                    threads.len()
                )?;
                let rows = threads.iter().map(|row| {
                    let name = row
                        .thread_name
                        .as_ref()
                        .map_or_else(|| "(unnamed)".to_owned(), ShownName::cell);
                    (vec![row.thread_id.to_string(), name], row.count, row.bytes)
                });
                let leading = [("thread", Align::Right), ("name", Align::Left)];
                share_table(&leading, rows, self.bytes).write_to(out)?;
                if without_thread.count > 0 {
                    self.write_tally("records whose thread is unknown", *without_thread, out)?;
                }
                Ok(())
            }
        }
    }

    /// `  WHAT: N holding B bytes (S%)`.
    fn write_tally(&self, what: &str, tally: Tally, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "  {what}: {} holding {} bytes ({})",
            tally.count,
            tally.bytes,
            percent(tally.bytes, self.bytes)
        )
    }

    /// The line for the records under names past `--max-names`, if any.
    fn write_other(
        &self,
        what: &str,
        other: Tally,
        max_names: usize,
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
            percent(other.bytes, self.bytes)
        )
    }
}

/// The table of named rows under `title`, with each row's share of
/// `total` bytes.
fn named_table(title: &'static str, rows: &[NamedTally], total: u64) -> Table {
    let rows = rows
        .iter()
        .map(|row| (vec![row.name.cell()], row.count, row.bytes));
    share_table(&[(title, Align::Left)], rows, total)
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
