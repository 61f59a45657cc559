use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[repr(u8)]
enum Event {
    Alloc { ptr: u64 } = 1,
    Huge(u64) = 256,
}

#[derive(BinaryRecord)]
#[repr(u16)]
enum Negative {
    Minus = -1,
    Zero,
}

fn main() {}
