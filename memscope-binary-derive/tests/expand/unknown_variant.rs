#[derive(BinaryRecord)]
#[binary(extensible)]
#[repr(u8)]
enum Event {
    Free(u64) = 2,
    Stop,
    #[binary(unknown)]
    Unknown { tag: u8, bytes: Vec<u8> },
}
