use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[repr(u8)]
enum Kind {
    Heap,
    #[binary(unknown)]
    Other(u8),
    #[binary(unknown)]
    Another(u8),
}

fn main() {}
