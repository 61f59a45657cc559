//! `memscope-binary`: inspect, validate, summarise, compare and convert
//! memscope binary files (FORMAT.md, version 1).
//!
//! Each command lives in its own module; this file parses the command
//! line, runs the command, and turns its outcome into an exit status and,
//! on failure, one line on standard error.

mod aggregate;
mod diff;
mod error;
mod input;
mod inspect;
mod summary;
mod table;
mod to_json;
mod units;
mod validate;

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

/// Inspect, validate, summarise, compare and convert memscope binary files.
#[derive(Debug, Parser)]
#[command(
    name = "memscope-binary",
    version,
    after_help = "Exit status: 0 when the command succeeded, 1 when a file is missing, \
                  unreadable, damaged or not a memscope file, or the output cannot be \
                  written (with one line on standard error), 2 for a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the header, stats, record count, segment sizes and checksum
    /// status of FILE (reads the whole file to verify the checksum)
    Inspect {
        /// The memscope binary file
        file: PathBuf,
        /// Also list the first N records
        #[arg(long, value_name = "N", default_value_t = 0)]
        records: usize,
    },
    /// Check every byte of FILE against the format; exit 1 with the first
    /// problem, or print `ok: ...`
    Validate {
        /// The memscope binary file
        file: PathBuf,
    },
    /// Where the memory is: bytes by type name, the largest allocations,
    /// the top variables, a size histogram, unnamed bytes
    Summary {
        /// The memscope binary file
        file: PathBuf,
        /// How many entries each list shows
        #[arg(long, value_name = "N", default_value_t = 10)]
        top: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// What grew from OLD to NEW, by type name and by variable name
    Diff {
        /// The earlier export
        old: PathBuf,
        /// The later export
        new: PathBuf,
        /// How many entries each list shows
        #[arg(long, value_name = "N", default_value_t = 10)]
        top: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Convert FILE to the JSON document of the JSON export
    ToJson {
        /// The memscope binary file
        file: PathBuf,
        /// Write to OUT (replaced atomically) instead of standard output
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output has gone (`| head`): nothing to say.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string().replace(['\n', '\r'], " ");
            // If standard error is gone too, there is no one to tell.
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), CliError> {
    let mut out = BufWriter::new(io::stdout().lock());
    let result = match command {
        Command::Inspect { file, records } => inspect::run(&file, records, &mut out),
        Command::Validate { file } => validate::run(&file, &mut out),
        Command::Summary { file, top, json } => summary::run(&file, top, json, &mut out),
        Command::Diff {
            old,
            new,
            top,
            json,
        } => diff::run(&old, &new, top, json, &mut out),
        // Streams with its own buffer, to standard output or a file.
        Command::ToJson { file, output } => to_json::run(&file, output.as_deref()).map(drop),
    };
    // What was printed comes before the error, if there is one.
    let flushed = out.flush().map_err(CliError::stdout);
    result.and(flushed)
}
