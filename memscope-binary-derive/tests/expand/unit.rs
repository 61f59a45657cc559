// A unit struct: nothing to write, read or decode.
#[derive(BinaryRecord)]
pub struct Marker;
