// Lengths held in earlier fields: no prefix is written for `frames` and
// `name`, whose lengths are `depth` and `name_len`, checked on write.
#[derive(BinaryRecord)]
pub struct Trace {
    pub depth: u8,
    pub frames: Vec<u64>,
    #[binary(count = depth)]
    pub ips: Vec<u64>,
    #[binary(detail)]
    pub name_len: u16,
    #[binary(detail, count = name_len)]
    pub name: String,
}
