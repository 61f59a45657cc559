use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Buffer<'a> {
    bytes: &'a mut [u8],
}

fn main() {}
