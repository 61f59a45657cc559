#[automatically_derived]
impl<'a> ::memscope_binary::BinaryRecord for AllocationRecord<'a> {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<usize as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<usize as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<usize as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<usize as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<&'a str as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <Cow<'a, str> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
        .then(<Vec<Frame<'a>> as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(::memscope_binary::EncodedSize::exact(1));
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
                    <AllocationRecord<
                        'static,
                    > as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <AllocationRecord<
                        'static,
                    > as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <usize as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.ptr,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <usize as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.size,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.timestamp_alloc,
                    __layout,
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    match &self.var_name {
                        ::core::option::Option::Some(__value) => {
                            <&'a str as ::memscope_binary::BinaryRecord>::encoded_len(
                                __value,
                                __layout,
                            )
                        }
                        ::core::option::Option::None => {
                            <&'a str as ::memscope_binary::BinaryRecord>::encoded_len(
                                &<&'a str as ::core::default::Default>::default(),
                                __layout,
                            )
                        }
                    },
                );
            __len = __len
                .saturating_add(
                    match &self.type_name {
                        ::core::option::Option::Some(__value) => {
                            <Cow<
                                'a,
                                str,
                            > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                __value,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                        }
                        ::core::option::Option::None => {
                            <Cow<
                                'a,
                                str,
                            > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                &<Cow<'a, str> as ::core::default::Default>::default(),
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                        }
                    },
                );
            __len = __len
                .saturating_add(
                    <Vec<
                        Frame<'a>,
                    > as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.frames,
                        __layout,
                    ),
                );
            __len += 1;
        }
        __len
    }
    fn schema(__layout: ::memscope_binary::Layout) -> ::memscope_binary::Schema {
        let mut __schema = ::memscope_binary::__private::SchemaBuilder::new(0);
        __schema
            .piece(
                "ptr",
                "usize",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <usize as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <usize as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "size",
                "usize",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <usize as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <usize as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "timestamp_alloc",
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "var_name",
                    "Option<&'a str>",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <&'a str as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <&'a str as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "type_name",
                    "Option<Cow<'a, str>>",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        ::memscope_binary::EncodedSize::length_prefixed(
                            ::memscope_binary::LenWidth::U8,
                            <Cow<
                                'a,
                                str,
                            > as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
                        ),
                        ::memscope_binary::EncodedSize::length_prefixed(
                            ::memscope_binary::LenWidth::U8,
                            <Cow<
                                'a,
                                str,
                            > as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
                        ),
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "frames",
                    "Vec<Frame<'a>>",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <Vec<Frame<'a>> as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <Vec<
                            Frame<'a>,
                        > as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "(presence flags)",
                    "u8",
                    ::memscope_binary::EncodedSize::exact(1),
                );
        }
        __schema
            .finish(
                "AllocationRecord",
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
                "ptr",
                |__out| {
                    <usize as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.ptr,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "size",
                |__out| {
                    <usize as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.size,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "timestamp_alloc",
                |__out| {
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.timestamp_alloc,
                        __layout,
                        __out,
                    )
                },
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __out
                .field(
                    "var_name",
                    |__out| {
                        __out
                            .leaf(
                                match &self.var_name {
                                    ::core::option::Option::Some(__value) => {
                                        <&'a str as ::memscope_binary::BinaryRecord>::encoded_len(
                                            __value,
                                            __layout,
                                        )
                                    }
                                    ::core::option::Option::None => {
                                        <&'a str as ::memscope_binary::BinaryRecord>::encoded_len(
                                            &<&'a str as ::core::default::Default>::default(),
                                            __layout,
                                        )
                                    }
                                },
                            )
                    },
                );
            __out
                .field(
                    "type_name",
                    |__out| {
                        __out
                            .leaf(
                                match &self.type_name {
                                    ::core::option::Option::Some(__value) => {
                                        <Cow<
                                            'a,
                                            str,
                                        > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                            __value,
                                            ::memscope_binary::LenWidth::U8,
                                            __layout,
                                        )
                                    }
                                    ::core::option::Option::None => {
                                        <Cow<
                                            'a,
                                            str,
                                        > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                            &<Cow<'a, str> as ::core::default::Default>::default(),
                                            ::memscope_binary::LenWidth::U8,
                                            __layout,
                                        )
                                    }
                                },
                            )
                    },
                );
            __out
                .field(
                    "frames",
                    |__out| {
                        <Vec<
                            Frame<'a>,
                        > as ::memscope_binary::BinaryRecord>::__pieces(
                            &self.frames,
                            __layout,
                            __out,
                        )
                    },
                );
            __out.field("(presence flags)", |__out| __out.leaf(1));
        }
    }
}
#[automatically_derived]
impl<'__de: 'a, 'a> ::memscope_binary::BorrowRecord<'__de> for AllocationRecord<'a> {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        { ::memscope_binary::__private::decode_record(__bytes, __layout) }
    }
}
#[automatically_derived]
impl<'a> ::memscope_binary::__private::WriteFields for AllocationRecord<'a> {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let mut __written: usize = 0;
        let mut __flags: u8 = 0;
        __written
            += <usize as ::memscope_binary::BinaryRecord>::write_with(
                    &self.ptr,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("AllocationRecord", "ptr", __written))?;
        __written
            += <usize as ::memscope_binary::BinaryRecord>::write_with(
                    &self.size,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("AllocationRecord", "size", __written))?;
        __written
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.timestamp_alloc,
                    __w,
                    __layout,
                )
                .map_err(|__e| {
                    __e.in_field("AllocationRecord", "timestamp_alloc", __written)
                })?;
        if __layout == ::memscope_binary::Layout::Detailed {
            let __empty;
            let __value = match &self.var_name {
                ::core::option::Option::Some(__value) => {
                    __flags |= 0b0000_0001;
                    __value
                }
                ::core::option::Option::None => {
                    __empty = <&'a str as ::core::default::Default>::default();
                    &__empty
                }
            };
            __written
                += <&'a str as ::memscope_binary::BinaryRecord>::write_with(
                        __value,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| {
                        __e.in_field("AllocationRecord", "var_name", __written)
                    })?;
            let __empty;
            let __value = match &self.type_name {
                ::core::option::Option::Some(__value) => {
                    __flags |= 0b0000_0010;
                    __value
                }
                ::core::option::Option::None => {
                    __empty = <Cow<'a, str> as ::core::default::Default>::default();
                    &__empty
                }
            };
            __written
                += <Cow<
                    'a,
                    str,
                > as ::memscope_binary::LengthPrefixed>::write_prefixed::<
                    _,
                    false,
                >(__value, __w, ::memscope_binary::LenWidth::U8, __layout)
                    .map_err(|__e| {
                        __e.in_field("AllocationRecord", "type_name", __written)
                    })?;
            __written
                += <Vec<
                    Frame<'a>,
                > as ::memscope_binary::BinaryRecord>::write_with(
                        &self.frames,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| {
                        __e.in_field("AllocationRecord", "frames", __written)
                    })?;
            __written
                += ::memscope_binary::wire::write_bytes(__w, &[__flags])
                    .map_err(|__e| {
                        __e.in_field("AllocationRecord", "(presence flags)", __written)
                    })?;
        }
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de: 'a, 'a> ::memscope_binary::__private::Fields<'__de>
for AllocationRecord<'a> {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <usize as ::memscope_binary::BorrowRecord<
            '__de,
        >>::decode_borrowed(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("AllocationRecord", "ptr", __offset))?;
        __offset += __used;
        let (__field1, __used) = <usize as ::memscope_binary::BorrowRecord<
            '__de,
        >>::decode_borrowed(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("AllocationRecord", "size", __offset))?;
        __offset += __used;
        let (__field2, __used) = <u64 as ::memscope_binary::BorrowRecord<
            '__de,
        >>::decode_borrowed(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| {
                __e.in_field("AllocationRecord", "timestamp_alloc", __offset)
            })?;
        __offset += __used;
        let __field3_at = __offset;
        let __field3 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field3, __used) = <&'a str as ::memscope_binary::BorrowRecord<
                '__de,
            >>::decode_borrowed(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    __layout,
                )
                .map_err(|__e| __e.in_field("AllocationRecord", "var_name", __offset))?;
            __offset += __used;
            ::core::option::Option::Some(__field3)
        } else {
            ::core::option::Option::None
        };
        let __field4_at = __offset;
        let __field4 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field4, __used) = <Cow<
                'a,
                str,
            > as ::memscope_binary::BorrowPrefixed<
                '__de,
            >>::decode_borrowed_prefixed::<
                false,
            >(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                )
                .map_err(|__e| __e.in_field("AllocationRecord", "type_name", __offset))?;
            __offset += __used;
            ::core::option::Option::Some(__field4)
        } else {
            ::core::option::Option::None
        };
        let __field5 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field5, __used) = <Vec<
                Frame<'a>,
            > as ::memscope_binary::BorrowRecord<
                '__de,
            >>::decode_borrowed(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    __layout,
                )
                .map_err(|__e| __e.in_field("AllocationRecord", "frames", __offset))?;
            __offset += __used;
            __field5
        } else {
            <Vec<Frame<'a>> as ::core::default::Default>::default()
        };
        let __flags = if __layout == ::memscope_binary::Layout::Detailed {
            let __flags = ::memscope_binary::__private::decode_flags(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    0b0000_0011,
                )
                .map_err(|__e| {
                    __e.in_field("AllocationRecord", "(presence flags)", __offset)
                })?;
            __offset += 1;
            __flags
        } else {
            0
        };
        let __field3 = ::memscope_binary::__private::apply_presence(
                __field3,
                __flags,
                0b0000_0001,
            )
            .map_err(|__e| __e.in_field("AllocationRecord", "var_name", __field3_at))?;
        let __field4 = ::memscope_binary::__private::apply_presence(
                __field4,
                __flags,
                0b0000_0010,
            )
            .map_err(|__e| __e.in_field("AllocationRecord", "type_name", __field4_at))?;
        ::core::result::Result::Ok((
            Self {
                ptr: __field0,
                size: __field1,
                timestamp_alloc: __field2,
                var_name: __field3,
                type_name: __field4,
                frames: __field5,
            },
            __offset,
        ))
    }
}
const _: () = {
    let __actual = <AllocationRecord<
        'static,
    > as ::memscope_binary::BinaryRecord>::BASIC_SIZE
        .exact_len();
    ::core::assert!(
        __actual.is_some(),
        "`#[binary(size = 24)]` cannot hold: the basic encoding of `AllocationRecord` has no fixed size (a field's length varies)"
    );
    let _: [(); 24usize] = [(); match <AllocationRecord<
        'static,
    > as ::memscope_binary::BinaryRecord>::BASIC_SIZE
        .exact_len()
    {
        ::core::option::Option::Some(__n) => __n,
        ::core::option::Option::None => 24usize,
    }];
};
