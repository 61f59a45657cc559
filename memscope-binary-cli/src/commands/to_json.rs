//! `to-json FILE [-o OUT]`: the library's [`convert_to_json`], streamed to
//! standard output or atomically to a file, with a progress bar for large
//! files when a person is watching.

use std::io::Write;
use std::path::Path;

use memscope_export::{BinaryReader, ExportError, convert_to_json};

use crate::error::{CliError, Target};
use crate::input::{self, Input};
use crate::output::{self, Conversion};

/// Convert FILE to the JSON document of the JSON export
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file, and where its output goes.
    #[command(flatten)]
    pub paths: Conversion,
}

/// Runs `to-json`: converts the file and writes the document to `-o OUT`,
/// replaced atomically, or else to `out`, standard output.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let path = &args.paths.file;
    let reader = input::open(path, args.paths.output_kind())?;
    output::write_to(args.paths.output.as_deref(), out, |writer, target| {
        convert(path, reader, writer, target)
    })
}

/// Converts; the library's error says whether the input or the output
/// failed.
fn convert(
    path: &Path,
    reader: BinaryReader<Input>,
    writer: impl Write,
    target: Target,
) -> Result<(), CliError> {
    convert_to_json(reader, writer)
        .map(drop)
        .map_err(|e| match e {
            ExportError::Input(source) => CliError::input(path, source.in_file(path)),
            ExportError::Io { source, .. } => CliError::Output {
                target,
                action: "cannot write",
                source,
            },
            other => CliError::File(other),
        })
}
