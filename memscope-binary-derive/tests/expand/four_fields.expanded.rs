#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Four {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u16 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE);
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
                    <Four as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Four as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(&self.a, __layout),
            );
        __len = __len
            .saturating_add(
                <u32 as ::memscope_binary::BinaryRecord>::encoded_len(&self.b, __layout),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    <String as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.name,
                        __layout,
                    ),
                );
        }
        __len = __len
            .saturating_add(
                <u16 as ::memscope_binary::BinaryRecord>::encoded_len(&self.c, __layout),
            );
        __len
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __field0 = <u64 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Four", "a", __offset))?;
        __offset
            += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field0,
                __layout,
            );
        let __field1 = <u32 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Four", "b", __offset))?;
        __offset
            += <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field1,
                __layout,
            );
        let __field2 = if __layout == ::memscope_binary::Layout::Detailed {
            let __field2 = <String as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Four", "name", __offset))?;
            __offset
                += <String as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__field2,
                    __layout,
                );
            __field2
        } else {
            <String as ::core::default::Default>::default()
        };
        let __field3 = <u16 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Four", "c", __offset))?;
        ::core::result::Result::Ok(Self {
            a: __field0,
            b: __field1,
            name: __field2,
            c: __field3,
        })
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
                "a",
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "b",
                "u32",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "name",
                    "String",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <String as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
        }
        __schema
            .piece(
                "c",
                "u16",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u16 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .finish(
                "Four",
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
                "a",
                |__out| {
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.a,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "b",
                |__out| {
                    <u32 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.b,
                        __layout,
                        __out,
                    )
                },
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __out
                .field(
                    "name",
                    |__out| {
                        <String as ::memscope_binary::BinaryRecord>::__pieces(
                            &self.name,
                            __layout,
                            __out,
                        )
                    },
                );
        }
        __out
            .field(
                "c",
                |__out| {
                    <u16 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.c,
                        __layout,
                        __out,
                    )
                },
            );
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Four {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Four {
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
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.a,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Four", "a", __written))?;
        __written
            += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.b,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Four", "b", __written))?;
        if __layout == ::memscope_binary::Layout::Detailed {
            __written
                += <String as ::memscope_binary::BinaryRecord>::write_with(
                        &self.name,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Four", "name", __written))?;
        }
        __written
            += <u16 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.c,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Four", "c", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Four {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Four", "a", __offset))?;
        __offset += __used;
        let (__field1, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Four", "b", __offset))?;
        __offset += __used;
        let __field2 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field2, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    __layout,
                )
                .map_err(|__e| __e.in_field("Four", "name", __offset))?;
            __offset += __used;
            __field2
        } else {
            <String as ::core::default::Default>::default()
        };
        let (__field3, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Four", "c", __offset))?;
        __offset += __used;
        ::core::result::Result::Ok((
            Self {
                a: __field0,
                b: __field1,
                name: __field2,
                c: __field3,
            },
            __offset,
        ))
    }
}
