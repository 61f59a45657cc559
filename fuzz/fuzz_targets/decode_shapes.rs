//! The derive's newer shapes on arbitrary bytes: an enum with data, a
//! borrowed record (which must decode exactly as its owned twin), a
//! recursive tree (whose nesting is bounded, never a stack overflow), a
//! sequence counted by another field, the std value types, and a plain
//! struct (whose bulk path must agree with field-by-field decoding);
//! issue 22's shapes: extensible records and enums read by an older and a
//! newer definition, an unknown variant, bit fields, big-endian fields, and
//! a canonical hash map. Whatever decodes re-encodes to the bytes it came
//! from, except where a reader may drop what it does not know (an older
//! reader, a map written in another order): there the re-encoding decodes
//! to the same value.
#![no_main]

use std::collections::HashMap;
use std::fmt::Debug;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use memscope_binary::{BinaryRecord, BorrowRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq)]
#[repr(u8)]
enum Event {
    Alloc {
        ptr: u64,
        size: u64,
    } = 1,
    Free {
        ptr: u64,
    },
    Named(
        #[binary(len = u8)] String,
        #[binary(detail, presence_bit = 0)] Option<String>,
    ),
}

/// Twins with one name, so that their errors read the same.
mod owned {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, PartialEq)]
    pub struct Entry {
        pub id: u32,
        pub name: String,
        #[binary(detail, presence_bit = 0)]
        pub note: Option<String>,
        pub bytes: Vec<u8>,
    }
}

mod borrowed {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, PartialEq)]
    pub struct Entry<'a> {
        pub id: u32,
        pub name: &'a str,
        #[binary(detail, presence_bit = 0)]
        pub note: Option<&'a str>,
        pub bytes: &'a [u8],
    }
}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Node {
    value: u8,
    children: Vec<Node>,
}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Counted {
    len: u16,
    #[binary(count = len)]
    items: Vec<u32>,
    #[binary(detail)]
    when: Duration,
    nonzero: Option<std::num::NonZeroU64>,
}

/// Two versions of an extensible enum with an unknown variant.
mod v1 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, PartialEq)]
    #[binary(extensible)]
    #[repr(u8)]
    pub enum Event {
        Alloc {
            ptr: u64,
        } = 1,
        #[binary(unknown)]
        Unknown {
            tag: u8,
            bytes: Vec<u8>,
        },
    }
}

mod v2 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, PartialEq)]
    #[binary(extensible)]
    #[repr(u8)]
    pub enum Event {
        Alloc {
            ptr: u64,
            #[binary(default)]
            size: u32,
            #[binary(default, detail)]
            name: String,
        } = 1,
        Free(#[binary(bits = 4)] u8, #[binary(bits = 4)] u8),
        #[binary(unknown)]
        Unknown {
            tag: u8,
            bytes: Vec<u8>,
        },
    }
}

/// Bit fields and byte order together.
#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(big_endian)]
struct Header {
    #[binary(bits = 3)]
    version: u8,
    #[binary(bits = 1)]
    flag: bool,
    #[binary(bits = 12)]
    delta: i16,
    length: u32,
    #[binary(little_endian)]
    host: u16,
    ports: Vec<u16>,
}

#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
struct Plain {
    a: u64,
    b: u32,
    c: [u16; 2],
}

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

/// For a reader that may drop what it does not know: what decodes
/// re-encodes to bytes that decode to the same value, and both decoders
/// agree.
fn check_reencoded<T: BinaryRecord + PartialEq + Debug>(bytes: &[u8], layout: Layout) {
    let from_slice = T::decode_slice(bytes, layout);
    let mut rest = bytes;
    let from_reader = T::read_with(&mut rest, layout);
    match (from_slice, from_reader) {
        (Ok((value, used)), Ok(streamed)) => {
            assert_eq!(value, streamed);
            assert_eq!(used, bytes.len() - rest.len());
            let again = value.to_bytes(layout).unwrap();
            assert_eq!(value.encoded_len(layout), again.len());
            assert_eq!(
                T::decode_slice(&again, layout).unwrap(),
                (value, again.len())
            );
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!("decoders disagree: {a:?} / {b:?}"),
    }
}

/// Whatever a newer reader decodes, an older one decodes too, using as
/// many bytes.
fn check_versions(bytes: &[u8], layout: Layout) {
    check_reencoded::<v2::Event>(bytes, layout);
    check_reencoded::<v1::Event>(bytes, layout);
    if let Ok((_, used)) = v2::Event::decode_slice(bytes, layout) {
        let (_, old_used) = v1::Event::decode_slice(bytes, layout).unwrap();
        assert_eq!(used, old_used);
    }
}

fn check_borrowed(bytes: &[u8], layout: Layout) {
    let owned = owned::Entry::decode_slice(bytes, layout);
    match (owned, borrowed::Entry::decode_borrowed(bytes, layout)) {
        (Ok((owned, used)), Ok((borrowed, used_b))) => {
            assert_eq!(used, used_b);
            assert_eq!(owned.name, borrowed.name);
            assert_eq!(owned.note.as_deref(), borrowed.note);
            assert_eq!(owned.bytes, borrowed.bytes);
            let mut again = Vec::new();
            borrowed.write_borrowed(&mut again, layout).unwrap();
            assert_eq!(again, &bytes[..used]);
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("owned {a:?} but borrowed {b:?}"),
    }
}

fn check_plain(bytes: &[u8], count: usize) {
    let bulk = Plain::decode_many(bytes, count, Layout::Basic);
    let fields = <(u64, u32, [u16; 2])>::decode_many(bytes, count, Layout::Basic);
    match (bulk, fields) {
        (Ok((plain, used)), Ok((tuples, used_t))) => {
            assert_eq!(used, used_t);
            for (p, t) in plain.iter().zip(&tuples) {
                assert_eq!((p.a, p.b, p.c), *t);
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("bulk {a:?} but field by field {b:?}"),
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
    match (selector >> 1) % 9 {
        0 => check::<Event>(bytes, layout),
        1 => check_borrowed(bytes, layout),
        2 => check::<Node>(bytes, layout),
        3 => check::<Counted>(bytes, layout),
        4 => check::<Vec<Event>>(bytes, layout),
        5 => check_versions(bytes, layout),
        6 => check::<Header>(bytes, layout),
        7 => check_reencoded::<HashMap<u16, String>>(bytes, layout),
        _ => check_plain(bytes, usize::from(selector >> 4)),
    }
});
