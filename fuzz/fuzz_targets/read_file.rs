//! The file reader on arbitrary bytes: an error or records, never a panic,
//! and a file that reads must be internally consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use memscope_export::{BinaryReader, convert_to_json};

fuzz_target!(|data: &[u8]| {
    let Ok(mut reader) = BinaryReader::from_bytes(data) else {
        return;
    };
    let declared = reader.record_count() as usize;
    let mut count = 0usize;
    let mut failed = false;
    for record in reader.records() {
        match record {
            Ok(_) => count += 1,
            Err(e) => {
                // Every error is one line of text.
                assert!(!e.to_string().contains('\n'));
                failed = true;
            }
        }
    }
    if !failed {
        assert_eq!(count, declared);
        // A file that reads also converts.
        let mut json = Vec::new();
        let reader = BinaryReader::from_bytes(data).unwrap();
        let converted = convert_to_json(reader, &mut json).unwrap();
        assert_eq!(converted as usize, declared);
    }
});
