use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(tag = b"AB", skip)]
struct Record {
    #[binary(skip, len = u8)]
    a: String,
    #[binary(bogus)]
    b: u64,
    #[binary(detail, detail)]
    c: u64,
    #[binary(size = 3)]
    d: u64,
}

fn main() {}
