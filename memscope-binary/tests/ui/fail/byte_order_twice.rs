use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Header {
    #[binary(big_endian, little_endian)]
    length: u32,
}

fn main() {}
