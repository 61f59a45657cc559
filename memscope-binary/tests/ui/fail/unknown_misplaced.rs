use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
#[binary(unknown)]
struct Record {
    #[binary(unknown)]
    id: u32,
}

#[derive(BinaryRecord)]
#[repr(u8)]
enum Kind {
    #[binary(skip)]
    Heap,
    #[binary(unknown)]
    Other(#[binary(detail)] u8),
}

fn main() {}
