// Fixed-size integers only: the derive asks the compiler whether the
// struct's memory is its encoding (every field plain, back to back in
// declaration order), and slices of it are then copied in one piece.
#[derive(BinaryRecord)]
pub struct Block {
    pub ptr: u64,
    pub size: u64,
    pub timestamp: u64,
}
