//! Arbitrary bytes read as a version-2 file (the magic and version 2 are
//! put in front): never a panic, whichever way it is read. A file read
//! from memory is read the same from a stream (spooled first), and with
//! the records decoded in place ([`Records::visit`]); every record comes
//! with a stack and a thread of the file's tables; it converts to JSON
//! (a sampled one is refused, by `SampledToJson`);
//! and the analysis of it (frame classification, labels, every view)
//! never panics.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use memscope_analysis::{Analysis, Grouping, Naming, Options};
use memscope_export::{
    BinaryReader, CallStacks, ExportError, ExtensionSegment, FormatError, PlacedRecord, Threads,
    convert_to_json,
};

/// Everything a reading gives: the records with their places, the tables,
/// the segments.
type ReadBack = (
    Vec<PlacedRecord>,
    Option<CallStacks>,
    Option<Threads>,
    Vec<ExtensionSegment>,
);

fn read<R: std::io::Read>(mut reader: BinaryReader<R>) -> Result<ReadBack, FormatError> {
    let stacks = reader.stacks().cloned();
    let threads = reader.threads().cloned();
    let segments = reader.extension_segments().to_vec();
    let mut records = reader.records();
    let mut read = Vec::new();
    while let Some(record) = records.next() {
        let record = record?;
        if let Some(stack) = &record.stack {
            // Every frame of a record's stack resolves.
            assert_eq!(stack.frames().count(), stack.len());
        }
        if let Some(thread) = &record.thread {
            let _ = (thread.id(), thread.name());
        }
        read.push(record.into_placed());
    }
    Ok((read, stacks, threads, segments))
}

/// The records as [`Records::visit`] decodes them, in place.
fn visited(file: &[u8]) -> Result<Vec<PlacedRecord>, FormatError> {
    let mut reader = BinaryReader::from_bytes(file)?;
    let mut read = Vec::new();
    reader
        .records()
        .visit(|record| read.push(record.to_placed()))?;
    Ok(read)
}

fuzz_target!(|data: &[u8]| {
    let mut file = data.to_vec();
    if file.len() < 12 {
        return;
    }
    file[..8].copy_from_slice(b"MEMSCOPE");
    file[8..12].copy_from_slice(&2u32.to_le_bytes());

    let in_memory = BinaryReader::from_bytes(&file).and_then(read);
    let streamed = BinaryReader::from_stream(file.as_slice()).and_then(read);
    let in_place = visited(&file);
    for error in [
        in_memory.as_ref().err(),
        streamed.as_ref().err(),
        in_place.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        // Every error is one line of text.
        assert!(!error.to_string().contains('\n'));
    }
    let analysis = Analysis::read(Cursor::new(&file), Options::default());
    let Ok((records, stacks, threads, segments)) = in_memory else {
        assert!(streamed.is_err() && in_place.is_err() && analysis.is_err());
        return;
    };
    assert_eq!(
        streamed.unwrap(),
        (records.clone(), stacks, threads, segments)
    );
    assert_eq!(in_place.unwrap(), records);

    // Converts to JSON, unless its records are samples, which the JSON
    // document cannot say: then it is refused, by that error.
    let mut json = Vec::new();
    let reader = BinaryReader::from_bytes(&file).unwrap();
    let sampled = reader.sample_mean();
    match (convert_to_json(reader, &mut json), sampled) {
        (Ok(converted), None) => assert_eq!(converted as usize, records.len()),
        (Err(ExportError::SampledToJson { mean }), Some(sampled)) => assert_eq!(mean, sampled),
        (other, sampled) => panic!("to JSON: {other:?}, sampled {sampled:?}"),
    }

    let analysis = analysis.expect("a file that reads is analysed");
    let naming = Naming::default();
    let _ = analysis.summary(10, naming);
    let _ = analysis.top_stacks(10, 64, naming);
    for by in [
        Grouping::Function,
        Grouping::File,
        Grouping::Crate,
        Grouping::Thread,
        Grouping::Type,
        Grouping::Var,
    ] {
        let _ = analysis.group(by, 10, naming);
    }
    // Every block once: the records, or in a sampled file their estimate.
    if sampled.is_none() {
        assert_eq!(analysis.total().count as usize, records.len());
    }
    if let Some(tree) = analysis.flame_tree(naming) {
        assert_eq!(tree.total().count, analysis.total().count);
    }
});
