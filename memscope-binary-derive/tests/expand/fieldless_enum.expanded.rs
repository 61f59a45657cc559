#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Kind {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::exact(
            4,
        )
        .then(<u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = Self::BASIC_SIZE;
    #[inline]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let __discriminant: u16 = match self {
            Self::Heap => Self::Heap as u16,
            Self::Stack => Self::Stack as u16,
            Self::Static => Self::Static as u16,
        };
        let __written = ::memscope_binary::wire::write_bytes(__w, b"KIND")
            .map_err(|__e| __e.in_field("Kind", "(tag)", 0))?;
        let __used = <u16 as ::memscope_binary::BinaryRecord>::write_with(
                &__discriminant,
                __w,
                __layout,
            )
            .map_err(|__e| __e.in_field("Kind", "(discriminant)", __written))?;
        ::core::result::Result::Ok(__written + __used)
    }
    #[inline]
    fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        ::memscope_binary::__private::read_tag(__r, *b"KIND")
            .map_err(|__e| __e.in_field("Kind", "(tag)", 0))?;
        let __discriminant = <u16 as ::memscope_binary::BinaryRecord>::read_with(
                __r,
                __layout,
            )
            .map_err(|__e| __e.in_field("Kind", "(discriminant)", 4))?;
        Self::__memscope_from_discriminant(__discriminant, 4)
    }
    #[inline]
    fn decode_slice(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::memscope_binary::__private::decode_tag(__bytes, *b"KIND")
            .map_err(|__e| __e.in_field("Kind", "(tag)", 0))?;
        let (__discriminant, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, 4),
                __layout,
            )
            .map_err(|__e| __e.in_field("Kind", "(discriminant)", 4))?;
        let __value = Self::__memscope_from_discriminant(__discriminant, 4)?;
        ::core::result::Result::Ok((__value, 4 + __used))
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        4 + <u16 as ::memscope_binary::BinaryRecord>::encoded_len(&0, __layout)
    }
}
#[automatically_derived]
impl Kind {
    #[doc(hidden)]
    fn __memscope_from_discriminant(
        __discriminant: u16,
        __at: usize,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        if __discriminant == Self::Heap as u16 {
            return ::core::result::Result::Ok(Self::Heap);
        }
        if __discriminant == Self::Stack as u16 {
            return ::core::result::Result::Ok(Self::Stack);
        }
        if __discriminant == Self::Static as u16 {
            return ::core::result::Result::Ok(Self::Static);
        }
        ::core::result::Result::Err(
            ::memscope_binary::__private::invalid_discriminant(
                "Kind",
                __discriminant as i128,
                __at,
            ),
        )
    }
}
