use memscope_binary::BinaryRecord;

// 40 + 30 bits in one run: a group holds at most 64.
#[derive(BinaryRecord)]
struct Header {
    #[binary(bits = 40)]
    a: u64,
    #[binary(bits = 30)]
    b: u32,
}

fn main() {}
