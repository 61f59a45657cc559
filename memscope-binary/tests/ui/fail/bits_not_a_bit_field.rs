use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Header {
    #[binary(bits = 7)]
    name: String,
    #[binary(bits = 8)]
    wide: u128,
}

fn main() {}
