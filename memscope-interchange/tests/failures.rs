//! How both conversions fail: a damaged input, a failed write; each a
//! typed error, the same for both.

mod common;

use std::io::{self, Write};

use common::{file, reader, six_records};
use memscope_export::{BinaryReader, FormatError};
use memscope_interchange::PprofOptions;
use memscope_interchange::{InterchangeError, InterchangeResult, to_parquet, to_pprof};

/// A conversion, named as its errors name it.
type Conversion = fn(BinaryReader<io::Cursor<&[u8]>>, &mut dyn Write) -> InterchangeResult<()>;

/// Both conversions, with the name of their format.
const CONVERSIONS: [(&str, Conversion); 2] = [
    ("pprof", |reader, out| {
        to_pprof(reader, out, PprofOptions::default()).map(drop)
    }),
    ("Parquet", |reader, out| to_parquet(reader, out).map(drop)),
];

/// A writer that fails every write.
struct Full;

impl Write for Full {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::other("disk full"))
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failed_write_is_an_output_error_naming_the_format() {
    let (records, stacks, _) = six_records();
    let bytes = file(&records, Some(&stacks), None);
    for (format, convert) in CONVERSIONS {
        let error = convert(reader(&bytes), &mut Full).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("cannot write the {format} output: disk full")
        );
    }
}

#[test]
fn a_damaged_input_is_the_readers_error() {
    let (records, stacks, _) = six_records();
    let mut bytes = file(&records, Some(&stacks), None);
    let last = bytes.len() - 1;
    bytes[last] ^= 1; // the checksum
    for (format, convert) in CONVERSIONS {
        let error = convert(reader(&bytes), &mut Vec::new()).unwrap_err();
        assert!(
            matches!(
                error,
                InterchangeError::Input(FormatError::ChecksumMismatch { .. })
            ),
            "{format}: {error:?}"
        );
    }
}
