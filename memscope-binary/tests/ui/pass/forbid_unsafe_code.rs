//! A crate that forbids unsafe code still derives plain structs: the
//! derive's layout claim is generated code, which the lint does not hold
//! against the user.
#![forbid(unsafe_code)]
#![deny(warnings)]

use memscope_binary::{BinaryRecord, Layout};

#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
pub struct Block {
    ptr: u64,
    size: u64,
    timestamp: u64,
}

#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
pub struct Pair<T>(T, T);

fn main() {
    let blocks = vec![Block { ptr: 1, size: 2, timestamp: 3 }; 4];
    let mut bytes = Vec::new();
    Block::write_many(&blocks, &mut bytes, Layout::Basic).unwrap();
    assert_eq!(Block::decode_many(&bytes, 4, Layout::Basic).unwrap(), (blocks, 96));
    assert!(<Pair<u32> as BinaryRecord>::__PLAIN.get() == cfg!(target_endian = "little"));
}
