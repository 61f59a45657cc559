// A fieldless enum with a tag, encoded as its `repr` integer.
#[derive(BinaryRecord)]
#[binary(tag = b"KIND")]
#[repr(u16)]
pub enum Kind {
    Heap = 1,
    Stack = 7,
    Static,
}
