#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Allocation {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<usize as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            <Millis as ::memscope_binary::FieldCodec<std::time::Duration>>::BASIC_SIZE,
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<usize as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            <Millis as ::memscope_binary::FieldCodec<std::time::Duration>>::DETAILED_SIZE,
        )
        .then(<String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <String as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <Vec<u64> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
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
                    <Allocation as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Allocation as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
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
                <Millis as ::memscope_binary::FieldCodec<
                    std::time::Duration,
                >>::encoded_len(&self.age, __layout),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    match &self.var_name {
                        ::core::option::Option::Some(__value) => {
                            <String as ::memscope_binary::BinaryRecord>::encoded_len(
                                __value,
                                __layout,
                            )
                        }
                        ::core::option::Option::None => {
                            <String as ::memscope_binary::BinaryRecord>::encoded_len(
                                &<String as ::core::default::Default>::default(),
                                __layout,
                            )
                        }
                    },
                );
            __len = __len
                .saturating_add(
                    match &self.type_name {
                        ::core::option::Option::Some(__value) => {
                            <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                __value,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                        }
                        ::core::option::Option::None => {
                            <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                &<String as ::core::default::Default>::default(),
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                        }
                    },
                );
            __len = __len
                .saturating_add(
                    <Vec<
                        u64,
                    > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                        &self.frames,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    ),
                );
            __len += 1;
        }
        __len
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __field0 = <usize as ::memscope_binary::BinaryRecord>::read_with(
                __r,
                __layout,
            )
            .map_err(|__e| __e.in_field("Allocation", "ptr", __offset))?;
        __offset
            += <usize as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field0,
                __layout,
            );
        let __field1 = <Millis as ::memscope_binary::FieldCodec<
            std::time::Duration,
        >>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Allocation", "age", __offset))?;
        __offset
            += <Millis as ::memscope_binary::FieldCodec<
                std::time::Duration,
            >>::encoded_len(&__field1, __layout);
        let __field2_at = __offset;
        let __field2 = if __layout == ::memscope_binary::Layout::Detailed {
            let __field2 = <String as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Allocation", "var_name", __offset))?;
            __offset
                += <String as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__field2,
                    __layout,
                );
            ::core::option::Option::Some(__field2)
        } else {
            ::core::option::Option::None
        };
        let __field3_at = __offset;
        let __field3 = if __layout == ::memscope_binary::Layout::Detailed {
            let __field3 = <String as ::memscope_binary::LengthPrefixed>::read_prefixed::<
                _,
                false,
            >(__r, ::memscope_binary::LenWidth::U8, __layout)
                .map_err(|__e| __e.in_field("Allocation", "type_name", __offset))?;
            __offset
                += <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                    &__field3,
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                );
            ::core::option::Option::Some(__field3)
        } else {
            ::core::option::Option::None
        };
        let __field4 = if __layout == ::memscope_binary::Layout::Detailed {
            let __field4 = <Vec<
                u64,
            > as ::memscope_binary::LengthPrefixed>::read_prefixed::<
                _,
                false,
            >(__r, ::memscope_binary::LenWidth::U8, __layout)
                .map_err(|__e| __e.in_field("Allocation", "frames", __offset))?;
            __offset
                += <Vec<
                    u64,
                > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                    &__field4,
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                );
            __field4
        } else {
            <Vec<u64> as ::core::default::Default>::default()
        };
        let __flags = if __layout == ::memscope_binary::Layout::Detailed {
            ::memscope_binary::__private::read_flags(__r, 0b0000_0011)
                .map_err(|__e| __e.in_field("Allocation", "(presence flags)", __offset))?
        } else {
            0
        };
        let __field2 = ::memscope_binary::__private::apply_presence(
                __field2,
                __flags,
                0b0000_0001,
            )
            .map_err(|__e| __e.in_field("Allocation", "var_name", __field2_at))?;
        let __field3 = ::memscope_binary::__private::apply_presence(
                __field3,
                __flags,
                0b0000_0010,
            )
            .map_err(|__e| __e.in_field("Allocation", "type_name", __field3_at))?;
        ::core::result::Result::Ok(Self {
            ptr: __field0,
            age: __field1,
            var_name: __field2,
            type_name: __field3,
            frames: __field4,
            thread_id: <u64 as ::core::default::Default>::default(),
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
                "age",
                "std::time::Duration",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <Millis as ::memscope_binary::FieldCodec<
                        std::time::Duration,
                    >>::BASIC_SIZE,
                    <Millis as ::memscope_binary::FieldCodec<
                        std::time::Duration,
                    >>::DETAILED_SIZE,
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "var_name",
                    "Option<String>",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <String as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "type_name",
                    "Option<String>",
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
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema
                .piece(
                    "frames",
                    "Vec<u64>",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        ::memscope_binary::EncodedSize::length_prefixed(
                            ::memscope_binary::LenWidth::U8,
                            <Vec<
                                u64,
                            > as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
                        ),
                        ::memscope_binary::EncodedSize::length_prefixed(
                            ::memscope_binary::LenWidth::U8,
                            <Vec<
                                u64,
                            > as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
                        ),
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
                "Allocation",
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
                "age",
                |__out| {
                    __out
                        .leaf(
                            <Millis as ::memscope_binary::FieldCodec<
                                std::time::Duration,
                            >>::encoded_len(&self.age, __layout),
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
                                        <String as ::memscope_binary::BinaryRecord>::encoded_len(
                                            __value,
                                            __layout,
                                        )
                                    }
                                    ::core::option::Option::None => {
                                        <String as ::memscope_binary::BinaryRecord>::encoded_len(
                                            &<String as ::core::default::Default>::default(),
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
                                        <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                            __value,
                                            ::memscope_binary::LenWidth::U8,
                                            __layout,
                                        )
                                    }
                                    ::core::option::Option::None => {
                                        <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                            &<String as ::core::default::Default>::default(),
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
                        __out
                            .leaf(
                                <Vec<
                                    u64,
                                > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                    &self.frames,
                                    ::memscope_binary::LenWidth::U8,
                                    __layout,
                                ),
                            )
                    },
                );
            __out.field("(presence flags)", |__out| __out.leaf(1));
        }
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Allocation {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Allocation {
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
                .map_err(|__e| __e.in_field("Allocation", "ptr", __written))?;
        __written
            += <Millis as ::memscope_binary::FieldCodec<
                std::time::Duration,
            >>::write_with(&self.age, __w, __layout)
                .map_err(|__e| __e.in_field("Allocation", "age", __written))?;
        if __layout == ::memscope_binary::Layout::Detailed {
            let __empty;
            let __value = match &self.var_name {
                ::core::option::Option::Some(__value) => {
                    __flags |= 0b0000_0001;
                    __value
                }
                ::core::option::Option::None => {
                    __empty = <String as ::core::default::Default>::default();
                    &__empty
                }
            };
            __written
                += <String as ::memscope_binary::BinaryRecord>::write_with(
                        __value,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Allocation", "var_name", __written))?;
            let __empty;
            let __value = match &self.type_name {
                ::core::option::Option::Some(__value) => {
                    __flags |= 0b0000_0010;
                    __value
                }
                ::core::option::Option::None => {
                    __empty = <String as ::core::default::Default>::default();
                    &__empty
                }
            };
            __written
                += <String as ::memscope_binary::LengthPrefixed>::write_prefixed::<
                    _,
                    false,
                >(__value, __w, ::memscope_binary::LenWidth::U8, __layout)
                    .map_err(|__e| __e.in_field("Allocation", "type_name", __written))?;
            __written
                += <Vec<
                    u64,
                > as ::memscope_binary::LengthPrefixed>::write_prefixed::<
                    _,
                    false,
                >(&self.frames, __w, ::memscope_binary::LenWidth::U8, __layout)
                    .map_err(|__e| __e.in_field("Allocation", "frames", __written))?;
            __written
                += ::memscope_binary::wire::write_bytes(__w, &[__flags])
                    .map_err(|__e| {
                        __e.in_field("Allocation", "(presence flags)", __written)
                    })?;
        }
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Allocation {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <usize as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Allocation", "ptr", __offset))?;
        __offset += __used;
        let (__field1, __used) = <Millis as ::memscope_binary::FieldCodec<
            std::time::Duration,
        >>::decode_slice(::memscope_binary::__private::rest(__bytes, __offset), __layout)
            .map_err(|__e| __e.in_field("Allocation", "age", __offset))?;
        __offset += __used;
        let __field2_at = __offset;
        let __field2 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field2, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    __layout,
                )
                .map_err(|__e| __e.in_field("Allocation", "var_name", __offset))?;
            __offset += __used;
            ::core::option::Option::Some(__field2)
        } else {
            ::core::option::Option::None
        };
        let __field3_at = __offset;
        let __field3 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field3, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed::<
                false,
            >(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Allocation", "type_name", __offset))?;
            __offset += __used;
            ::core::option::Option::Some(__field3)
        } else {
            ::core::option::Option::None
        };
        let __field4 = if __layout == ::memscope_binary::Layout::Detailed {
            let (__field4, __used) = <Vec<
                u64,
            > as ::memscope_binary::LengthPrefixed>::decode_prefixed::<
                false,
            >(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Allocation", "frames", __offset))?;
            __offset += __used;
            __field4
        } else {
            <Vec<u64> as ::core::default::Default>::default()
        };
        let __flags = if __layout == ::memscope_binary::Layout::Detailed {
            let __flags = ::memscope_binary::__private::decode_flags(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    0b0000_0011,
                )
                .map_err(|__e| {
                    __e.in_field("Allocation", "(presence flags)", __offset)
                })?;
            __offset += 1;
            __flags
        } else {
            0
        };
        let __field2 = ::memscope_binary::__private::apply_presence(
                __field2,
                __flags,
                0b0000_0001,
            )
            .map_err(|__e| __e.in_field("Allocation", "var_name", __field2_at))?;
        let __field3 = ::memscope_binary::__private::apply_presence(
                __field3,
                __flags,
                0b0000_0010,
            )
            .map_err(|__e| __e.in_field("Allocation", "type_name", __field3_at))?;
        ::core::result::Result::Ok((
            Self {
                ptr: __field0,
                age: __field1,
                var_name: __field2,
                type_name: __field3,
                frames: __field4,
                thread_id: <u64 as ::core::default::Default>::default(),
            },
            __offset,
        ))
    }
}
