//! `big_endian` and `little_endian` with every other attribute: generic,
//! borrowed, extensible with defaults, bit fields, presence bits, enums.
use memscope_binary::{BinaryRecord, BorrowRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(big_endian, extensible, tag = b"BIGE")]
struct Record<'a, T> {
    value: T,
    #[binary(little_endian)]
    host: u64,
    name: &'a str,
    #[binary(presence_bit = 0, len = u8)]
    note: Option<&'a str>,
    #[binary(bits = 3)]
    a: u8,
    #[binary(bits = 5, little_endian)]
    b: u8,
    #[binary(default)]
    added: u16,
}

#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
#[binary(big_endian, size = 2)]
#[repr(u16)]
enum Kind {
    A = 1,
    #[binary(unknown)]
    Other(u16),
}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Uses {
    #[binary(big_endian)]
    kinds: Vec<Kind>,
    #[binary(big_endian, bits = 16)]
    kind: Kind,
}

fn main() {
    let record = Record { value: 1u32, host: 2, name: "n", note: Some("x"), a: 1, b: 2, added: 3 };
    let bytes = record.to_bytes(Layout::Detailed).unwrap();
    assert_eq!(Record::<u32>::decode_borrowed(&bytes, Layout::Detailed).unwrap().0, record);
    let uses = Uses { kinds: vec![Kind::A, Kind::Other(9)], kind: Kind::A };
    let bytes = uses.to_bytes(Layout::Basic).unwrap();
    assert_eq!(Uses::decode_slice(&bytes, Layout::Basic).unwrap().0, uses);
}
