use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(extensible)]
struct Header {
    #[binary(bits = 4, len = u8)]
    name: String,
    #[binary(bits = 1, presence_bit = 0)]
    flag: Option<bool>,
    #[binary(skip, bits = 3)]
    cached: u8,
    #[binary(default, bits = 2)]
    added: u8,
}

fn main() {}
