#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Kind {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(::memscope_binary::EncodedSize::exact(4))
        .then(<u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = Self::BASIC_SIZE;
    #[inline]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let mut __written: usize = 0;
        let __at = __written;
        __written
            += ::memscope_binary::wire::write_bytes(__w, &[75u8, 73u8, 78u8, 68u8])
                .map_err(|e| e.in_field("Kind", "(tag)", __at))?;
        let __discriminant: u16 = match self {
            Self::Heap => Self::Heap as u16,
            Self::Stack => Self::Stack as u16,
            Self::Static => Self::Static as u16,
        };
        let __at = __written;
        __written
            += <u16 as ::memscope_binary::BinaryRecord>::write_with(
                    &__discriminant,
                    __w,
                    __layout,
                )
                .map_err(|e| e.in_field("Kind", "(discriminant)", __at))?;
        ::core::result::Result::Ok(__written)
    }
    #[inline]
    fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let __found = ::memscope_binary::wire::read_array::<4, __R>(__r)
            .map_err(|e| e.in_field("Kind", "(tag)", 0))?;
        ::memscope_binary::__private::check_tag(__found, [75u8, 73u8, 78u8, 68u8])
            .map_err(|e| e.in_field("Kind", "(tag)", 0))?;
        let __discriminant = <u16 as ::memscope_binary::BinaryRecord>::read_with(
                __r,
                __layout,
            )
            .map_err(|e| e.in_field("Kind", "(discriminant)", 4usize))?;
        Self::__memscope_from_discriminant(__discriminant, 4usize)
    }
    #[inline]
    fn decode_slice(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let __found = ::memscope_binary::wire::take_array::<4>(__bytes)
            .map_err(|e| e.in_field("Kind", "(tag)", 0))?;
        ::memscope_binary::__private::check_tag(__found, [75u8, 73u8, 78u8, 68u8])
            .map_err(|e| e.in_field("Kind", "(tag)", 0))?;
        let (__discriminant, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, 4usize),
                __layout,
            )
            .map_err(|e| e.in_field("Kind", "(discriminant)", 4usize))?;
        ::core::result::Result::Ok((
            Self::__memscope_from_discriminant(__discriminant, 4usize)?,
            4usize + __used,
        ))
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        4 + <u16 as ::memscope_binary::BinaryRecord>::encoded_len(&0, __layout)
    }
}
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
