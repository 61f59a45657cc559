use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(extensible, size = 8)]
struct Sample {
    id: u32,
    weight: u32,
}

fn main() {}
