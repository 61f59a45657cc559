//! Every shape the derive supports compiles and round-trips.
use memscope_binary::{BinaryRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq, Default)]
struct Named {
    a: u8,
    b: i64,
}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Tuple(u32, String);

#[derive(BinaryRecord, Debug, PartialEq)]
struct Unit;

#[derive(BinaryRecord, Debug, PartialEq)]
struct Empty {}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Generic<T, U: Clone> {
    value: T,
    items: Vec<U>,
    #[binary(skip)]
    cache: Option<T>,
}

#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
#[repr(u16)]
enum Kind {
    Heap = 1,
    Stack = 7,
    Static,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[repr(i8)]
enum Signed {
    Minus = -1,
    Zero = 0,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(tag = b"NEST", size = 16)]
struct Nested {
    named: Named,
    kind: Kind,
    signed: Signed,
    #[binary(detail)]
    tuple: Option<Tuple>,
}

fn round_trip<T: BinaryRecord + PartialEq + std::fmt::Debug>(value: T, layout: Layout) {
    let bytes = value.to_bytes(layout).unwrap();
    assert_eq!(bytes.len(), value.encoded_len(layout));
    assert_eq!(T::decode_slice(&bytes, layout).unwrap(), (value, bytes.len()));
}

fn main() {
    round_trip(Named { a: 1, b: -2 }, Layout::Basic);
    round_trip(Tuple(3, "x".into()), Layout::Detailed);
    round_trip(Unit, Layout::Basic);
    round_trip(Empty {}, Layout::Basic);
    round_trip(Generic::<u64, char> { value: 9, items: vec!['a', 'b'], cache: None }, Layout::Basic);
    round_trip(Kind::Static, Layout::Basic);
    round_trip(Signed::Minus, Layout::Basic);
    let nested = Nested {
        named: Named::default(),
        kind: Kind::Stack,
        signed: Signed::Zero,
        tuple: Some(Tuple(1, "t".into())),
    };
    round_trip(nested, Layout::Detailed);
    assert_eq!(Unit::BASIC_SIZE.exact_len(), Some(0));
    assert_eq!(Kind::BASIC_SIZE.exact_len(), Some(2));
}
