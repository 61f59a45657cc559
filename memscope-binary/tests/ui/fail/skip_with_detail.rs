use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Record {
    ptr: u64,
    #[binary(skip, detail)]
    scope: Option<String>,
}

fn main() {}
