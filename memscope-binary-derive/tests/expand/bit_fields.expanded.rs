#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Header {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(::memscope_binary::EncodedSize::exact(1usize))
        .then(::memscope_binary::EncodedSize::exact(0usize))
        .then(<u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(::memscope_binary::EncodedSize::exact(1usize))
        .then(::memscope_binary::EncodedSize::exact(0usize))
        .then(<u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(::memscope_binary::EncodedSize::exact(2usize));
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
                    <Header as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Header as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len.saturating_add(1usize);
        __len = __len.saturating_add(0usize);
        __len = __len
            .saturating_add(
                <u8 as ::memscope_binary::BinaryRecord>::encoded_len(&self.len, __layout),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len.saturating_add(2usize);
        }
        __len
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __bits0_at = __offset;
        let __bits0: u64 = {
            let __group = ::memscope_binary::__private::read_bits::<
                _,
                false,
            >(__r, 1usize, 15u64)
                .map_err(|__e| {
                    __e.in_field("Header", "(bits of version..compressed)", __offset)
                })?;
            __offset += 1usize;
            __group
        };
        let __field0 = <u8 as ::memscope_binary::BitField>::from_bits(
                ::memscope_binary::__private::bits_at(__bits0, 3u32, 0u32),
                3u32,
            )
            .map_err(|__e| __e.in_field("Header", "version", __bits0_at))?;
        let __field1 = <bool as ::memscope_binary::BitField>::from_bits(
                ::memscope_binary::__private::bits_at(__bits0, 1u32, 3u32),
                1u32,
            )
            .map_err(|__e| __e.in_field("Header", "compressed", __bits0_at))?;
        let __field2 = <u8 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Header", "len", __offset))?;
        __offset
            += <u8 as ::memscope_binary::BinaryRecord>::encoded_len(&__field2, __layout);
        let __bits1_at = __offset;
        let __bits1: u64 = if __layout == ::memscope_binary::Layout::Detailed {
            let __group = ::memscope_binary::__private::read_bits::<
                _,
                false,
            >(__r, 2usize, 4095u64)
                .map_err(|__e| __e.in_field("Header", "(bits of level)", __offset))?;
            __offset += 2usize;
            __group
        } else {
            0
        };
        let __field3 = if __layout == ::memscope_binary::Layout::Detailed {
            <u16 as ::memscope_binary::BitField>::from_bits(
                    ::memscope_binary::__private::bits_at(__bits1, 12u32, 0u32),
                    12u32,
                )
                .map_err(|__e| __e.in_field("Header", "level", __bits1_at))?
        } else {
            <u16 as ::core::default::Default>::default()
        };
        ::core::result::Result::Ok(Self {
            version: __field0,
            compressed: __field1,
            len: __field2,
            level: __field3,
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
        __schema.bits("version", "u8", 1usize, (3u32, 0u32), false);
        __schema.bits("compressed", "bool", 1usize, (1u32, 3u32), true);
        __schema
            .piece(
                "len",
                "u8",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u8 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u8 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __schema.bits("level", "u16", 2usize, (12u32, 0u32), true);
        }
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
        __out.field("(bits of version..compressed)", |__out| __out.leaf(1usize));
        __out
            .field(
                "len",
                |__out| {
                    <u8 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.len,
                        __layout,
                        __out,
                    )
                },
            );
        if __layout == ::memscope_binary::Layout::Detailed {
            __out.field("(bits of level)", |__out| __out.leaf(2usize));
        }
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Header {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Header {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let mut __written: usize = 0;
        let mut __bits0: u64 = 0;
        __bits0
            |= (<u8 as ::memscope_binary::BitField>::to_bits(&self.version, 3u32)
                .map_err(|__e| __e.in_field("Header", "version", __written))? << 0u32);
        __bits0
            |= (<bool as ::memscope_binary::BitField>::to_bits(&self.compressed, 1u32)
                .map_err(|__e| __e.in_field("Header", "compressed", __written))?
                << 3u32);
        __written
            += ::memscope_binary::__private::write_bits::<_, false>(__w, __bits0, 1usize)
                .map_err(|__e| {
                    __e.in_field("Header", "(bits of version..compressed)", __written)
                })?;
        __written
            += <u8 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.len,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Header", "len", __written))?;
        if __layout == ::memscope_binary::Layout::Detailed {
            let mut __bits1: u64 = 0;
            __bits1
                |= (<u16 as ::memscope_binary::BitField>::to_bits(&self.level, 12u32)
                    .map_err(|__e| __e.in_field("Header", "level", __written))? << 0u32);
            __written
                += ::memscope_binary::__private::write_bits::<
                    _,
                    false,
                >(__w, __bits1, 2usize)
                    .map_err(|__e| {
                        __e.in_field("Header", "(bits of level)", __written)
                    })?;
        }
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Header {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __bits0_at = __offset;
        let __bits0: u64 = {
            let __group = ::memscope_binary::__private::decode_bits::<
                false,
            >(::memscope_binary::__private::rest(__bytes, __offset), 1usize, 15u64)
                .map_err(|__e| {
                    __e.in_field("Header", "(bits of version..compressed)", __offset)
                })?;
            __offset += 1usize;
            __group
        };
        let __field0 = <u8 as ::memscope_binary::BitField>::from_bits(
                ::memscope_binary::__private::bits_at(__bits0, 3u32, 0u32),
                3u32,
            )
            .map_err(|__e| __e.in_field("Header", "version", __bits0_at))?;
        let __field1 = <bool as ::memscope_binary::BitField>::from_bits(
                ::memscope_binary::__private::bits_at(__bits0, 1u32, 3u32),
                1u32,
            )
            .map_err(|__e| __e.in_field("Header", "compressed", __bits0_at))?;
        let (__field2, __used) = <u8 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Header", "len", __offset))?;
        __offset += __used;
        let __bits1_at = __offset;
        let __bits1: u64 = if __layout == ::memscope_binary::Layout::Detailed {
            let __group = ::memscope_binary::__private::decode_bits::<
                false,
            >(::memscope_binary::__private::rest(__bytes, __offset), 2usize, 4095u64)
                .map_err(|__e| __e.in_field("Header", "(bits of level)", __offset))?;
            __offset += 2usize;
            __group
        } else {
            0
        };
        let __field3 = if __layout == ::memscope_binary::Layout::Detailed {
            <u16 as ::memscope_binary::BitField>::from_bits(
                    ::memscope_binary::__private::bits_at(__bits1, 12u32, 0u32),
                    12u32,
                )
                .map_err(|__e| __e.in_field("Header", "level", __bits1_at))?
        } else {
            <u16 as ::core::default::Default>::default()
        };
        ::core::result::Result::Ok((
            Self {
                version: __field0,
                compressed: __field1,
                len: __field2,
                level: __field3,
            },
            __offset,
        ))
    }
}
const _: () = ::core::assert!(
    3u32 <= < u8 as ::memscope_binary::BitField > ::MAX_BITS,
    "`bits = 3` is wider than the type of `version` holds"
);
const _: () = ::core::assert!(
    1u32 <= < bool as ::memscope_binary::BitField > ::MAX_BITS,
    "`bits = 1` is wider than the type of `compressed` holds"
);
const _: () = ::core::assert!(
    12u32 <= < u16 as ::memscope_binary::BitField > ::MAX_BITS,
    "`bits = 12` is wider than the type of `level` holds"
);
