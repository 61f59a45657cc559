//! `to-parquet FILE [-o OUT]`: the library's
//! [`to_parquet`](memscope_interchange::to_parquet), written to standard
//! output or atomically to a file.

use std::io::Write;
use std::path::PathBuf;

use memscope_interchange::to_parquet;

use crate::error::CliError;
use crate::input;
use crate::output;

/// Convert FILE to a Parquet table, one row per live block
///
/// The table opens in DuckDB (`SELECT * FROM read_parquet('OUT')`, or a
/// glob of many snapshots), Spark, Polars and pyarrow. Columns: ptr,
/// size, timestamp_alloc (unsigned 64-bit; nanoseconds since the UNIX
/// epoch), var_name, type_name, stack_id (null without a call stack),
/// call_site (the stack's first frame outside the allocator and the
/// standard library, as `function (file:line)`) and stack (a list of
/// `function (file:line)`, innermost first). zstd-compressed, written in
/// row groups of at most 131,072 rows and 16 MiB of names, so any file
/// converts in the same memory.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file
    pub file: PathBuf,
    /// Write to OUT (replaced atomically) instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Runs `to-parquet`: converts the file and writes the table to `-o OUT`,
/// replaced atomically, or else to `out`, standard output.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let path = &args.file;
    let reader = input::open(path)?;
    output::write_to(args.output.as_deref(), out, |writer, target| {
        to_parquet(reader, writer)
            .map(drop)
            .map_err(|e| CliError::conversion(path, target, e))
    })
}
