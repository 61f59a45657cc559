use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Trace {
    depth: u8,
    #[binary(count = depth)]
    frame: u64,
}

fn main() {}
