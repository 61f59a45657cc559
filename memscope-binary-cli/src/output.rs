//! Where a conversion's output goes: `-o OUT`, replaced atomically (or
//! written through when it is a FIFO or a device), or standard output.

use std::io::Write;
use std::path::Path;

use memscope_export::write_atomically;

use crate::error::{CliError, Target};

/// Runs `write` on `-o OUT` when `output` names it, through
/// [`write_atomically`]: a regular file appears whole or not at all, and
/// the previous one stays when `write` fails. Else runs it on `out`,
/// standard output. `write` is told where its bytes go, for its errors.
pub fn write_to(
    output: Option<&Path>,
    out: &mut impl Write,
    write: impl FnOnce(&mut dyn Write, Target) -> Result<(), CliError>,
) -> Result<(), CliError> {
    match output {
        None => write(out, Target::Stdout),
        Some(path) => write_atomically(path, |file| write(file, Target::File(path.to_owned()))),
    }
}
