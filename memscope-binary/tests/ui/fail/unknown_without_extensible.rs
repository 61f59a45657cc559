use memscope_binary::BinaryRecord;

// A variant with fields: the reader cannot step over a body it does not
// know without its length.
#[derive(BinaryRecord)]
#[repr(u8)]
enum Event {
    Free(u64),
    #[binary(unknown)]
    Unknown { tag: u8, bytes: Vec<u8> },
}

fn main() {}
