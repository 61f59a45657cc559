//! One mistake, one error: a type whose derive failed still implements
//! `BinaryRecord` (with stub bodies), so its uses below report nothing more.
use memscope_binary::{BinaryRecord, Layout};

#[derive(BinaryRecord)]
#[binary(tag = b"TOO_LONG")]
struct Inner {
    a: u64,
}

#[derive(BinaryRecord)]
struct Outer {
    inner: Inner,
    items: Vec<Inner>,
}

#[derive(BinaryRecord)]
union Word {
    int: u32,
    float: f32,
}

fn takes_record<T: BinaryRecord>(_: &T) {}

fn main() {
    let bytes = Inner { a: 1 }.to_bytes(Layout::Basic).unwrap();
    let _ = Inner::decode_slice(&bytes, Layout::Basic);
    let _ = Outer::BASIC_SIZE;
    takes_record(&Word { int: 0 });
}
