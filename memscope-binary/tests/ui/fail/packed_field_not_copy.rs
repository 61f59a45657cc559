use memscope_binary::BinaryRecord;

// A packed struct's fields are copied out (a reference could be unaligned),
// so they must be `Copy`.
#[derive(BinaryRecord)]
#[repr(C, packed)]
struct Header {
    kind: u8,
    name: String,
}

fn main() {}
