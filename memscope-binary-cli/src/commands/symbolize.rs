//! `symbolize FILE [--debug-dir DIR]... -o OUT`: the raw addresses of a
//! file exported with `symbolize(false)` resolved here, from the
//! binaries or split debug files whose build ids match the recorded ones
//! (`memscope_export::symbolize_file`).

use std::io::Write;
use std::path::PathBuf;

use memscope_export::{SymbolizeOptions, symbolize_file};

use crate::error::CliError;

/// Resolve the raw addresses of FILE (exported with symbolize(false), so
/// it carries its module map) into OUT, as an export in the original
/// process would have; refuse a module whose build id differs
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file, with raw addresses and a module map
    pub file: PathBuf,
    /// Look here first for each module's file: by build id
    /// (DIR/.build-id/ab/cdef….debug), then by file name; repeatable
    #[arg(long = "debug-dir", value_name = "DIR")]
    pub debug_dirs: Vec<PathBuf>,
    /// Write the symbolized file to OUT (replaced atomically)
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
}

/// Runs `symbolize`: writes OUT and prints what was resolved from which
/// file, and any module whose addresses stayed unknown.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let options = SymbolizeOptions {
        debug_dirs: args.debug_dirs.clone(),
    };
    let report = symbolize_file(&args.file, &args.output, &options)?;
    let stdout = CliError::stdout;
    writeln!(
        out,
        "{}: {} records, {} stacks, {} frames",
        args.output.display(),
        report.records,
        report.stacks,
        report.frames
    )
    .map_err(stdout)?;
    for (module, file) in &report.modules {
        writeln!(out, "  {module} <- {}", file.display()).map_err(stdout)?;
    }
    for problem in &report.problems {
        writeln!(out, "  unresolved: {problem}").map_err(stdout)?;
    }
    Ok(())
}
