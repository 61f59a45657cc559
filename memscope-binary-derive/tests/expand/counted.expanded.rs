#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Trace {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<Vec<u64> as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::up_to(
                <u8 as ::memscope_binary::__private::Count>::MAX,
                <Vec<u64> as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
            ),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<Vec<u64> as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::up_to(
                <u8 as ::memscope_binary::__private::Count>::MAX,
                <Vec<u64> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
        .then(<u16 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::up_to(
                <u16 as ::memscope_binary::__private::Count>::MAX,
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
                    <Trace as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Trace as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.depth,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <Vec<
                    u64,
                > as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.frames,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <Vec<
                    u64,
                > as ::memscope_binary::LengthPrefixed>::elements_len(
                    &self.ips,
                    __layout,
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.name_len,
                        __layout,
                    ),
                );
            __len = __len
                .saturating_add(
                    <String as ::memscope_binary::LengthPrefixed>::elements_len(
                        &self.name,
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
        let __field0 = <u8 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Trace", "depth", __offset))?;
        __offset
            += <u8 as ::memscope_binary::BinaryRecord>::encoded_len(&__field0, __layout);
        let __field1 = <Vec<
            u64,
        > as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Trace", "frames", __offset))?;
        __offset
            += <Vec<
                u64,
            > as ::memscope_binary::BinaryRecord>::encoded_len(&__field1, __layout);
        let __field2 = <Vec<
            u64,
        > as ::memscope_binary::LengthPrefixed>::read_elements::<
            _,
            false,
        >(__r, ::memscope_binary::__private::Count::count(__field0), __layout)
            .map_err(|__e| __e.in_field("Trace", "ips", __offset))?;
        __offset
            += <Vec<
                u64,
            > as ::memscope_binary::LengthPrefixed>::elements_len(&__field2, __layout);
        let __field3 = if __layout == ::memscope_binary::Layout::Detailed {
            let __field3 = <u16 as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Trace", "name_len", __offset))?;
            __offset
                += <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__field3,
                    __layout,
                );
            __field3
        } else {
            <u16 as ::core::default::Default>::default()
        };
        let __field4 = if __layout == ::memscope_binary::Layout::Detailed {
            <String as ::memscope_binary::LengthPrefixed>::read_elements::<
                _,
                false,
            >(__r, ::memscope_binary::__private::Count::count(__field3), __layout)
                .map_err(|__e| __e.in_field("Trace", "name", __offset))?
        } else {
            <String as ::core::default::Default>::default()
        };
        ::core::result::Result::Ok(Self {
            depth: __field0,
            frames: __field1,
            ips: __field2,
            name_len: __field3,
            name: __field4,
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
                "depth",
                "u8",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "frames",
                "Vec<u64>",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <Vec<u64> as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <Vec<u64> as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "ips",
                "Vec<u64>",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    ::memscope_binary::EncodedSize::up_to(
                        <u8 as ::memscope_binary::__private::Count>::MAX,
                        <Vec<u64> as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
                    ),
                    ::memscope_binary::EncodedSize::up_to(
                        <u8 as ::memscope_binary::__private::Count>::MAX,
                        <Vec<u64> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
                    ),
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "name_len",
                    "u16",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <u16 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "name",
                    "String",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        ::memscope_binary::EncodedSize::up_to(
                            <u16 as ::memscope_binary::__private::Count>::MAX,
                            <String as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
                        ),
                        ::memscope_binary::EncodedSize::up_to(
                            <u16 as ::memscope_binary::__private::Count>::MAX,
                            <String as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
                        ),
                    ),
                );
        }
        __schema
            .finish(
                "Trace",
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
                "depth",
                |__out| {
                    <u8 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.depth,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "frames",
                |__out| {
                    <Vec<
                        u64,
                    > as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.frames,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "ips",
                |__out| {
                    __out
                        .leaf(
                            <Vec<
                                u64,
                            > as ::memscope_binary::LengthPrefixed>::elements_len(
                                &self.ips,
                                __layout,
                            ),
                        )
                },
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __out
                .field(
                    "name_len",
                    |__out| {
                        <u16 as ::memscope_binary::BinaryRecord>::__pieces(
                            &self.name_len,
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
                                <String as ::memscope_binary::LengthPrefixed>::elements_len(
                                    &self.name,
                                    __layout,
                                ),
                            )
                    },
                );
        }
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Trace {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Trace {
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
            += <u8 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.depth,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Trace", "depth", __written))?;
        __written
            += <Vec<
                u64,
            > as ::memscope_binary::BinaryRecord>::write_with(
                    &self.frames,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Trace", "frames", __written))?;
        ::memscope_binary::__private::check_count(
                ::memscope_binary::__private::Count::count(self.depth),
                <Vec<
                    u64,
                > as ::memscope_binary::LengthPrefixed>::element_count(&self.ips),
                "depth",
            )
            .map_err(|__e| __e.in_field("Trace", "ips", __written))?;
        __written
            += <Vec<
                u64,
            > as ::memscope_binary::LengthPrefixed>::write_elements::<
                _,
                false,
            >(&self.ips, __w, __layout)
                .map_err(|__e| __e.in_field("Trace", "ips", __written))?;
        if __layout == ::memscope_binary::Layout::Detailed {
            __written
                += <u16 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.name_len,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Trace", "name_len", __written))?;
            ::memscope_binary::__private::check_count(
                    ::memscope_binary::__private::Count::count(self.name_len),
                    <String as ::memscope_binary::LengthPrefixed>::element_count(
                        &self.name,
                    ),
                    "name_len",
                )
                .map_err(|__e| __e.in_field("Trace", "name", __written))?;
            __written
                += <String as ::memscope_binary::LengthPrefixed>::write_elements::<
                    _,
                    false,
                >(&self.name, __w, __layout)
                    .map_err(|__e| __e.in_field("Trace", "name", __written))?;
        }
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Trace {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <u8 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Trace", "depth", __offset))?;
        __offset += __used;
        let (__field1, __used) = <Vec<
            u64,
        > as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Trace", "frames", __offset))?;
        __offset += __used;
        let (__field2, __used) = <Vec<
            u64,
        > as ::memscope_binary::LengthPrefixed>::decode_elements::<
            false,
        >(
                ::memscope_binary::__private::rest(__bytes, __offset),
                ::memscope_binary::__private::Count::count(__field0),
                __layout,
            )
            .map_err(|__e| __e.in_field("Trace", "ips", __offset))?;
        __offset += __used;
        let __field3 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field3, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    __layout,
                )
                .map_err(|__e| __e.in_field("Trace", "name_len", __offset))?;
            __offset += __used;
            __field3
        } else {
            <u16 as ::core::default::Default>::default()
        };
        let __field4 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field4, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_elements::<
                false,
            >(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    ::memscope_binary::__private::Count::count(__field3),
                    __layout,
                )
                .map_err(|__e| __e.in_field("Trace", "name", __offset))?;
            __offset += __used;
            __field4
        } else {
            <String as ::core::default::Default>::default()
        };
        ::core::result::Result::Ok((
            Self {
                depth: __field0,
                frames: __field1,
                ips: __field2,
                name_len: __field3,
                name: __field4,
            },
            __offset,
        ))
    }
}
