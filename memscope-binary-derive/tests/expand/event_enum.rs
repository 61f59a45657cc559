// A data-carrying enum: unit, tuple and named variants, explicit and
// implicit discriminants, a detail field and presence bits inside a variant.
#[derive(BinaryRecord)]
#[repr(u8)]
pub enum Event {
    Alloc { ptr: u64, size: u64 } = 1,
    Free(u64),
    Realloc {
        old: u64,
        #[binary(skip)]
        cached: u32,
        #[binary(detail, presence_bit = 0)]
        note: Option<String>,
    } = 7,
    Stop,
}
