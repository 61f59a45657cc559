use memscope_binary::BinaryRecord;

// Only bytes are borrowed: a `&[u64]` would need the input to be aligned.
#[derive(BinaryRecord)]
struct Words<'a> {
    words: &'a [u64],
}

fn main() {}
