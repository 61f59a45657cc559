#[automatically_derived]
impl<T, U: Clone> ::memscope_binary::BinaryRecord for Wrapper<T, U>
where
    T: ::memscope_binary::BinaryRecord,
    Vec<U>: ::memscope_binary::LengthPrefixed,
    Option<T>: ::core::default::Default,
    Option<T>: ::memscope_binary::BinaryRecord,
    Option<U>: ::core::default::Default,
{
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<T as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <Vec<U> as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
            ),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<T as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <Vec<U> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
        .then(<Option<T> as ::memscope_binary::BinaryRecord>::DETAILED_SIZE);
    #[inline]
    fn write_with<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        ::memscope_binary::__private::write_record::<
            Self,
            __W,
            { ::memscope_binary::__private::STACK_RECORD },
            { ::memscope_binary::__private::STACK_RECORD },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <T as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.value,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <Vec<
                    U,
                > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                    &self.items,
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    <Option<
                        T,
                    > as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.note,
                        __layout,
                    ),
                );
        }
        __len
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __field0 = <T as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Wrapper", "value", __offset))?;
        __offset
            += <T as ::memscope_binary::BinaryRecord>::encoded_len(&__field0, __layout);
        let __field1 = <Vec<
            U,
        > as ::memscope_binary::LengthPrefixed>::read_prefixed::<
            _,
            false,
        >(__r, ::memscope_binary::LenWidth::U8, __layout)
            .map_err(|__e| __e.in_field("Wrapper", "items", __offset))?;
        __offset
            += <Vec<
                U,
            > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                &__field1,
                ::memscope_binary::LenWidth::U8,
                __layout,
            );
        let __field2 = if __layout == ::memscope_binary::Layout::Detailed {
            <Option<T> as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
                .map_err(|__e| __e.in_field("Wrapper", "note", __offset))?
        } else {
            <Option<T> as ::core::default::Default>::default()
        };
        ::core::result::Result::Ok(Self {
            value: __field0,
            items: __field1,
            note: __field2,
            cache: <Option<U> as ::core::default::Default>::default(),
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
                "value",
                "T",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <T as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <T as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "items",
                "Vec<U>",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    ::memscope_binary::EncodedSize::length_prefixed(
                        ::memscope_binary::LenWidth::U8,
                        <Vec<U> as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
                    ),
                    ::memscope_binary::EncodedSize::length_prefixed(
                        ::memscope_binary::LenWidth::U8,
                        <Vec<U> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
                    ),
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "note",
                    "Option<T>",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <Option<T> as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <Option<T> as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
        }
        __schema
            .finish(
                "Wrapper",
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
                "value",
                |__out| {
                    <T as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.value,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "items",
                |__out| {
                    __out
                        .leaf(
                            <Vec<
                                U,
                            > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                &self.items,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            ),
                        )
                },
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __out
                .field(
                    "note",
                    |__out| {
                        <Option<
                            T,
                        > as ::memscope_binary::BinaryRecord>::__pieces(
                            &self.note,
                            __layout,
                            __out,
                        )
                    },
                );
        }
    }
}
#[automatically_derived]
impl<'__de, T, U: Clone> ::memscope_binary::BorrowRecord<'__de> for Wrapper<T, U>
where
    T: ::memscope_binary::BinaryRecord,
    Vec<U>: ::memscope_binary::LengthPrefixed,
    Option<T>: ::core::default::Default,
    Option<T>: ::memscope_binary::BinaryRecord,
    Option<U>: ::core::default::Default,
{
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl<T, U: Clone> ::memscope_binary::__private::WriteFields for Wrapper<T, U>
where
    T: ::memscope_binary::BinaryRecord,
    Vec<U>: ::memscope_binary::LengthPrefixed,
    Option<T>: ::core::default::Default,
    Option<T>: ::memscope_binary::BinaryRecord,
    Option<U>: ::core::default::Default,
{
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
            += <T as ::memscope_binary::BinaryRecord>::write_with(
                    &self.value,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Wrapper", "value", __written))?;
        __written
            += <Vec<
                U,
            > as ::memscope_binary::LengthPrefixed>::write_prefixed::<
                _,
                false,
            >(&self.items, __w, ::memscope_binary::LenWidth::U8, __layout)
                .map_err(|__e| __e.in_field("Wrapper", "items", __written))?;
        if __layout == ::memscope_binary::Layout::Detailed {
            __written
                += <Option<
                    T,
                > as ::memscope_binary::BinaryRecord>::write_with(
                        &self.note,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Wrapper", "note", __written))?;
        }
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de, T, U: Clone> ::memscope_binary::__private::Fields<'__de> for Wrapper<T, U>
where
    T: ::memscope_binary::BinaryRecord,
    Vec<U>: ::memscope_binary::LengthPrefixed,
    Option<T>: ::core::default::Default,
    Option<T>: ::memscope_binary::BinaryRecord,
    Option<U>: ::core::default::Default,
{
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <T as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Wrapper", "value", __offset))?;
        __offset += __used;
        let (__field1, __used) = <Vec<
            U,
        > as ::memscope_binary::LengthPrefixed>::decode_prefixed::<
            false,
        >(
                ::memscope_binary::__private::rest(__bytes, __offset),
                ::memscope_binary::LenWidth::U8,
                __layout,
            )
            .map_err(|__e| __e.in_field("Wrapper", "items", __offset))?;
        __offset += __used;
        let __field2 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field2, __used) = <Option<
                T,
            > as ::memscope_binary::BinaryRecord>::decode_slice(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    __layout,
                )
                .map_err(|__e| __e.in_field("Wrapper", "note", __offset))?;
            __offset += __used;
            __field2
        } else {
            <Option<T> as ::core::default::Default>::default()
        };
        ::core::result::Result::Ok((
            Self {
                value: __field0,
                items: __field1,
                note: __field2,
                cache: <Option<U> as ::core::default::Default>::default(),
            },
            __offset,
        ))
    }
}
