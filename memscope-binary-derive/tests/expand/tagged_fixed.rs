// A fixed-size record with a tag and a size check, like `MemoryStats`: both
// layouts have one exact size, so a write assembles the record on the stack
// and a decode checks the input's length once.
#[derive(BinaryRecord)]
#[binary(tag = b"STAT", size = 28)]
pub struct Stats {
    pub total: u64,
    pub active: u64,
    pub peak: u64,
    pub threads: u32,
}
