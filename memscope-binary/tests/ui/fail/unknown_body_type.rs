use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(extensible)]
#[repr(u8)]
enum Event {
    Free(u64),
    #[binary(unknown)]
    Unknown { tag: u8, bytes: String },
}

fn main() {}
