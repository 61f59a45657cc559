use memscope_binary::BinaryRecord;

// `default` needs the record to carry its own length: otherwise a reader
// cannot tell that the writer left the field out.
#[derive(BinaryRecord)]
struct Sample {
    id: u32,
    #[binary(default)]
    weight: u16,
}

fn main() {}
