use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(default)]
struct Sample {
    #[binary(extensible)]
    id: u32,
    #[binary(skip, default)]
    cache: u64,
}

fn main() {}
