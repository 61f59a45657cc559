use memscope_binary::BinaryRecord;

struct Opaque;

#[derive(BinaryRecord)]
struct Record {
    ptr: u64,
    handle: Opaque,
}

fn main() {}
