//! `to-parquet FILE [-o OUT]`: the library's
//! [`memscope_interchange::to_parquet`], written to standard
//! output or atomically to a file.

use std::io::Write;

use memscope_interchange::to_parquet;

use crate::error::CliError;
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
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file, and where its output goes.
    #[command(flatten)]
    pub paths: Conversion,
}

/// Runs `to-parquet`: converts the file and writes the table to `-o OUT`,
/// replaced atomically, or else to `out`, standard output.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    output::convert(&args.paths, out, |reader, writer| {
        to_parquet(reader, writer).map(drop)
    })
}
