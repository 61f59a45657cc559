//! A `crate = ...` path that names nothing: one error, at the path, however
//! many times the generated code uses it.
use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(crate = not_a_crate)]
struct Record {
    a: u64,
    b: String,
}

fn main() {}
