use memscope_binary::BinaryRecord;

// Nothing recursive to bound.
#[derive(BinaryRecord)]
#[binary(max_depth = 8)]
struct Flat {
    value: u64,
}

#[derive(BinaryRecord)]
#[binary(max_depth = 0)]
struct List {
    next: Option<Box<List>>,
}

fn main() {}
