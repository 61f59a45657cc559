use memscope_binary::BinaryRecord;

fn grams() -> String {
    "g".into()
}

#[derive(BinaryRecord)]
#[binary(extensible)]
struct Sample {
    id: u32,
    // A path that names nothing, and one whose value has the wrong type.
    #[binary(default = kilograms)]
    weight: u16,
    #[binary(default = grams)]
    unit: u8,
}

fn main() {}
