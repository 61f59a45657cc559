//! `to-parquet FILE [-o OUT] [--sites SITES]`: the library's
//! [`memscope_interchange::to_parquet`] (and
//! [`memscope_interchange::to_parquet_sites`]), written to standard
//! output or atomically to a file.

use std::io::Write;
use std::path::PathBuf;

use memscope_interchange::{to_parquet, to_parquet_sites};

use crate::error::CliError;
use crate::input;
use crate::output::{self, Conversion};

/// Convert FILE to a Parquet table, one row per live block
///
/// The table opens in DuckDB (`SELECT * FROM read_parquet('OUT')`, or a
/// glob of many snapshots), Spark, Polars and pyarrow. Columns: ptr,
/// size, timestamp_alloc (unsigned 64-bit; nanoseconds since the UNIX
/// epoch), var_name, type_name, stack_id (null without a call stack),
/// call_site (the stack's innermost frame of the program, as
/// `label (file:line)`), stack (a list of
/// `label (file:line)`, innermost first), thread_id and thread_name
/// (null when the file carries no threads). zstd-compressed, written in
/// row groups of at most 131,072 rows and 16 MiB of names, so any file
/// converts in the same memory.
///
/// `--sites SITES` also writes each call site's totals over the run (a
/// file the tracker wrote with them, its sITE segment) as a second table,
/// one row per call stack: stack_id, call_site and stack as in the first,
/// then allocated_blocks, allocated_bytes, freed_blocks, freed_bytes,
/// live_blocks, live_bytes, peak_blocks, peak_bytes, temporary_blocks and
/// temporary_bytes. The two join on stack_id (`IS NOT DISTINCT FROM`
/// keeps the blocks without a stack).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file, and where its output goes.
    #[command(flatten)]
    pub paths: Conversion,
    /// Also write the table of each call site's totals over the run to
    /// SITES, replaced atomically (an error for a file without them)
    #[arg(long, value_name = "SITES")]
    pub sites: Option<PathBuf>,
}

impl Args {
    /// What clap cannot check: both tables cannot go to standard output.
    pub fn usage_problem(&self) -> Option<String> {
        let sites = self.sites.as_deref()?;
        let to_stdout = |path| output::named_output(path).is_none();
        (to_stdout(Some(sites)) && to_stdout(self.paths.output.as_deref())).then(|| {
            "--sites - and the block table both go to standard output: give one of them a file (-o OUT or --sites SITES)".to_owned()
        })
    }
}

/// Runs `to-parquet`: converts the file and writes the table to `-o OUT`,
/// replaced atomically, or else to `out`, standard output; with
/// `--sites`, the call-site table first, before a record is read (a file
/// without call-site totals fails before anything is written).
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let Some(sites) = &args.sites else {
        return output::convert(&args.paths, out, |reader, writer| {
            to_parquet(reader, writer).map(drop)
        });
    };
    let file = &args.paths.file;
    let reader = input::open(file, args.paths.output_kind())?;
    // A file without the totals fails here, SITES left as it was.
    output::write_to(Some(sites), out, |writer, target| {
        to_parquet_sites(&reader, writer)
            .map(drop)
            .map_err(|e| CliError::conversion(file, target, e))
    })?;
    output::write_to(args.paths.output.as_deref(), out, |writer, target| {
        to_parquet(reader, writer)
            .map(drop)
            .map_err(|e| CliError::conversion(file, target, e))
    })
}
