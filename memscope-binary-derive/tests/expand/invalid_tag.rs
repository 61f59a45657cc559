// An input with a mistake: the expansion is the compile error, plus a stub
// impl so that uses of the type elsewhere report nothing more.
#[derive(BinaryRecord)]
#[binary(tag = b"TOO_LONG")]
pub struct Broken<T> {
    pub value: T,
}
