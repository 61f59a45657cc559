// A generic struct: bounds are added per field that mentions a type
// parameter, and the stack buffer has the largest size instead of the
// exact one.
#[derive(BinaryRecord)]
pub struct Wrapper<T, U: Clone> {
    pub value: T,
    #[binary(len = u8)]
    pub items: Vec<U>,
    #[binary(detail)]
    pub note: Option<T>,
    #[binary(skip)]
    pub cache: Option<U>,
}
