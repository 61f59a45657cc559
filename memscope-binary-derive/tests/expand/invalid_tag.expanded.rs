::core::compile_error! {
    "a tag is exactly 4 bytes, this one has 8"
}
#[automatically_derived]
impl<T> ::memscope_binary::BinaryRecord for Broken<T> {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::UNKNOWN;
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::UNKNOWN;
    fn write_with<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        _: &mut __W,
        _: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        ::core::unreachable!()
    }
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        _: &mut __R,
        _: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        ::core::unreachable!()
    }
    fn decode_slice(
        _: &[u8],
        _: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::core::unreachable!()
    }
    fn encoded_len(&self, _: ::memscope_binary::Layout) -> usize {
        ::core::unreachable!()
    }
}
#[automatically_derived]
impl<'__de, T> ::memscope_binary::BorrowRecord<'__de> for Broken<T> {
    fn decode_borrowed(
        _: &'__de [u8],
        _: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::core::unreachable!()
    }
}
