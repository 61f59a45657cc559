use memscope_binary::BinaryRecord;

// The decoder reads `frames` before it has read `depth`.
#[derive(BinaryRecord)]
struct Trace {
    #[binary(count = depth)]
    frames: Vec<u64>,
    depth: u8,
    #[binary(count = name)]
    name: String,
}

fn main() {}
