use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(tag = b"STAT", size = 60)]
struct Stats {
    total_allocations: u64,
    total_deallocations: u64,
    active_allocations: u64,
    active_memory: u64,
    peak_memory: u64,
    total_allocated: u64,
    total_deallocated: u32,
}

fn main() {}
