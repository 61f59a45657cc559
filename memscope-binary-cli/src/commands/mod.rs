//! One module per subcommand, each owning its arguments and its execution,
//! in one shape:
//!
//! - `Args`, a `clap::Args` struct whose doc comments are the command's
//!   `--help`;
//! - `run(&Args, out) -> Result<(), CliError>`, which prints to `out`
//!   (standard output, flushed by `main`) and leaves failures to `main`
//!   to report.
//!
//! What several commands share lives outside: the answers themselves in
//! the `memscope-analysis` crate; here, text tables in `table` and
//! `stacks`, `--json` output in `json`, sizes and dates in `units`,
//! opening files in `input` (with `progress`), where converted output
//! goes in `output`.

pub mod diff;
pub mod inspect;
pub mod report;
pub mod summary;
pub mod to_json;
pub mod to_parquet;
pub mod to_pprof;
pub mod validate;
