//! `crate = ...` takes a path, written as a path, once, on the type.
use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(crate = "memscope_binary")]
struct Quoted {
    a: u64,
}

#[derive(BinaryRecord)]
#[binary(crate = 5)]
struct Number {
    a: u64,
}

#[derive(BinaryRecord)]
#[binary(crate = memscope_binary, crate = memscope_binary)]
struct Twice {
    a: u64,
}

#[derive(BinaryRecord)]
struct OnField {
    #[binary(crate = memscope_binary)]
    a: u64,
}

fn main() {}
