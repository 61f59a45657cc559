//! The derive's newer shapes on arbitrary bytes: an enum with data, a
//! borrowed record (which must decode exactly as its owned twin), a
//! recursive tree (whose nesting is bounded, never a stack overflow), a
//! sequence counted by another field, the std value types, and a plain
//! struct (whose bulk path must agree with field-by-field decoding).
//! Whatever decodes re-encodes to the bytes it came from.
#![no_main]

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
    match (selector >> 1) % 6 {
        0 => check::<Event>(bytes, layout),
        1 => check_borrowed(bytes, layout),
        2 => check::<Node>(bytes, layout),
        3 => check::<Counted>(bytes, layout),
        4 => check::<Vec<Event>>(bytes, layout),
        _ => check_plain(bytes, usize::from(selector >> 4)),
    }
});
