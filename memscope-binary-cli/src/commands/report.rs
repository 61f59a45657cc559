//! `report FILE [--base OLD] [-o OUT]`: one self-contained HTML page of
//! the file (see [`crate::page`]): its header and stats, a flame graph
//! of live bytes by call stack, bytes by type and variable name, the size
//! histogram and the largest allocations; with `--base`, what grew.

use std::io::Write;
use std::path::PathBuf;

use memscope_analysis::{DEFAULT_MAX_NAMES, Options};

use crate::error::CliError;
use crate::input;
use crate::page::{Files, Page, Snapshot, write_report};

/// Write one self-contained HTML page of FILE: header and stats, an
/// interactive flame graph of live bytes by call stack, bytes by type and
/// by variable name, the size histogram, the largest allocations
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file
    pub file: PathBuf,
    /// An earlier export to compare with: adds what grew, by call stack
    /// (a flame graph coloured by growth), by type and by variable name
    #[arg(long, value_name = "OLD")]
    pub base: Option<PathBuf>,
    #[arg(short, long, value_name = "OUT", help = crate::output::OUTPUT_HELP)]
    pub output: Option<PathBuf>,
    /// How many entries each list shows
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
    /// How many distinct type names, and variable names, are counted each
    /// on its own; records under further names are counted as "other
    /// names" (this bounds memory: each name kept is at most 256 bytes)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NAMES)]
    pub max_names: u32,
}

/// Runs `report`: reads the base (if any) and the file, then writes the
/// page to `-o OUT`, replaced atomically, or else to `out`.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let options = Options {
        max_names: args.max_names,
        largest: args.top,
    };
    let output = crate::output::output_kind(args.output.as_deref());
    let files = match &args.base {
        // One name table for both files, the base's names first, as `diff`.
        Some(base) => {
            let comparison = input::compare(base, &args.file, options, output)?;
            Files::compared(base, &args.file, comparison)
        }
        None => Files::One(Box::new(Snapshot::new(
            &args.file,
            input::analyse(&args.file, options, output)?,
        ))),
    };
    let page = Page::new(files, args.top);
    write_report(
        &page,
        crate::output::named_output(args.output.as_deref()),
        out,
    )
}
