use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(tag = b"STATS")]
struct Stats {
    total: u64,
}

#[derive(BinaryRecord)]
#[binary(tag = "ALOC")]
struct Allocs {
    count: u32,
}

fn main() {}
