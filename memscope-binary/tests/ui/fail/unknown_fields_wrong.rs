use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(extensible)]
#[repr(u8)]
enum Event {
    Free(u64),
    #[binary(unknown)]
    Unknown { id: u8, data: Vec<u8> },
}

#[derive(BinaryRecord)]
#[binary(extensible)]
#[repr(u8)]
enum Other {
    Free(u64),
    #[binary(unknown)]
    Unknown(Vec<u8>),
}

fn main() {}
