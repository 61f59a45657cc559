//! `memscope-binary`: inspect, validate, summarise, compare and convert
//! memscope binary files (FORMAT.md), and convert them for pprof and
//! Parquet readers.
//!
//! Each command lives in its own module under `commands/`, with its
//! arguments; this file parses the command line, runs the command, and
//! turns its outcome into an exit status and, on failure, one line on
//! standard error: 0 success, 1 error, 2 usage error (clap's), 3 a limit
//! broken (`check`, `diff --fail-if-grown`).
#![forbid(unsafe_code)]

mod commands;
mod error;
mod format;
mod input;
mod json;
mod markdown;
mod measure;
mod output;
mod page;
mod progress;
mod stacks;
mod table;
mod units;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use memscope_export::escape::escape_text;

use crate::commands::{
    Outcome, check, diff, inspect, report, summary, symbolize, to_json, to_parquet, to_pprof,
    validate,
};
use crate::error::CliError;

/// The exit status of a command that ran to its end and found a limit
/// broken: not 1 (an error) nor 2 (clap's usage error), so that a CI job
/// can tell a regression from a broken job.
const LIMITS_BROKEN: u8 = 3;

/// Inspect, validate, summarise, compare and convert memscope binary files.
#[derive(Debug, Parser)]
#[command(
    name = "memscope-binary",
    version,
    after_help = "Exit status: 0 when the command succeeded, 1 when a file is missing, \
                  unreadable, damaged or not a memscope file, or the output cannot be \
                  written (with one line on standard error), 2 for a usage error, 3 when \
                  `check` or `diff --fail-if-grown` found a limit broken."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Read each file with up to SIZE of memory (e.g. 512MiB, 4GiB) when that
    /// is more than the file's own budget, 32 MiB + 16 bytes for each
    /// byte of the file (FORMAT.md, "Memory budget"): for a sound file
    /// refused as needing more
    #[arg(long, global = true, value_name = "SIZE", value_parser = units::parse_size)]
    max_memory: Option<u64>,
}

// No doc comments on the variants: each command's help is the doc comment
// of its `Args`.
#[derive(Debug, Subcommand)]
enum Command {
    Inspect(inspect::Args),
    Validate(validate::Args),
    Summary(summary::Args),
    Diff(diff::Args),
    Check(check::Args),
    ToJson(to_json::Args),
    Report(report::Args),
    ToPprof(to_pprof::Args),
    ToParquet(to_parquet::Args),
    Symbolize(symbolize::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    if let Some(problem) = usage_problem(&cli.command) {
        return usage_error(&problem);
    }
    input::set_max_memory(cli.max_memory);
    match run(&cli.command) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::LimitsBroken) => ExitCode::from(LIMITS_BROKEN),
        // The reader of our output has gone (`| head`): nothing to say.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // One line, and nothing in it a terminal would act on: the
            // message names files and may quote what they hold.
            let message = e.to_string();
            let message = escape_text(&message);
            // If standard error is gone too, there is no one to tell.
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What clap cannot check of `command`'s arguments, as clap's usage
/// error of that subcommand.
fn usage_problem(command: &Command) -> Option<clap::Error> {
    let (name, problem) = match command {
        Command::Check(args) => ("check", args.usage_problem()?),
        Command::Summary(args) => ("summary", args.usage_problem()?),
        Command::ToParquet(args) => ("to-parquet", args.usage_problem()?),
        _ => return None,
    };
    let mut cli = Cli::command();
    cli.build();
    let error = match cli.find_subcommand_mut(name) {
        Some(sub) => sub.error(clap::error::ErrorKind::WrongNumberOfValues, problem),
        None => cli.error(clap::error::ErrorKind::WrongNumberOfValues, problem),
    };
    Some(error)
}

/// Prints a usage error (which quotes what the user typed) with the
/// characters a terminal would act on escaped, and returns clap's status;
/// `--help` and `--version` go to standard output as clap prints them.
fn usage_error(e: &clap::Error) -> ExitCode {
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e.render().to_string();
    let mut stderr = io::stderr().lock();
    for line in text.lines() {
        let _ = writeln!(stderr, "{}", escape_text(line));
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// Runs `command`, printing to a buffered standard output that is flushed
/// before the outcome is returned.
fn run(command: &Command) -> Result<Outcome, CliError> {
    let mut out = BufWriter::new(io::stdout().lock());
    let done = |result: Result<(), CliError>| result.map(|()| Outcome::Done);
    let result = match command {
        Command::Inspect(args) => done(inspect::run(args, &mut out)),
        Command::Validate(args) => done(validate::run(args, &mut out)),
        Command::Summary(args) => done(summary::run(args, &mut out)),
        Command::Diff(args) => diff::run(args, &mut out),
        Command::Check(args) => check::run(args, &mut out),
        Command::ToJson(args) => done(to_json::run(args, &mut out)),
        Command::Report(args) => done(report::run(args, &mut out)),
        Command::ToPprof(args) => done(to_pprof::run(args, &mut out)),
        Command::ToParquet(args) => done(to_parquet::run(args, &mut out)),
        Command::Symbolize(args) => done(symbolize::run(args, &mut out)),
    };
    // What was printed comes before the error, if there is one.
    let flushed = out.flush().map_err(CliError::stdout);
    result.and_then(|outcome| flushed.map(|()| outcome))
}
