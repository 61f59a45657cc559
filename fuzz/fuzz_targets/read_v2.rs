//! Arbitrary bytes read as a version-2 file (the magic and version 2 are
//! put in front): never a panic, whichever way it is read. A file the
//! streaming reader accepts is also accepted by the reader that reads the
//! stacks first from the end, with the same records, stacks and segments;
//! every stack id a record comes with names a stack; and it converts to
//! JSON.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use memscope_export::{BinaryReader, CallStacks, ExtensionSegment, FormatError, convert_to_json};
use memscope_tracker::AllocationInfo;

/// Everything one way of reading gives: records with the stack id each
/// came with, the stacks, the segments.
type Read = (
    Vec<(AllocationInfo, u32)>,
    Option<CallStacks>,
    Vec<ExtensionSegment>,
);

fn read<R: std::io::Read>(reader: BinaryReader<R>) -> Result<Read, FormatError> {
    let mut records = reader.records();
    let mut read = Vec::new();
    while let Some(record) = records.next() {
        read.push((record?, records.last_stack_id()));
    }
    let segments = records.extension_segments().to_vec();
    Ok((read, records.take_stacks(), segments))
}

fuzz_target!(|data: &[u8]| {
    let mut file = data.to_vec();
    if file.len() < 12 {
        return;
    }
    file[..8].copy_from_slice(b"MEMSCOPE");
    file[8..12].copy_from_slice(&2u32.to_le_bytes());

    let streamed = BinaryReader::new(file.as_slice()).and_then(read);
    let ahead = BinaryReader::from_seekable(Cursor::new(&file)).and_then(|reader| {
        let known = reader.stacks().cloned();
        let read = read(reader)?;
        assert_eq!(known, read.1, "the stacks read first are the stacks");
        Ok(read)
    });
    for error in [&streamed, &ahead]
        .into_iter()
        .filter_map(|r| r.as_ref().err())
    {
        // Every error is one line of text.
        assert!(!error.to_string().contains('\n'));
    }
    let Ok((records, stacks, segments)) = streamed else {
        return;
    };
    let (ahead_records, ahead_stacks, ahead_segments) =
        ahead.expect("a file that streams also reads with its stacks first");
    assert_eq!(ahead_stacks, stacks);
    assert_eq!(ahead_segments, segments);
    assert_eq!(ahead_records.len(), records.len());
    for ((a, id), (b, _)) in ahead_records.iter().zip(&records) {
        assert_eq!(a, b);
        match &stacks {
            Some(stacks) => {
                assert_eq!(*id == 0, stacks.stack(*id).is_none());
                let _ = stacks.call_site(*id);
            }
            None => assert_eq!(*id, 0),
        }
    }
    let mut json = Vec::new();
    let reader = BinaryReader::from_seekable(Cursor::new(&file)).unwrap();
    let converted = convert_to_json(reader, &mut json).unwrap();
    assert_eq!(converted as usize, records.len());
});
