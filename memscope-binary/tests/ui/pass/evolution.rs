//! `extensible` and `default` on every shape: named, tuple and generic
//! structs, enum variants, and a record built by `macro_rules!`.
use memscope_binary::{BinaryRecord, Layout};

fn seven() -> u8 {
    7
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible)]
struct Named {
    id: u32,
    #[binary(default)]
    added: Vec<u8>,
    #[binary(default = seven, detail)]
    later: u8,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible)]
struct Tuple(u16, #[binary(default)] u16);

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible, tag = b"GNRC")]
struct Generic<T> {
    value: T,
    #[binary(default)]
    more: Option<T>,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible)]
struct Unit;

macro_rules! record {
    ($name:ident { $($field:ident: $ty:ty),* } + $added:ident: $added_ty:ty) => {
        #[derive(BinaryRecord, Debug, PartialEq)]
        #[binary(extensible)]
        struct $name {
            $($field: $ty,)*
            #[binary(default)]
            $added: $added_ty,
        }
    };
}

record!(FromMacro { a: u8, b: String } + c: u64);

fn main() {
    let named = Named { id: 1, added: vec![2], later: 3 };
    let bytes = named.to_bytes(Layout::Detailed).unwrap();
    assert_eq!(Named::decode_slice(&bytes, Layout::Detailed).unwrap().0, named);
    let tuple = Tuple(1, 2);
    assert_eq!(Tuple::decode_slice(&tuple.to_bytes(Layout::Basic).unwrap(), Layout::Basic).unwrap().0, tuple);
    let generic = Generic { value: 1u32, more: Some(2) };
    let bytes = generic.to_bytes(Layout::Basic).unwrap();
    assert_eq!(Generic::<u32>::decode_slice(&bytes, Layout::Basic).unwrap().0, generic);
    assert_eq!(Unit.to_bytes(Layout::Basic).unwrap(), [0, 0, 0, 0]);
    let made = FromMacro { a: 1, b: "b".into(), c: 3 };
    assert_eq!(FromMacro::decode_slice(&made.to_bytes(Layout::Basic).unwrap(), Layout::Basic).unwrap().0, made);
}
