#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Marker {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO;
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO;
    #[inline]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        ::memscope_binary::__private::write_record::<
            Self,
            __W,
            {
                ::memscope_binary::__private::stack_len(
                    <Marker as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Marker as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        ::core::result::Result::Ok(Self {})
    }
    #[inline]
    fn decode_slice(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::memscope_binary::__private::decode_record(__bytes, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        0
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::Fields for Marker {
    #[inline(always)]
    fn write_fields<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        ::core::result::Result::Ok(0)
    }
    #[inline(always)]
    fn decode_fields(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::core::result::Result::Ok((Self {}, 0))
    }
}
