use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(extensible)]
struct Sample {
    id: u32,
    #[binary(default, presence_bit = 0)]
    name: Option<String>,
}

fn main() {}
