#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Pair {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <String as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
            ),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <String as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        );
    #[inline]
    fn write_with<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        ::memscope_binary::__private::write_record::<
            Self,
            __W,
            {
                ::memscope_binary::__private::stack_len(
                    <Pair as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Pair as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <u32 as ::memscope_binary::BinaryRecord>::encoded_len(&self.0, __layout),
            );
        __len = __len
            .saturating_add(
                <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                    &self.1,
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                ),
            );
        __len
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __field0 = <u32 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Pair", "0", __offset))?;
        __offset
            += <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field0,
                __layout,
            );
        let __field1 = <String as ::memscope_binary::LengthPrefixed>::read_prefixed::<
            _,
            false,
        >(__r, ::memscope_binary::LenWidth::U8, __layout)
            .map_err(|__e| __e.in_field("Pair", "1", __offset))?;
        ::core::result::Result::Ok(Self { 0: __field0, 1: __field1 })
    }
    #[inline]
    fn decode_slice(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::memscope_binary::__private::decode_record(__bytes, __layout)
    }
    fn schema(__layout: ::memscope_binary::Layout) -> ::memscope_binary::Schema {
        let mut __schema = ::memscope_binary::__private::SchemaBuilder::new(0);
        __schema
            .piece(
                "0",
                "u32",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "1",
                "String",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    ::memscope_binary::EncodedSize::length_prefixed(
                        ::memscope_binary::LenWidth::U8,
                        <String as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
                    ),
                    ::memscope_binary::EncodedSize::length_prefixed(
                        ::memscope_binary::LenWidth::U8,
                        <String as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
                    ),
                ),
            );
        __schema
            .finish(
                "Pair",
                ::core::option::Option::None,
                <Self as ::memscope_binary::BinaryRecord>::encoded_size(__layout),
            )
    }
    fn __pieces(
        &self,
        __layout: ::memscope_binary::Layout,
        __out: &mut ::memscope_binary::hexdump::Pieces,
    ) {
        __out
            .field(
                "0",
                |__out| {
                    <u32 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.0,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "1",
                |__out| {
                    __out
                        .leaf(
                            <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                &self.1,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            ),
                        )
                },
            );
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Pair {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Pair {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let mut __written: usize = 0;
        __written
            += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.0,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Pair", "0", __written))?;
        __written
            += <String as ::memscope_binary::LengthPrefixed>::write_prefixed::<
                _,
                false,
            >(&self.1, __w, ::memscope_binary::LenWidth::U8, __layout)
                .map_err(|__e| __e.in_field("Pair", "1", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Pair {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Pair", "0", __offset))?;
        __offset += __used;
        let (__field1, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed::<
            false,
        >(
                ::memscope_binary::__private::rest(__bytes, __offset),
                ::memscope_binary::LenWidth::U8,
                __layout,
            )
            .map_err(|__e| __e.in_field("Pair", "1", __offset))?;
        __offset += __used;
        ::core::result::Result::Ok((Self { 0: __field0, 1: __field1 }, __offset))
    }
}
