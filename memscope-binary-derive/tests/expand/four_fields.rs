// Four fields, one of them only in the detailed layout: the struct whose
// expansion size is tracked (the basic layout has a fixed size, the
// detailed one does not).
#[derive(BinaryRecord)]
pub struct Four {
    a: u64,
    b: u32,
    #[binary(detail)]
    name: String,
    c: u16,
}
