//! `validate FILE`: read every byte, check every rule of FORMAT.md (version
//! 1 and version 2, its call stacks read ahead from the end and again after
//! the records), and say `ok` or what is wrong.

use std::io::Write;
use std::path::PathBuf;

use memscope_export::format::Flags;

use crate::error::CliError;
use crate::input;

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
    let read = input::for_each_record(&args.file, |_| {})?;
    let checksum = if read.header.flags().contains(Flags::CHECKSUM) {
        "checksum verified"
    } else {
        "checksum absent"
    };
    let stacks = match &read.stacks {
        Some(stacks) if stacks.stacks.len() == 1 => "1 call stack, ".to_string(),
        Some(stacks) => format!("{} call stacks, ", stacks.stacks.len()),
        None => String::new(),
    };
    writeln!(out, "ok: {} records, {stacks}{checksum}", read.records).map_err(CliError::stdout)
}
