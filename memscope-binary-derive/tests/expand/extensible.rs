#[derive(BinaryRecord)]
#[binary(extensible)]
struct Sample {
    id: u32,
    #[binary(presence_bit = 0)]
    name: Option<String>,
    #[binary(default)]
    weight: u16,
    #[binary(default = default_unit)]
    unit: u8,
}
