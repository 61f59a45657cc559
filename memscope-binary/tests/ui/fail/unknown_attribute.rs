use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(compress)]
struct Record {
    #[binary(rename = "p")]
    ptr: u64,
}

fn main() {}
