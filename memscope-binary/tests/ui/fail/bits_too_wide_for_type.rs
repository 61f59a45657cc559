use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Header {
    #[binary(bits = 9)]
    version: u8,
    #[binary(bits = 2)]
    flag: bool,
}

fn main() {}
