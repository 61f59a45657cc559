use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Trace {
    depth: String,
    #[binary(count = depth)]
    frames: Vec<u64>,
    signed: i32,
    #[binary(count = signed)]
    more: Vec<u64>,
}

fn main() {}
