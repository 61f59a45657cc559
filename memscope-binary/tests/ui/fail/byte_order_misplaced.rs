use memscope_binary::BinaryRecord;

// `little_endian` is the default of a type: it only turns one field back.
#[derive(BinaryRecord)]
#[binary(little_endian)]
struct Header {
    length: u32,
}

#[derive(BinaryRecord)]
#[repr(u8)]
enum Kind {
    #[binary(big_endian)]
    Heap,
}

fn main() {}
