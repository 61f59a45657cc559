use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Header {
    #[binary(bits = 0)]
    a: u8,
    #[binary(bits = 65)]
    b: u64,
}

fn main() {}
