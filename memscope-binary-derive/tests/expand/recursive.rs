// A recursive type: the recursive field's size is unknown rather than a
// cycle, and decoding counts the nesting.
#[derive(BinaryRecord)]
#[binary(max_depth = 64)]
pub struct Node {
    pub value: u32,
    pub children: Vec<Node>,
}
