use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Record<'a> {
    name: &'a str,
}

fn main() {}
