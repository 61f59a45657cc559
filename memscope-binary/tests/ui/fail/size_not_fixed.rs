use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(size = 10)]
struct Named {
    id: u64,
    name: String,
}

fn main() {}
