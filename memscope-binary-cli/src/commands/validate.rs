//! `validate FILE`: read every byte, check every rule of FORMAT.md (version
//! 1 and version 2, its call stacks read ahead from the end and again after
//! the records), and say `ok` or what is wrong.

use std::io::Write;
use std::path::PathBuf;

use memscope_export::format::Flags;

use crate::error::CliError;
use crate::input;
use crate::progress::Output;

/// Check every byte of FILE against the format; exit 1 with the first
/// problem, or print `ok: ...`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file
    pub file: PathBuf,
}

/// Runs `validate`: on a sound file prints one line such as
/// `ok: 1000 records, checksum verified` (with the number of call stacks
/// of a file that has them: `ok: 1000 records, 12 call stacks, ...`);
/// otherwise fails with the first problem, which `main` prints as one
/// line.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let path = &args.file;
    let mut reader = input::open(path, Output::Stdout)?;
    let mut records = 0u64;
    reader
        .records()
        .visit(|_| records += 1)
        .map_err(|e| CliError::input(path, e.in_file(path)))?;
    let checksum = if reader.flags().contains(Flags::CHECKSUM) {
        "checksum verified"
    } else {
        "checksum absent"
    };
    let stacks = match reader.stacks() {
        Some(stacks) if stacks.stacks.len() == 1 => "1 call stack, ".to_string(),
        Some(stacks) => format!("{} call stacks, ", stacks.stacks.len()),
        None => String::new(),
    };
    writeln!(out, "ok: {records} records, {stacks}{checksum}").map_err(CliError::stdout)
}
