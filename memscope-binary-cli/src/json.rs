//! What `--json` prints, the same for every command that has the flag:
//! the value as pretty-printed JSON, then a newline, with the characters a
//! terminal would act on escaped as `\u` (the library's `SafeJson`).

use std::io::{self, Write};

use memscope_export::escape::SafeJson;
use serde::Serialize;

/// Writes `value` as pretty-printed JSON followed by a newline.
pub fn write_pretty(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut json = serde_json::Serializer::with_formatter(&mut *out, SafeJson::pretty());
    value.serialize(&mut json).map_err(io::Error::from)?;
    writeln!(out)
}
