//! The derived decoders on arbitrary bytes, in both layouts: the slice and
//! streaming decoders agree, and whatever decodes re-encodes to exactly the
//! bytes it was decoded from (the encoding is canonical).
#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use memscope_binary::{BinaryRecord, Layout};
use memscope_export::format::{AllocationSegmentHeader, FileHeader, Footer};
use memscope_tracker::{AllocationInfo, MemoryStats};

fn check<T: BinaryRecord + PartialEq + Debug>(bytes: &[u8], layout: Layout) {
    let from_slice = T::decode_slice(bytes, layout);
    let mut rest = bytes;
    let from_reader = T::read_with(&mut rest, layout);
    match (from_slice, from_reader) {
        (Ok((value, used)), Ok(streamed)) => {
            assert_eq!(value, streamed);
            assert_eq!(used, bytes.len() - rest.len());
            assert_eq!(value.encoded_len(layout), used);
            assert_eq!(value.to_bytes(layout).unwrap(), &bytes[..used]);
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!("decoders disagree: {a:?} / {b:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let layout = if selector & 1 == 0 {
        Layout::Basic
    } else {
        Layout::Detailed
    };
    match selector >> 1 {
        0 => check::<AllocationInfo>(bytes, layout),
        1 => check::<MemoryStats>(bytes, layout),
        2 => check::<FileHeader>(bytes, layout),
        3 => check::<AllocationSegmentHeader>(bytes, layout),
        4 => check::<Footer>(bytes, layout),
        5 => check::<Vec<AllocationInfo>>(bytes, layout),
        6 => check::<(Option<String>, Vec<u16>, bool, char)>(bytes, layout),
        _ => check::<[Option<Box<i64>>; 3]>(bytes, layout),
    }
});
