//! `unknown` in every form: named and positional, owned and borrowed,
//! generic, bare; and the enum's other attributes beside it.
use std::borrow::Cow;

use memscope_binary::{BinaryRecord, BorrowRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible, tag = b"EVNT", max_depth = 8)]
#[repr(u32)]
enum Event<T> {
    Value(T),
    Nested(Vec<Event<T>>),
    #[binary(unknown)]
    Unknown(u32, Vec<u8>),
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible)]
#[repr(i8)]
enum Borrowed<'a> {
    Name(&'a str) = -1,
    #[binary(unknown)]
    Unknown { tag: i8, bytes: &'a [u8] },
    Cow(Cow<'a, str>),
}

#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
#[binary(size = 1)]
#[repr(u8)]
enum Kind {
    #[binary(unknown)]
    Other { tag: u8 },
    Heap = 10,
}

fn main() {
    let event = Event::Nested(vec![Event::Value(1u64), Event::Unknown(99, vec![1])]);
    let bytes = event.to_bytes(Layout::Basic).unwrap();
    assert_eq!(Event::<u64>::decode_slice(&bytes, Layout::Basic).unwrap().0, event);
    let bytes = [5, 1, 0, 0, 0, 7];
    let (borrowed, _) = Borrowed::decode_borrowed(&bytes, Layout::Basic).unwrap();
    assert_eq!(borrowed, Borrowed::Unknown { tag: 5, bytes: &[7] });
    assert_eq!(Kind::decode_slice(&[3], Layout::Basic).unwrap().0, Kind::Other { tag: 3 });
}
