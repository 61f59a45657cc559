use memscope_binary::{BinaryRecord, Layout};

// A record that borrows writes like any other, but only
// `BorrowRecord::decode_borrowed` can decode it: its strings point into
// the input.
#[derive(BinaryRecord)]
struct Entry<'a> {
    name: &'a str,
}

fn main() {
    let bytes = Entry { name: "n" }.to_bytes(Layout::Basic).unwrap();
    let _ = Entry::decode_slice(&bytes, Layout::Basic);
}
