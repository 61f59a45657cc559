use memscope_binary::BinaryRecord;

// A reference borrows from the input, so the type needs a lifetime for it.
#[derive(BinaryRecord)]
struct Name {
    name: &'static str,
    #[binary(presence_bit = 0)]
    alias: Option<&'static str>,
}

fn main() {}
