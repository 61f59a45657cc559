//! One module per subcommand, each owning its arguments and its execution,
//! in one shape:
//!
//! - `Args`, a `clap::Args` struct whose doc comments are the command's
//!   `--help`;
//! - `run(&Args, out) -> Result<(), CliError>`, which prints to `out`
//!   (standard output, flushed by `main`) and leaves failures to `main`
//!   to report; the commands that check limits (`check`, `diff
//!   --fail-if-grown`) return an [`Outcome`] instead of `()`.
//!
//! What several commands share lives outside: the answers themselves in
//! the `memscope-analysis` crate; here, text tables in `table` and
//! `stacks`, `--json` output in `json`, `--format` in `format`, Markdown
//! in `markdown`, sizes, percentages and dates in `units`,
//! opening files in `input` (with `progress`), where converted output
//! goes in `output`.

pub mod check;
pub mod diff;
pub mod inspect;
pub mod report;
pub mod summary;
pub mod symbolize;
pub mod to_json;
pub mod to_parquet;
pub mod to_pprof;
pub mod validate;

/// What a command that ran to its end found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It did what was asked, and every limit it was given held.
    Done,
    /// At least one limit it was given is broken (`check`, `diff
    /// --fail-if-grown`): a distinct exit status.
    LimitsBroken,
}

impl Outcome {
    /// `Done` when `holds`, else `LimitsBroken`.
    pub fn of(holds: bool) -> Self {
        if holds {
            Outcome::Done
        } else {
            Outcome::LimitsBroken
        }
    }
}
