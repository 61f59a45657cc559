use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(size = 9)]
#[repr(u8)]
enum Event {
    Alloc { ptr: u64, size: u64 },
    Free { ptr: u64 },
}

fn main() {}

#[derive(BinaryRecord)]
#[binary(size = 9)]
#[repr(u8)]
enum Named {
    Fixed(u64),
    Name(String),
}
