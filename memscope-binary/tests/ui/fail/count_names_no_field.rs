use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Trace {
    depth: u8,
    #[binary(count = dpeth)]
    frames: Vec<u64>,
}

#[derive(BinaryRecord)]
struct Pair(u8, #[binary(count = 2)] Vec<u8>);

fn main() {}
