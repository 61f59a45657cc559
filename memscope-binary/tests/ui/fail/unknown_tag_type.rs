use memscope_binary::BinaryRecord;

// The tag is the discriminant: it has the repr's type.
#[derive(BinaryRecord)]
#[repr(u16)]
enum Kind {
    Heap,
    #[binary(unknown)]
    Other(u8),
}

#[derive(BinaryRecord)]
#[binary(extensible)]
#[repr(u8)]
enum Event {
    Free(u64),
    #[binary(unknown)]
    Unknown { tag: u32, bytes: Vec<u8> },
}

fn main() {}
