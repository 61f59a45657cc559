use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Record {
    #[binary(len = u8)]
    size: u64,
}

fn main() {}
