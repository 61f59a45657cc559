use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
enum Kind {
    Heap,
    Stack,
}

fn main() {}
