// A tuple struct: fields are named by position, in code and in error paths.
#[derive(BinaryRecord)]
pub struct Pair(pub u32, #[binary(len = u8)] pub String);
