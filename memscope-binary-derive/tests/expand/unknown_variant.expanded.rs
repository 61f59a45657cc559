#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Event {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::ZERO
                .then(
                    ::memscope_binary::EncodedSize::exact(
                        ::memscope_binary::__private::FRAME,
                    ),
                )
                .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                .at_least()
                .either(
                    ::memscope_binary::EncodedSize::ZERO
                        .then(
                            ::memscope_binary::EncodedSize::exact(
                                ::memscope_binary::__private::FRAME,
                            ),
                        )
                        .at_least(),
                )
                .either(
                    ::memscope_binary::EncodedSize::exact(
                            ::memscope_binary::__private::FRAME,
                        )
                        .at_least(),
                ),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::ZERO
                .then(
                    ::memscope_binary::EncodedSize::exact(
                        ::memscope_binary::__private::FRAME,
                    ),
                )
                .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
                .at_least()
                .either(
                    ::memscope_binary::EncodedSize::ZERO
                        .then(
                            ::memscope_binary::EncodedSize::exact(
                                ::memscope_binary::__private::FRAME,
                            ),
                        )
                        .at_least(),
                )
                .either(
                    ::memscope_binary::EncodedSize::exact(
                            ::memscope_binary::__private::FRAME,
                        )
                        .at_least(),
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
            Self::Free { 0: __field0 } => {
                let mut __len: usize = __start + ::memscope_binary::__private::FRAME;
                __len = __len
                    .saturating_add(
                        <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                            __field0,
                            __layout,
                        ),
                    );
                __len
            }
            Self::Stop {} => __start + ::memscope_binary::__private::FRAME,
            Self::Unknown { tag: __unknown_tag, bytes: __unknown_bytes } => {
                let _ = __unknown_tag;
                __start + ::memscope_binary::__private::FRAME
                    + ::core::convert::AsRef::<[u8]>::as_ref(__unknown_bytes).len()
            }
        }
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let __tag = <u8 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
        const __TAG0: u8 = 2;
        const __TAG1: u8 = __TAG0 + 1;
        #[allow(dead_code)]
        const __TAG2: u8 = __TAG1 + 1;
        match __tag {
            __TAG0 => {
                let mut __offset: usize = <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__tag,
                    __layout,
                );
                let __frame = ::memscope_binary::__private::read_frame::<_, false>(__r)
                    .map_err(|__e| __e.in_field("Event", "(length)", __offset))?;
                __offset += ::memscope_binary::__private::FRAME;
                let mut __outer = &mut *__r;
                let __r = &mut ::memscope_binary::__private::Limited::new(
                    &mut __outer,
                    __frame,
                );
                let __field0 = <u64 as ::memscope_binary::BinaryRecord>::read_with(
                        __r,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "Free.0", __offset))?;
                __offset
                    += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__field0,
                        __layout,
                    );
                ::memscope_binary::__private::Limited::finish(__r)
                    .map_err(|__e| __e.in_field("Event", "(newer fields)", __offset))?;
                ::core::result::Result::Ok(Self::Free { 0: __field0 })
            }
            __TAG1 => {
                let mut __offset: usize = <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__tag,
                    __layout,
                );
                let __frame = ::memscope_binary::__private::read_frame::<_, false>(__r)
                    .map_err(|__e| __e.in_field("Event", "(length)", __offset))?;
                __offset += ::memscope_binary::__private::FRAME;
                let mut __outer = &mut *__r;
                let __r = &mut ::memscope_binary::__private::Limited::new(
                    &mut __outer,
                    __frame,
                );
                ::memscope_binary::__private::Limited::finish(__r)
                    .map_err(|__e| __e.in_field("Event", "(newer fields)", __offset))?;
                ::core::result::Result::Ok(Self::Stop {})
            }
            _ => {
                let __offset: usize = <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &__tag,
                    __layout,
                );
                let __frame = ::memscope_binary::__private::read_frame::<_, false>(__r)
                    .map_err(|__e| __e.in_field("Event", "(length)", __offset))?;
                let __body = ::memscope_binary::wire::read_vec(__r, 0, __frame)
                    .map_err(|__e| {
                        __e
                            .in_field(
                                "Event",
                                "(unknown variant's body)",
                                __offset + ::memscope_binary::__private::FRAME,
                            )
                    })?;
                ::core::result::Result::Ok(Self::Unknown {
                    tag: __tag,
                    bytes: <Vec<
                        u8,
                    > as ::memscope_binary::UnknownBody<'_>>::from_vec(__body),
                })
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
                    "Free.(length)",
                    "u32",
                    ::memscope_binary::EncodedSize::exact(
                        ::memscope_binary::__private::FRAME,
                    ),
                );
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
                    "Stop.(length)",
                    "u32",
                    ::memscope_binary::EncodedSize::exact(
                        ::memscope_binary::__private::FRAME,
                    ),
                );
            __schema.extend(__variant);
        }
        {
            let mut __variant = __schema.variant();
            __variant
                .piece(
                    "Unknown.(length)",
                    "u32",
                    ::memscope_binary::EncodedSize::exact(
                        ::memscope_binary::__private::FRAME,
                    ),
                );
            __variant
                .piece("Unknown.bytes", "[u8]", ::memscope_binary::EncodedSize::UNKNOWN);
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
            Self::Free { 0: __field0, .. } => {
                __out
                    .field(
                        "(length)",
                        |__out| __out.leaf(::memscope_binary::__private::FRAME),
                    );
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
            Self::Stop { .. } => {
                __out
                    .field(
                        "(length)",
                        |__out| __out.leaf(::memscope_binary::__private::FRAME),
                    );
            }
            Self::Unknown { bytes: __unknown_bytes, .. } => {
                __out
                    .field(
                        "Unknown.(length)",
                        |__out| __out.leaf(::memscope_binary::__private::FRAME),
                    );
                __out
                    .field(
                        "Unknown.(unknown variant's body)",
                        |__out| {
                            __out
                                .leaf(
                                    ::core::convert::AsRef::<[u8]>::as_ref(__unknown_bytes)
                                        .len(),
                                )
                        },
                    );
            }
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
        const __TAG0: u8 = 2;
        const __TAG1: u8 = __TAG0 + 1;
        #[allow(dead_code)]
        const __TAG2: u8 = __TAG1 + 1;
        match self {
            Self::Free { 0: __field0 } => {
                let mut __written: usize = <u8 as ::memscope_binary::BinaryRecord>::write_with(
                        &__TAG0,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
                let __frame: usize = {
                    let mut __len: usize = 0;
                    __len = __len
                        .saturating_add(
                            <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                                __field0,
                                __layout,
                            ),
                        );
                    __len
                };
                __written
                    += ::memscope_binary::__private::write_frame::<
                        _,
                        false,
                    >(__w, __frame)
                        .map_err(|__e| __e.in_field("Event", "(length)", __written))?;
                __written
                    += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                            __field0,
                            __w,
                            __layout,
                        )
                        .map_err(|__e| __e.in_field("Event", "Free.0", __written))?;
                ::core::result::Result::Ok(__written)
            }
            Self::Stop {} => {
                let mut __written: usize = <u8 as ::memscope_binary::BinaryRecord>::write_with(
                        &__TAG1,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
                let __frame: usize = { 0 };
                __written
                    += ::memscope_binary::__private::write_frame::<
                        _,
                        false,
                    >(__w, __frame)
                        .map_err(|__e| __e.in_field("Event", "(length)", __written))?;
                ::core::result::Result::Ok(__written)
            }
            Self::Unknown { tag: __unknown_tag, bytes: __unknown_bytes } => {
                if ::memscope_binary::__private::is_claimed(
                    *__unknown_tag,
                    &[__TAG0, __TAG1],
                ) {
                    return ::core::result::Result::Err(
                        ::memscope_binary::__private::claimed_tag(
                            "Event",
                            *__unknown_tag as i128,
                            0,
                        ),
                    );
                }
                let mut __written: usize = 0
                    + <u8 as ::memscope_binary::BinaryRecord>::write_with(
                            __unknown_tag,
                            __w,
                            __layout,
                        )
                        .map_err(|__e| __e.in_field("Event", "(discriminant)", 0))?;
                let __body: &[u8] = ::core::convert::AsRef::<
                    [u8],
                >::as_ref(__unknown_bytes);
                __written
                    += ::memscope_binary::__private::write_frame::<
                        _,
                        false,
                    >(__w, __body.len())
                        .map_err(|__e| __e.in_field("Event", "(length)", __written))?;
                __written
                    += ::memscope_binary::wire::write_bytes(__w, __body)
                        .map_err(|__e| {
                            __e.in_field("Event", "(unknown variant's body)", __written)
                        })?;
                ::core::result::Result::Ok(__written)
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
        const __TAG0: u8 = 2;
        const __TAG1: u8 = __TAG0 + 1;
        #[allow(dead_code)]
        const __TAG2: u8 = __TAG1 + 1;
        match __tag {
            __TAG0 => {
                match ::memscope_binary::__private::fixed_body(
                    __bytes,
                    __used,
                    __layout,
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(
                                ::memscope_binary::EncodedSize::exact(
                                    ::memscope_binary::__private::FRAME,
                                ),
                            )
                            .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
                            .at_least()
                    },
                    const {
                        ::memscope_binary::EncodedSize::ZERO
                            .then(
                                ::memscope_binary::EncodedSize::exact(
                                    ::memscope_binary::__private::FRAME,
                                ),
                            )
                            .then(
                                <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                            )
                            .at_least()
                    },
                ) {
                    ::core::option::Option::Some(__bytes) => {
                        let mut __offset: usize = __used;
                        let __end = ::memscope_binary::__private::decode_frame::<
                            false,
                        >(__bytes, __offset)
                            .map_err(|__e| __e.in_field("Event", "(length)", __offset))?;
                        let __bytes = ::memscope_binary::__private::frame(
                            __bytes,
                            __end,
                        );
                        __offset += ::memscope_binary::__private::FRAME;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| __e.in_field("Event", "Free.0", __offset))?;
                        __offset += __used;
                        ::core::result::Result::Ok((Self::Free { 0: __field0 }, __end))
                    }
                    ::core::option::Option::None => {
                        let mut __offset: usize = __used;
                        let __end = ::memscope_binary::__private::decode_frame::<
                            false,
                        >(__bytes, __offset)
                            .map_err(|__e| __e.in_field("Event", "(length)", __offset))?;
                        let __bytes = ::memscope_binary::__private::frame(
                            __bytes,
                            __end,
                        );
                        __offset += ::memscope_binary::__private::FRAME;
                        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                                ::memscope_binary::__private::rest(__bytes, __offset),
                                __layout,
                            )
                            .map_err(|__e| __e.in_field("Event", "Free.0", __offset))?;
                        __offset += __used;
                        ::core::result::Result::Ok((Self::Free { 0: __field0 }, __end))
                    }
                }
            }
            __TAG1 => {
                let mut __offset: usize = __used;
                let __end = ::memscope_binary::__private::decode_frame::<
                    false,
                >(__bytes, __offset)
                    .map_err(|__e| __e.in_field("Event", "(length)", __offset))?;
                let __bytes = ::memscope_binary::__private::frame(__bytes, __end);
                __offset += ::memscope_binary::__private::FRAME;
                ::core::result::Result::Ok((Self::Stop {}, __end))
            }
            _ => {
                let __offset: usize = __used;
                let __end = ::memscope_binary::__private::decode_frame::<
                    false,
                >(__bytes, __offset)
                    .map_err(|__e| __e.in_field("Event", "(length)", __offset))?;
                let __body = ::memscope_binary::__private::frame_body(
                    __bytes,
                    __offset,
                    __end,
                );
                ::core::result::Result::Ok((
                    Self::Unknown {
                        tag: __tag,
                        bytes: <Vec<
                            u8,
                        > as ::memscope_binary::UnknownBody<'_>>::from_slice(__body),
                    },
                    __end,
                ))
            }
        }
    }
}
