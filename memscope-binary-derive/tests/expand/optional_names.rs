// Every field attribute, like `AllocationInfo`: optional names with
// presence bits in the detailed layout, chosen length prefixes, a custom
// codec and a field that is never written.
#[derive(BinaryRecord)]
pub struct Allocation {
    pub ptr: usize,
    #[binary(with = Millis)]
    pub age: std::time::Duration,
    #[binary(detail, presence_bit = 0)]
    pub var_name: Option<String>,
    #[binary(detail, presence_bit = 1, len = u8)]
    pub type_name: Option<String>,
    #[binary(detail, len = u8)]
    pub frames: Vec<u64>,
    #[binary(skip)]
    pub thread_id: u64,
}
