::core::compile_error! {
    "a tag is exactly 4 bytes, this one has 8"
}
