use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Trace {
    depth: u8,
    #[binary(count = depth, len = u8)]
    frames: Vec<u64>,
    #[binary(count = depth, presence_bit = 0)]
    name: Option<String>,
}

fn main() {}
