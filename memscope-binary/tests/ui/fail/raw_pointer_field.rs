use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Record {
    ptr: *const u8,
    size: usize,
}

fn main() {}
