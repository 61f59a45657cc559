use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[repr(u8)]
enum Event {
    Alloc(u64),
    Free { ptr: u64 },
    Idle,
}

fn main() {}
