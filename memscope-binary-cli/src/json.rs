//! What `--json` prints, the same for every command that has the flag:
//! the value as pretty-printed JSON, then a newline.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as pretty-printed JSON followed by a newline.
pub fn write_pretty(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}
