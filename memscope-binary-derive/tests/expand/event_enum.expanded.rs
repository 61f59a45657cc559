#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Event {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::ZERO
                .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                .either(
                    ::memscope_binary::EncodedSize::ZERO
                        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE),
                )
                .either(
                    ::memscope_binary::EncodedSize::ZERO
                        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE),
                )
                .either(::memscope_binary::EncodedSize::ZERO),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::ZERO
                .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
                .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
                .either(
                    ::memscope_binary::EncodedSize::ZERO
                        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE),
                )
                .either(
                    ::memscope_binary::EncodedSize::ZERO
                        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
                        .then(<String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
                        .then(::memscope_binary::EncodedSize::exact(1)),
                )
                .either(::memscope_binary::EncodedSize::ZERO),
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
                    <Event as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Event as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let __start: usize = <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
            &0,
            __layout,
        );
        match self {
            Self::Alloc { ptr: __field0, size: __field1 } => {
                let mut __len: usize = __start;
                __len = __len
                    .saturating_add(
                        <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                            __field0,
                            __layout,
                        ),
                    );
                __len = __len
                    .saturating_add(
                        <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                            __field1,
                            __layout,
                        ),
                    );
                __len
            }
            Self::Free { 0: __field0 } => {
                let mut __len: usize = __start;
                __len = __len
                    .saturating_add(
                        <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                            __field0,
                            __layout,
                        ),
                    );
                __len
            }
            Self::Realloc { old: __field0, note: __field2, .. } => {
                let mut __len: usize = __start;
                __len = __len
                    .saturating_add(
                        <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                            __field0,
                            __layout,
                        ),
                    );
                if __layout == ::memscope_binary::Layout::Detailed {
                    __len = __len
                        .saturating_add(
                            match __field2 {
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
                    __len += 1;
                }
                __len
            }
            Self::Stop {} => __start,
        }
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let __tag = <u8 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
        const __TAG0: u8 = 1;
        const __TAG1: u8 = __TAG0 + 1;
        const __TAG2: u8 = 7;
        const __TAG3: u8 = __TAG2 + 1;
        match __tag {
            __TAG0 => {
                let mut __offset: usize = <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__tag,
                    __layout,
                );
                let __field0 = <u64 as ::memscope_binary::BinaryRecord>::read_with(
                        __r,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "Alloc.ptr", __offset))?;
                __offset
                    += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__field0,
                        __layout,
                    );
                let __field1 = <u64 as ::memscope_binary::BinaryRecord>::read_with(
                        __r,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "Alloc.size", __offset))?;
                ::core::result::Result::Ok(Self::Alloc {
                    ptr: __field0,
                    size: __field1,
                })
            }
            __TAG1 => {
                let __offset: usize = <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__tag,
                    __layout,
                );
                let __field0 = <u64 as ::memscope_binary::BinaryRecord>::read_with(
                        __r,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "Free.0", __offset))?;
                ::core::result::Result::Ok(Self::Free { 0: __field0 })
            }
            __TAG2 => {
                let mut __offset: usize = <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__tag,
                    __layout,
                );
                let __field0 = <u64 as ::memscope_binary::BinaryRecord>::read_with(
                        __r,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "Realloc.old", __offset))?;
                __offset
                    += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__field0,
                        __layout,
                    );
                let __field2_at = __offset;
                let __field2 = if __layout == ::memscope_binary::Layout::Detailed {
                    let __field2 = <String as ::memscope_binary::BinaryRecord>::read_with(
                            __r,
                            __layout,
                        )
                        .map_err(|__e| __e.in_field("Event", "Realloc.note", __offset))?;
                    __offset
                        += <String as ::memscope_binary::BinaryRecord>::encoded_len(
                            &__field2,
                            __layout,
                        );
                    ::core::option::Option::Some(__field2)
                } else {
                    ::core::option::Option::None
                };
                let __flags = if __layout == ::memscope_binary::Layout::Detailed {
                    ::memscope_binary::__private::read_flags(__r, 0b0000_0001)
                        .map_err(|__e| {
                            __e.in_field("Event", "(presence flags)", __offset)
                        })?
                } else {
                    0
                };
                let __field2 = ::memscope_binary::__private::apply_presence(
                        __field2,
                        __flags,
                        0b0000_0001,
                    )
                    .map_err(|__e| __e.in_field("Event", "Realloc.note", __field2_at))?;
                ::core::result::Result::Ok(Self::Realloc {
                    old: __field0,
                    cached: <u32 as ::core::default::Default>::default(),
                    note: __field2,
                })
            }
            __TAG3 => ::core::result::Result::Ok(Self::Stop {}),
            _ => {
                ::core::result::Result::Err(
                    ::memscope_binary::__private::invalid_discriminant(
                        "Event",
                        __tag as i128,
                        0,
                    ),
                )
            }
        }
    }
    #[inline]
    fn decode_slice(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::memscope_binary::__private::decode_variant(__bytes, __layout)
    }
    fn schema(__layout: ::memscope_binary::Layout) -> ::memscope_binary::Schema {
        let mut __schema = ::memscope_binary::__private::SchemaBuilder::new(0);
        __schema
            .piece(
                "(discriminant)",
                "u8",
                <u8 as ::memscope_binary::BinaryRecord>::encoded_size(__layout),
            );
        {
            let mut __variant = __schema.variant();
            __variant
                .piece(
                    "Alloc.ptr",
                    "u64",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
            __variant
                .piece(
                    "Alloc.size",
                    "u64",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
            __schema.extend(__variant);
        }
        {
            let mut __variant = __schema.variant();
            __variant
                .piece(
                    "Free.0",
                    "u64",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
            __schema.extend(__variant);
        }
        {
            let mut __variant = __schema.variant();
            __variant
                .piece(
                    "Realloc.old",
                    "u64",
                    ::memscope_binary::__private::by_layout(
                        __layout,
                        <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                        <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    ),
                );
            if __layout == ::memscope_binary::Layout::Detailed {
                __variant
                    .piece(
                        "Realloc.note",
                        "Option<String>",
                        ::memscope_binary::__private::by_layout(
                            __layout,
                            <String as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                            <String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                        ),
                    );
            }
            if __layout == ::memscope_binary::Layout::Detailed {
                __variant
                    .piece(
                        "Realloc.(presence flags)",
                        "u8",
                        ::memscope_binary::EncodedSize::exact(1),
                    );
            }
            __schema.extend(__variant);
        }
        {
            let mut __variant = __schema.variant();
            __schema.extend(__variant);
        }
        __schema
            .finish(
                "Event",
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
                "(discriminant)",
                |__out| {
                    __out
                        .leaf(
                            <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                                &0,
                                __layout,
                            ),
                        )
                },
            );
        match self {
            Self::Alloc { ptr: __field0, size: __field1, .. } => {
                __out
                    .field(
                        "ptr",
                        |__out| {
                            <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                                __field0,
                                __layout,
                                __out,
                            )
                        },
                    );
                __out
                    .field(
                        "size",
                        |__out| {
                            <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                                __field1,
                                __layout,
                                __out,
                            )
                        },
                    );
            }
            Self::Free { 0: __field0, .. } => {
                __out
                    .field(
                        "0",
                        |__out| {
                            <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                                __field0,
                                __layout,
                                __out,
                            )
                        },
                    );
            }
            Self::Realloc { old: __field0, note: __field2, .. } => {
                __out
                    .field(
                        "old",
                        |__out| {
                            <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                                __field0,
                                __layout,
                                __out,
                            )
                        },
                    );
                if __layout == ::memscope_binary::Layout::Detailed {
                    __out
                        .field(
                            "note",
                            |__out| {
                                __out
                                    .leaf(
                                        match __field2 {
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
                    __out.field("(presence flags)", |__out| __out.leaf(1));
                }
            }
            Self::Stop { .. } => {}
        }
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Event {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Event {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        const __TAG0: u8 = 1;
        const __TAG1: u8 = __TAG0 + 1;
        const __TAG2: u8 = 7;
        const __TAG3: u8 = __TAG2 + 1;
        match self {
            Self::Alloc { ptr: __field0, size: __field1 } => {
                let mut __written: usize = <u8 as ::memscope_binary::BinaryRecord>::write_with(
                        &__TAG0,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
                __written
                    += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                            __field0,
                            __w,
                            __layout,
                        )
                        .map_err(|__e| __e.in_field("Event", "Alloc.ptr", __written))?;
                __written
                    += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                            __field1,
                            __w,
                            __layout,
                        )
                        .map_err(|__e| __e.in_field("Event", "Alloc.size", __written))?;
                ::core::result::Result::Ok(__written)
            }
            Self::Free { 0: __field0 } => {
                let mut __written: usize = <u8 as ::memscope_binary::BinaryRecord>::write_with(
                        &__TAG1,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
                __written
                    += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                            __field0,
                            __w,
                            __layout,
                        )
                        .map_err(|__e| __e.in_field("Event", "Free.0", __written))?;
                ::core::result::Result::Ok(__written)
            }
            Self::Realloc { old: __field0, note: __field2, .. } => {
                let mut __written: usize = <u8 as ::memscope_binary::BinaryRecord>::write_with(
                        &__TAG2,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
                let mut __flags: u8 = 0;
                __written
                    += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                            __field0,
                            __w,
                            __layout,
                        )
                        .map_err(|__e| __e.in_field("Event", "Realloc.old", __written))?;
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __empty;
                    let __value = match __field2 {
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
                            .map_err(|__e| {
                                __e.in_field("Event", "Realloc.note", __written)
                            })?;
                    __written
                        += ::memscope_binary::wire::write_bytes(__w, &[__flags])
                            .map_err(|__e| {
                                __e.in_field("Event", "(presence flags)", __written)
                            })?;
                }
                ::core::result::Result::Ok(__written)
            }
            Self::Stop {} => {
                <u8 as ::memscope_binary::BinaryRecord>::write_with(
                        &__TAG3,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))
            }
        }
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Event {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let (__tag, __used) = <u8 as ::memscope_binary::BinaryRecord>::decode_slice(
                __bytes,
                __layout,
            )
            .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
        const __TAG0: u8 = 1;
        const __TAG1: u8 = __TAG0 + 1;
        const __TAG2: u8 = 7;
        const __TAG3: u8 = __TAG2 + 1;
        match __tag {
            __TAG0 => {
                match ::memscope_binary::__private::fixed_body(
                    __bytes,
                    __used,
                    __layout,
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                            .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                    },
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(
                                <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                            )
                            .then(
                                <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                            )
                    },
                ) {
                    ::core::option::Option::Some(__bytes) => {
                        let mut __offset: usize = __used;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| {
                                __e.in_field("Event", "Alloc.ptr", __offset)
                            })?;
                        __offset += __used;
                        let (__field1, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| {
                                __e.in_field("Event", "Alloc.size", __offset)
                            })?;
                        __offset += __used;
                        ::core::result::Result::Ok((
                            Self::Alloc {
                                ptr: __field0,
                                size: __field1,
                            },
                            __offset,
                        ))
                    }
                    ::core::option::Option::None => {
                        let mut __offset: usize = __used;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| {
                                __e.in_field("Event", "Alloc.ptr", __offset)
                            })?;
                        __offset += __used;
                        let (__field1, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| {
                                __e.in_field("Event", "Alloc.size", __offset)
                            })?;
                        __offset += __used;
                        ::core::result::Result::Ok((
                            Self::Alloc {
                                ptr: __field0,
                                size: __field1,
                            },
                            __offset,
                        ))
                    }
                }
            }
            __TAG1 => {
                match ::memscope_binary::__private::fixed_body(
                    __bytes,
                    __used,
                    __layout,
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                    },
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(
                                <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                            )
                    },
                ) {
                    ::core::option::Option::Some(__bytes) => {
                        let mut __offset: usize = __used;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| __e.in_field("Event", "Free.0", __offset))?;
                        __offset += __used;
                        ::core::result::Result::Ok((
                            Self::Free { 0: __field0 },
                            __offset,
                        ))
                    }
                    ::core::option::Option::None => {
                        let mut __offset: usize = __used;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| __e.in_field("Event", "Free.0", __offset))?;
                        __offset += __used;
                        ::core::result::Result::Ok((
                            Self::Free { 0: __field0 },
                            __offset,
                        ))
                    }
                }
            }
            __TAG2 => {
                match ::memscope_binary::__private::fixed_body(
                    __bytes,
                    __used,
                    __layout,
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                    },
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(
                                <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                            )
                            .then(
                                <String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                            )
                            .then(::memscope_binary::EncodedSize::exact(1))
                    },
                ) {
                    ::core::option::Option::Some(__bytes) => {
                        let mut __offset: usize = __used;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| {
                                __e.in_field("Event", "Realloc.old", __offset)
                            })?;
                        __offset += __used;
                        let __field2_at = __offset;
                        let __field2 = if __layout == ::memscope_binary::Layout::Detailed
                        {
                            let (__field2, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                                    ::memscope_binary::__private::rest(__bytes, __offset),
                                    __layout,
                                )
                                .map_err(|__e| {
                                    __e.in_field("Event", "Realloc.note", __offset)
                                })?;
                            __offset += __used;
                            ::core::option::Option::Some(__field2)
                        } else {
                            ::core::option::Option::None
                        };
                        let __flags = if __layout == ::memscope_binary::Layout::Detailed
                        {
                            let __flags = ::memscope_binary::__private::decode_flags(
                                    ::memscope_binary::__private::rest(__bytes, __offset),
                                    0b0000_0001,
                                )
                                .map_err(|__e| {
                                    __e.in_field("Event", "(presence flags)", __offset)
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
                            .map_err(|__e| {
                                __e.in_field("Event", "Realloc.note", __field2_at)
                            })?;
                        ::core::result::Result::Ok((
                            Self::Realloc {
                                old: __field0,
                                cached: <u32 as ::core::default::Default>::default(),
                                note: __field2,
                            },
                            __offset,
                        ))
                    }
                    ::core::option::Option::None => {
                        let mut __offset: usize = __used;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| {
                                __e.in_field("Event", "Realloc.old", __offset)
                            })?;
                        __offset += __used;
                        let __field2_at = __offset;
                        let __field2 = if __layout == ::memscope_binary::Layout::Detailed
                        {
                            let (__field2, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                                    ::memscope_binary::__private::rest(__bytes, __offset),
                                    __layout,
                                )
                                .map_err(|__e| {
                                    __e.in_field("Event", "Realloc.note", __offset)
                                })?;
                            __offset += __used;
                            ::core::option::Option::Some(__field2)
                        } else {
                            ::core::option::Option::None
                        };
                        let __flags = if __layout == ::memscope_binary::Layout::Detailed
                        {
                            let __flags = ::memscope_binary::__private::decode_flags(
                                    ::memscope_binary::__private::rest(__bytes, __offset),
                                    0b0000_0001,
                                )
                                .map_err(|__e| {
                                    __e.in_field("Event", "(presence flags)", __offset)
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
                            .map_err(|__e| {
                                __e.in_field("Event", "Realloc.note", __field2_at)
                            })?;
                        ::core::result::Result::Ok((
                            Self::Realloc {
                                old: __field0,
                                cached: <u32 as ::core::default::Default>::default(),
                                note: __field2,
                            },
                            __offset,
                        ))
                    }
                }
            }
            __TAG3 => ::core::result::Result::Ok((Self::Stop {}, __used)),
            _ => {
                ::core::result::Result::Err(
                    ::memscope_binary::__private::invalid_discriminant(
                        "Event",
                        __tag as i128,
                        0,
                    ),
                )
            }
        }
    }
}
