#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Sample {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(::memscope_binary::EncodedSize::exact(::memscope_binary::__private::FRAME))
        .then(::memscope_binary::EncodedSize::exact(1))
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<String as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .at_least();
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(::memscope_binary::EncodedSize::exact(::memscope_binary::__private::FRAME))
        .then(::memscope_binary::EncodedSize::exact(1))
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .at_least();
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
                    <Sample as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Sample as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0 + ::memscope_binary::__private::FRAME;
        __len = __len
            .saturating_add(
                <u32 as ::memscope_binary::BinaryRecord>::encoded_len(&self.id, __layout),
            );
        __len = __len
            .saturating_add(
                match &self.name {
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
                <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.weight,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.unit,
                    __layout,
                ),
            );
        __len += 1;
        __len
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __frame = ::memscope_binary::__private::read_frame::<_, false>(__r)
            .map_err(|__e| __e.in_field("Sample", "(length)", __offset))?;
        __offset += ::memscope_binary::__private::FRAME;
        let mut __outer = &mut *__r;
        let __r = &mut ::memscope_binary::__private::Limited::new(&mut __outer, __frame);
        let __flags = ::memscope_binary::__private::read_flags(__r, 0b0000_0001)
            .map_err(|__e| __e.in_field("Sample", "(presence flags)", __offset))?;
        let __field0 = <u32 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Sample", "id", __offset))?;
        __offset
            += <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field0,
                __layout,
            );
        let __field1_at = __offset;
        let __field1 = <String as ::memscope_binary::BinaryRecord>::read_with(
                __r,
                __layout,
            )
            .map_err(|__e| __e.in_field("Sample", "name", __offset))?;
        __offset
            += <String as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field1,
                __layout,
            );
        let __field2 = match ::memscope_binary::__private::Limited::is_empty(__r) {
            true => <u16 as ::core::default::Default>::default(),
            false => {
                <u16 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
                    .map_err(|__e| __e.in_field("Sample", "weight", __offset))?
            }
        };
        __offset
            += <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field2,
                __layout,
            );
        let __field3 = match ::memscope_binary::__private::Limited::is_empty(__r) {
            true => ::core::convert::identity::<u8>(default_unit()),
            false => {
                <u8 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
                    .map_err(|__e| __e.in_field("Sample", "unit", __offset))?
            }
        };
        __offset
            += <u8 as ::memscope_binary::BinaryRecord>::encoded_len(&__field3, __layout);
        let __field1 = ::memscope_binary::__private::apply_presence(
                ::core::option::Option::Some(__field1),
                __flags,
                0b0000_0001,
            )
            .map_err(|__e| __e.in_field("Sample", "name", __field1_at))?;
        ::memscope_binary::__private::Limited::finish(__r)
            .map_err(|__e| __e.in_field("Sample", "(newer fields)", __offset))?;
        ::core::result::Result::Ok(Self {
            id: __field0,
            name: __field1,
            weight: __field2,
            unit: __field3,
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
                "(length)",
                "u32",
                ::memscope_binary::EncodedSize::exact(
                    ::memscope_binary::__private::FRAME,
                ),
            );
        __schema
            .piece("(presence flags)", "u8", ::memscope_binary::EncodedSize::exact(1));
        __schema
            .piece(
                "id",
                "u32",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "name",
                "Option<String>",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <String as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "weight",
                "u16",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u16 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "unit",
                "u8",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .finish(
                "Sample",
                ::core::option::Option::None,
                <Self as ::memscope_binary::BinaryRecord>::encoded_size(__layout),
            )
    }
    fn __pieces(
        &self,
        __layout: ::memscope_binary::Layout,
        __out: &mut ::memscope_binary::hexdump::Pieces,
    ) {
        __out.field("(length)", |__out| __out.leaf(::memscope_binary::__private::FRAME));
        __out.field("(presence flags)", |__out| __out.leaf(1));
        __out
            .field(
                "id",
                |__out| {
                    <u32 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.id,
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
                            match &self.name {
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
                "weight",
                |__out| {
                    <u16 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.weight,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "unit",
                |__out| {
                    <u8 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.unit,
                        __layout,
                        __out,
                    )
                },
            );
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Sample {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Sample {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let mut __written: usize = 0;
        let __frame: usize = {
            let mut __len: usize = 0;
            __len = __len
                .saturating_add(
                    <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.id,
                        __layout,
                    ),
                );
            __len = __len
                .saturating_add(
                    match &self.name {
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
                    <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.weight,
                        __layout,
                    ),
                );
            __len = __len
                .saturating_add(
                    <u8 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.unit,
                        __layout,
                    ),
                );
            __len += 1;
            __len
        };
        __written
            += ::memscope_binary::__private::write_frame::<_, false>(__w, __frame)
                .map_err(|__e| __e.in_field("Sample", "(length)", __written))?;
        let mut __flags: u8 = 0;
        if ::core::option::Option::is_some(&self.name) {
            __flags |= 0b0000_0001;
        }
        __written
            += ::memscope_binary::wire::write_bytes(__w, &[__flags])
                .map_err(|__e| __e.in_field("Sample", "(presence flags)", __written))?;
        __written
            += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.id,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Sample", "id", __written))?;
        let __empty;
        let __value = match &self.name {
            ::core::option::Option::Some(__value) => __value,
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
                .map_err(|__e| __e.in_field("Sample", "name", __written))?;
        __written
            += <u16 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.weight,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Sample", "weight", __written))?;
        __written
            += <u8 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.unit,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Sample", "unit", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Sample {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __end = ::memscope_binary::__private::decode_frame::<
            false,
        >(__bytes, __offset)
            .map_err(|__e| __e.in_field("Sample", "(length)", __offset))?;
        let __bytes = ::memscope_binary::__private::frame(__bytes, __end);
        __offset += ::memscope_binary::__private::FRAME;
        let __flags = ::memscope_binary::__private::decode_flags(
                ::memscope_binary::__private::rest(__bytes, __offset),
                0b0000_0001,
            )
            .map_err(|__e| __e.in_field("Sample", "(presence flags)", __offset))?;
        __offset += 1;
        let (__field0, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Sample", "id", __offset))?;
        __offset += __used;
        let __field1_at = __offset;
        let (__field1, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Sample", "name", __offset))?;
        __offset += __used;
        let (__field2, __used) = match __offset == __end {
            true => (<u16 as ::core::default::Default>::default(), 0),
            false => {
                <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Sample", "weight", __offset))?
            }
        };
        __offset += __used;
        let (__field3, __used) = match __offset == __end {
            true => (::core::convert::identity::<u8>(default_unit()), 0),
            false => {
                <u8 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Sample", "unit", __offset))?
            }
        };
        __offset += __used;
        let __field1 = ::memscope_binary::__private::apply_presence(
                ::core::option::Option::Some(__field1),
                __flags,
                0b0000_0001,
            )
            .map_err(|__e| __e.in_field("Sample", "name", __field1_at))?;
        ::core::result::Result::Ok((
            Self {
                id: __field0,
                name: __field1,
                weight: __field2,
                unit: __field3,
            },
            __end,
        ))
    }
}
