// `#[binary(crate = msb)]`: every path into the runtime crate, the `where`
// bounds included, goes through `msb`.
#[derive(BinaryRecord)]
#[binary(crate = msb, tag = b"WRAP")]
pub struct Renamed<T> {
    pub value: T,
    #[binary(len = u8)]
    pub name: String,
}
