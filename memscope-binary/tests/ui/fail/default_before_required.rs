use memscope_binary::BinaryRecord;

// A writer from before `weight` left out `unit` too: it cannot be required.
#[derive(BinaryRecord)]
#[binary(extensible)]
struct Sample {
    id: u32,
    #[binary(default)]
    weight: u16,
    unit: u8,
}

fn main() {}
