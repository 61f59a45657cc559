#[automatically_derived]
impl<'a> ::memscope_binary::BinaryRecord for Header<'a> {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<[u16; 2] as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::up_to(
                <u8 as ::memscope_binary::__private::Count>::MAX,
                <&'a str as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
            ),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<[u16; 2] as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::up_to(
                <u8 as ::memscope_binary::__private::Count>::MAX,
                <&'a str as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
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
                    <Header<'static> as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Header<'static> as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let __field0 = &{ self.kind };
        let __field1 = &{ self.len };
        let __field2 = &{ self.ids };
        let __field3 = &{ self.name_len };
        let __field4 = &{ self.name };
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <u8 as ::memscope_binary::BinaryRecord>::encoded_len(__field0, __layout),
            );
        __len = __len
            .saturating_add(
                <u32 as ::memscope_binary::BinaryRecord>::encoded_len(__field1, __layout),
            );
        __len = __len
            .saturating_add(
                <[u16; 2] as ::memscope_binary::BinaryRecord>::encoded_len(
                    __field2,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u8 as ::memscope_binary::BinaryRecord>::encoded_len(__field3, __layout),
            );
        __len = __len
            .saturating_add(
                <&'a str as ::memscope_binary::LengthPrefixed>::elements_len(
                    __field4,
                    __layout,
                ),
            );
        __len
    }
    fn schema(__layout: ::memscope_binary::Layout) -> ::memscope_binary::Schema {
        let mut __schema = ::memscope_binary::__private::SchemaBuilder::new(0);
        __schema
            .piece(
                "kind",
                "u8",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "len",
                "u32",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "ids",
                "[u16; 2]",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <[u16; 2] as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <[u16; 2] as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "name_len",
                "u8",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "name",
                "&'a str",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    ::memscope_binary::EncodedSize::up_to(
                        <u8 as ::memscope_binary::__private::Count>::MAX,
                        <&'a str as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
                    ),
                    ::memscope_binary::EncodedSize::up_to(
                        <u8 as ::memscope_binary::__private::Count>::MAX,
                        <&'a str as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
                    ),
                ),
            );
        __schema
            .finish(
                "Header",
                ::core::option::Option::None,
                <Self as ::memscope_binary::BinaryRecord>::encoded_size(__layout),
            )
    }
    fn __pieces(
        &self,
        __layout: ::memscope_binary::Layout,
        __out: &mut ::memscope_binary::hexdump::Pieces,
    ) {
        let __field0 = &{ self.kind };
        let __field1 = &{ self.len };
        let __field2 = &{ self.ids };
        let __field3 = &{ self.name_len };
        let __field4 = &{ self.name };
        __out
            .field(
                "kind",
                |__out| {
                    <u8 as ::memscope_binary::BinaryRecord>::__pieces(
                        __field0,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "len",
                |__out| {
                    <u32 as ::memscope_binary::BinaryRecord>::__pieces(
                        __field1,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "ids",
                |__out| {
                    <[u16; 2] as ::memscope_binary::BinaryRecord>::__pieces(
                        __field2,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "name_len",
                |__out| {
                    <u8 as ::memscope_binary::BinaryRecord>::__pieces(
                        __field3,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "name",
                |__out| {
                    __out
                        .leaf(
                            <&'a str as ::memscope_binary::LengthPrefixed>::elements_len(
                                __field4,
                                __layout,
                            ),
                        )
                },
            );
    }
}
#[automatically_derived]
impl<'__de: 'a, 'a> ::memscope_binary::BorrowRecord<'__de> for Header<'a> {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        { ::memscope_binary::__private::decode_record(__bytes, __layout) }
    }
}
#[automatically_derived]
impl<'a> ::memscope_binary::__private::WriteFields for Header<'a> {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let __field0 = &{ self.kind };
        let __field1 = &{ self.len };
        let __field2 = &{ self.ids };
        let __field3 = &{ self.name_len };
        let __field4 = &{ self.name };
        let mut __written: usize = 0;
        __written
            += <u8 as ::memscope_binary::BinaryRecord>::write_with(
                    __field0,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Header", "kind", __written))?;
        __written
            += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                    __field1,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Header", "len", __written))?;
        __written
            += <[u16; 2] as ::memscope_binary::BinaryRecord>::write_with(
                    __field2,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Header", "ids", __written))?;
        __written
            += <u8 as ::memscope_binary::BinaryRecord>::write_with(
                    __field3,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Header", "name_len", __written))?;
        ::memscope_binary::__private::check_count(
                ::memscope_binary::__private::Count::count(*__field3),
                <&'a str as ::memscope_binary::LengthPrefixed>::element_count(__field4),
                "name_len",
            )
            .map_err(|__e| __e.in_field("Header", "name", __written))?;
        __written
            += <&'a str as ::memscope_binary::LengthPrefixed>::write_elements::<
                _,
                false,
            >(__field4, __w, __layout)
                .map_err(|__e| __e.in_field("Header", "name", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de: 'a, 'a> ::memscope_binary::__private::Fields<'__de> for Header<'a> {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <u8 as ::memscope_binary::BorrowRecord<
            '__de,
        >>::decode_borrowed(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Header", "kind", __offset))?;
        __offset += __used;
        let (__field1, __used) = <u32 as ::memscope_binary::BorrowRecord<
            '__de,
        >>::decode_borrowed(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Header", "len", __offset))?;
        __offset += __used;
        let (__field2, __used) = <[u16; 2] as ::memscope_binary::BorrowRecord<
            '__de,
        >>::decode_borrowed(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Header", "ids", __offset))?;
        __offset += __used;
        let (__field3, __used) = <u8 as ::memscope_binary::BorrowRecord<
            '__de,
        >>::decode_borrowed(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Header", "name_len", __offset))?;
        __offset += __used;
        let (__field4, __used) = <&'a str as ::memscope_binary::BorrowPrefixed<
            '__de,
        >>::decode_borrowed_elements::<
            false,
        >(
                ::memscope_binary::__private::rest(__bytes, __offset),
                ::memscope_binary::__private::Count::count(__field3),
                __layout,
            )
            .map_err(|__e| __e.in_field("Header", "name", __offset))?;
        __offset += __used;
        ::core::result::Result::Ok((
            Self {
                kind: __field0,
                len: __field1,
                ids: __field2,
                name_len: __field3,
                name: __field4,
            },
            __offset,
        ))
    }
}
