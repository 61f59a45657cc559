use memscope_binary::BinaryRecord;

// An absent `next` would be written as an empty `List`, whose own `next`
// is written as an empty `List`, and so on.
#[derive(BinaryRecord, Default, PartialEq)]
struct List {
    value: u8,
    #[binary(presence_bit = 0)]
    next: Option<Box<List>>,
}

fn main() {}
