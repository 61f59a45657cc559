#[derive(BinaryRecord)]
struct Header {
    #[binary(bits = 3)]
    version: u8,
    #[binary(bits = 1)]
    compressed: bool,
    len: u8,
    #[binary(detail, bits = 12)]
    level: u16,
}
