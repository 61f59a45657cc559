//! Enums whose variants carry data: named, tuple and unit variants mixed,
//! explicit and implicit discriminants, every field attribute inside a
//! variant, and a generic enum, in a crate that denies
//! warnings.
#![deny(warnings, unused)]

use memscope_binary::{BinaryRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq)]
#[repr(u8)]
pub enum Event {
    Alloc { ptr: u64, size: u64 } = 1,
    Free { ptr: u64 } = 2,
    Realloc { old: u64, new: u64, size: u64 } = 3,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(tag = b"MSG0")]
#[repr(u32)]
pub enum Message {
    Ping,
    Text(#[binary(len = u8)] String, u16),
    Named {
        #[binary(skip)]
        cache: u64,
        #[binary(detail)]
        note: String,
        #[binary(detail, presence_bit = 2)]
        label: Option<String>,
    } = 40,
    Bytes(Vec<u8>),
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[repr(i16)]
pub enum Maybe<T> {
    Nothing = -1,
    Just(T),
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(size = 9)]
#[repr(u8)]
pub enum Fixed {
    A(u64),
    B { b: i64 },
}

fn rt<T: BinaryRecord + PartialEq + std::fmt::Debug>(v: T) {
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = v.to_bytes(layout).unwrap();
        assert_eq!(bytes.len(), v.encoded_len(layout));
        let (from_slice, used) = T::decode_slice(&bytes, layout).unwrap();
        assert_eq!(used, bytes.len());
        assert_eq!(from_slice, T::read_with(&mut bytes.as_slice(), layout).unwrap());
        if layout == Layout::Detailed {
            assert_eq!(from_slice, v);
        }
    }
}

fn main() {
    rt(Event::Alloc { ptr: 1, size: 2 });
    rt(Event::Free { ptr: 1 });
    rt(Event::Realloc { old: 1, new: 2, size: 3 });
    rt(Message::Ping);
    rt(Message::Text("hi".into(), 7));
    rt(Message::Named { cache: 0, note: "n".into(), label: Some(String::new()) });
    rt(Message::Bytes(vec![1, 2, 3]));
    rt(Maybe::Just(5u32));
    rt(Maybe::<u32>::Nothing);
    rt(Fixed::B { b: -1 });
    assert_eq!(Event::BASIC_SIZE.min, 9);
    assert_eq!(Event::BASIC_SIZE.max, Some(25));
    assert_eq!(Fixed::BASIC_SIZE.exact_len(), Some(9));
    assert!(Event::decode_slice(&[4, 0, 0, 0, 0, 0, 0, 0, 0], Layout::Basic).is_err());
}
