use memscope_binary::BinaryRecord;

// In the basic layout `frames` would be written with no length at all.
#[derive(BinaryRecord)]
struct Trace {
    #[binary(detail)]
    depth: u8,
    #[binary(count = depth)]
    frames: Vec<u64>,
    #[binary(skip)]
    cached: u8,
    #[binary(count = cached)]
    more: Vec<u64>,
}

fn main() {}
