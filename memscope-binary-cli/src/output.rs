//! Where a conversion's output goes: `-o OUT`, replaced atomically (or
//! written through when it is a descriptor already open, such as
//! `/dev/stdout`, a FIFO or a device), or standard output (without `-o`,
//! or with `-o -`).

use std::io::Write;
use std::path::{Path, PathBuf};

use memscope_export::{BinaryReader, write_atomically};
use memscope_interchange::InterchangeError;

use crate::error::{CliError, Target};
use crate::input::{self, Input};
use crate::progress::Output;

/// What every conversion is given: the file, and where its output goes.
#[derive(Debug, clap::Args)]
pub struct Conversion {
    /// The memscope binary file
    pub file: PathBuf,
    #[arg(short, long, value_name = "OUT", help = OUTPUT_HELP)]
    pub output: Option<PathBuf>,
}

/// The help of every `-o OUT`.
pub const OUTPUT_HELP: &str = "Write to OUT instead of standard output (`-`: standard output); a file is replaced atomically, an open descriptor (/dev/stdout, /dev/fd/N), a FIFO or a device written through";

impl Conversion {
    /// Where the output goes, for deciding whether progress is seen.
    pub fn output_kind(&self) -> Output {
        output_kind(self.output.as_deref())
    }
}

/// The file `-o` names, if any: `-` names standard output, as no `-o`
/// does.
pub fn named_output(output: Option<&Path>) -> Option<&Path> {
    output.filter(|path| *path != Path::new("-"))
}

/// Where the output `-o` names goes, for deciding whether progress is
/// seen.
pub fn output_kind(output: Option<&Path>) -> Output {
    if named_output(output).is_some() {
        Output::File
    } else {
        Output::Stdout
    }
}

/// Runs `write` on `-o OUT` when `output` names a file, through
/// [`write_atomically`]: a regular file appears whole or not at all, and
/// the previous one stays when `write` fails; an open descriptor
/// (`/dev/stdout`) is written through. Else (no `-o`, or `-o -`) runs it
/// on `out`, standard output. `write` is told where its bytes go, for its
/// errors.
pub fn write_to(
    output: Option<&Path>,
    out: &mut impl Write,
    write: impl FnOnce(&mut dyn Write, Target) -> Result<(), CliError>,
) -> Result<(), CliError> {
    match named_output(output) {
        None => write(out, Target::Stdout),
        Some(path) => {
            // Whatever is buffered for standard output goes first: OUT
            // may be standard output itself.
            out.flush().map_err(CliError::stdout)?;
            write_atomically(path, |file| write(file, Target::File(path.to_owned())))
        }
    }
}

/// Opens the file `args` name and runs `convert` (one of
/// `memscope_interchange`'s conversions) from it to where
/// [`write_to`] says, its errors reported as every command reports them.
pub fn convert(
    args: &Conversion,
    out: &mut impl Write,
    convert: impl FnOnce(BinaryReader<Input>, &mut dyn Write) -> Result<(), InterchangeError>,
) -> Result<(), CliError> {
    let reader = input::open(&args.file, args.output_kind())?;
    write_to(args.output.as_deref(), out, |writer, target| {
        convert(reader, writer).map_err(|e| CliError::conversion(&args.file, target, e))
    })
}
