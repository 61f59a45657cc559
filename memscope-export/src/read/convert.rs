//! [`convert_to_json`]: a file as the JSON document the JSON export
//! writes.

use std::io::{self, Read, Write};

use crate::error::ExportResult;
use crate::json::{JsonDocument, JsonDocumentWriter, JsonTables, RecordView};
use crate::read::BinaryReader;
use crate::read::source::BUFFER;

/// Writes the JSON document the JSON export writes for the same data (the
/// fields the binary carries), streaming: memory does not grow with the
/// number of records. `out` is buffered here (pass it unbuffered) and
/// flushed at the end. Returns the number of records converted.
///
/// A file with call stacks or threads becomes a version-2 document, each
/// allocation with its stack and its thread, as the file has them (see
/// [`JsonDocumentWriter`]).
///
/// A damaged or unreadable input is an [`ExportError::Input`](crate::ExportError::Input);
/// a failed write, an [`ExportError::Io`](crate::ExportError::Io).
pub fn convert_to_json<R: Read, W: Write>(
    mut reader: BinaryReader<R>,
    out: W,
) -> ExportResult<u64> {
    if let Some(mean) = reader.sample_mean() {
        return Err(crate::ExportError::SampledToJson { mean });
    }
    let out = io::BufWriter::with_capacity(BUFFER, out);
    let (timestamp, stats) = (reader.header().timestamp, *reader.stats());
    let records = reader.records();
    let tables = JsonTables::of(records.stacks(), records.threads());
    let document = JsonDocument {
        timestamp,
        stats: &stats,
        tables,
    };
    let mut json = JsonDocumentWriter::begin(out, document)?;
    for record in records {
        let record = record?;
        json.record(
            &RecordView::from(&record.allocation),
            record.stack_id(),
            record.thread_index(),
        )?;
    }
    let converted = json.records_written();
    json.finish()?;
    Ok(converted)
}
