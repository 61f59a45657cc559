// A packed struct: its fields may be unaligned, so they are copied out,
// never referenced (they must be `Copy`, which a borrowed `&str` is).
#[derive(BinaryRecord)]
#[repr(C, packed)]
pub struct Header<'a> {
    pub kind: u8,
    pub len: u32,
    pub ids: [u16; 2],
    pub name_len: u8,
    #[binary(count = name_len)]
    pub name: &'a str,
}
