// A borrowed record: the names are slices of the input, with the same
// bytes as the owned `AllocationInfo`, and a nested borrowed type.
#[derive(BinaryRecord)]
#[binary(size = 24)]
pub struct AllocationRecord<'a> {
    pub ptr: usize,
    pub size: usize,
    pub timestamp_alloc: u64,
    #[binary(detail, presence_bit = 0)]
    pub var_name: Option<&'a str>,
    #[binary(detail, presence_bit = 1, len = u8)]
    pub type_name: Option<Cow<'a, str>>,
    #[binary(detail)]
    pub frames: Vec<Frame<'a>>,
}
