//! `bits = N` on every shape: a packed struct, a generic one, a variant,
//! next to other attributes, and through `macro_rules!`.
use memscope_binary::{BinaryRecord, BitField, Layout};

#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
#[repr(i8)]
enum Sign {
    Minus = -1,
    Zero,
    Plus,
}

#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
#[repr(C, packed)]
struct Packed {
    #[binary(bits = 2)]
    sign: Sign,
    #[binary(bits = 6)]
    magnitude: u8,
    len: u32,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(tag = b"BITS")]
struct Tagged<T: BitField> {
    #[binary(bits = 7)]
    a: T,
    #[binary(bits = 1)]
    b: bool,
    #[binary(skip)]
    cache: u64,
    #[binary(bits = 8, detail)]
    c: T,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible)]
#[repr(u8)]
enum Message {
    Flags(#[binary(bits = 3)] u8, #[binary(bits = 5)] u8),
    #[binary(unknown)]
    Unknown(u8, Vec<u8>),
}

macro_rules! flags {
    ($name:ident { $($field:ident),* }) => {
        #[derive(BinaryRecord, Debug, PartialEq, Default)]
        struct $name {
            $(#[binary(bits = 1)] $field: bool,)*
        }
    };
}

flags!(Permissions { read, write, exec });

fn main() {
    let packed = Packed { sign: Sign::Minus, magnitude: 63, len: 1 };
    assert_eq!(packed.to_bytes(Layout::Basic).unwrap(), [0xFF, 1, 0, 0, 0]);
    let tagged = Tagged { a: 127u8, b: true, cache: 0, c: 1 };
    assert_eq!(tagged.to_bytes(Layout::Detailed).unwrap().len(), 6);
    let message = Message::Flags(7, 31);
    let bytes = message.to_bytes(Layout::Basic).unwrap();
    assert_eq!(Message::decode_slice(&bytes, Layout::Basic).unwrap().0, message);
    let all = Permissions { read: true, write: false, exec: true };
    assert_eq!(all.to_bytes(Layout::Basic).unwrap(), [0b101]);
}
