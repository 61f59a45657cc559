//! Hostile input to the derived decoders: input truncated at every byte
//! offset, and every single byte changed to each of a few values, gives an
//! error or a valid value, never a panic; and both decoders agree.

use std::fmt::Debug;

mod common;

use common::records::{AllocationInfo, MemoryStats};
use memscope_binary::{BinaryRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
#[repr(u8)]
enum Kind {
    A = 1,
    B = 2,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(tag = b"HOST")]
struct Everything {
    kind: Kind,
    flag: bool,
    letter: char,
    wide: usize,
    names: Vec<String>,
    maybe: Option<Box<(u16, i32)>>,
    #[binary(detail, presence_bit = 0)]
    var_name: Option<String>,
    #[binary(detail, presence_bit = 1, len = u8)]
    type_name: Option<String>,
}

fn samples() -> Vec<(Vec<u8>, Layout, &'static str)> {
    let everything = Everything {
        kind: Kind::B,
        flag: true,
        letter: 'ß',
        wide: 12345,
        names: vec!["a".into(), "".into(), "ünï".into()],
        maybe: Some(Box::new((7, -9))),
        var_name: Some("v".into()),
        type_name: Some("Vec<u8>".into()),
    };
    let mut info = AllocationInfo::new(0xdead_beef, 4096, 123);
    info.var_name = Some("buffer".into());
    info.type_name = Some("alloc::vec::Vec<u8>".into());
    let mut out = Vec::new();
    for layout in [Layout::Basic, Layout::Detailed] {
        out.push((everything.to_bytes(layout).unwrap(), layout, "Everything"));
        out.push((info.to_bytes(layout).unwrap(), layout, "AllocationInfo"));
        out.push((
            MemoryStats::default().to_bytes(layout).unwrap(),
            layout,
            "MemoryStats",
        ));
    }
    out
}

/// Decodes `bytes` both ways. The decoders must agree on success or failure
/// and on the value. Their errors may differ in where they stop: the slice
/// decoder sees the end of input coming (a count that the remaining bytes
/// cannot hold) while a streaming reader finds out when it gets there; but
/// each error points inside the input.
fn decode_both<T: BinaryRecord + Debug + PartialEq>(bytes: &[u8], layout: Layout) -> Option<usize> {
    let from_slice = T::decode_slice(bytes, layout);
    let mut reader = bytes;
    let from_reader = T::read_with(&mut reader, layout);
    match (from_slice, from_reader) {
        (Ok((a, used)), Ok(b)) => {
            assert_eq!(a, b);
            assert_eq!(used, bytes.len() - reader.len());
            Some(used)
        }
        (Err(a), Err(b)) => {
            assert!(a.offset() <= bytes.len() as u64, "{a}");
            assert!(b.offset() <= bytes.len() as u64, "{b}");
            // Every message is one readable line.
            assert!(!a.to_string().contains('\n'));
            None
        }
        (a, b) => panic!("decoders disagree: {a:?} vs {b:?}"),
    }
}

fn decode_named(name: &str, bytes: &[u8], layout: Layout) -> Option<usize> {
    match name {
        "Everything" => decode_both::<Everything>(bytes, layout),
        "AllocationInfo" => decode_both::<AllocationInfo>(bytes, layout),
        "MemoryStats" => decode_both::<MemoryStats>(bytes, layout),
        _ => unreachable!(),
    }
}

#[test]
fn every_truncation_is_an_error_at_or_before_the_cut() {
    for (bytes, layout, name) in samples() {
        assert_eq!(decode_named(name, &bytes, layout), Some(bytes.len()));
        for cut in 0..bytes.len() {
            assert_eq!(
                decode_named(name, &bytes[..cut], layout),
                None,
                "{name} {layout:?} truncated to {cut} bytes decoded"
            );
        }
    }
}

#[test]
fn every_byte_changed_gives_an_error_or_a_value_never_a_panic() {
    let mut decoded = 0;
    let mut refused = 0;
    for (bytes, layout, name) in samples() {
        for at in 0..bytes.len() {
            for value in [0x00, 0x01, 0x02, 0x7f, 0x80, 0xc3, 0xfe, 0xff] {
                let mut mutated = bytes.clone();
                mutated[at] = value;
                match decode_named(name, &mutated, layout) {
                    Some(used) => {
                        assert!(used <= mutated.len());
                        decoded += 1;
                    }
                    None => refused += 1,
                }
            }
        }
    }
    // Both outcomes occur: the test is not vacuous.
    assert!(
        decoded > 0 && refused > 0,
        "decoded {decoded}, refused {refused}"
    );
}
