use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Record {
    #[binary(len = u64)]
    name: String,
    #[binary(presence_bit = 9)]
    note: Option<String>,
    #[binary(size = "big")]
    size: u64,
}

fn main() {}
