#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Kind {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::exact(
            4,
        )
        .then(<u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = Self::BASIC_SIZE;
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
                    <Kind as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Kind as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        4 + <u16 as ::memscope_binary::BinaryRecord>::encoded_len(&0, __layout)
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        ::memscope_binary::__private::read_tag(__r, *b"KIND")
            .map_err(|__e| __e.in_field("Kind", "(tag)", 0))?;
        let __tag = <u16 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Kind", "(discriminant)", 4))?;
        const __TAG0: u16 = 1;
        const __TAG1: u16 = 7;
        const __TAG2: u16 = __TAG1 + 1;
        match __tag {
            __TAG0 => ::core::result::Result::Ok(Self::Heap {}),
            __TAG1 => ::core::result::Result::Ok(Self::Stack {}),
            __TAG2 => ::core::result::Result::Ok(Self::Static {}),
            _ => {
                ::core::result::Result::Err(
                    ::memscope_binary::__private::invalid_discriminant(
                        "Kind",
                        __tag as i128,
                        4,
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
        let mut __schema = ::memscope_binary::__private::SchemaBuilder::new(4);
        __schema
            .piece(
                "(discriminant)",
                "u16",
                <u16 as ::memscope_binary::BinaryRecord>::encoded_size(__layout),
            );
        {
            let mut __variant = __schema.variant();
            __schema.extend(__variant);
        }
        {
            let mut __variant = __schema.variant();
            __schema.extend(__variant);
        }
        {
            let mut __variant = __schema.variant();
            __schema.extend(__variant);
        }
        __schema
            .finish(
                "Kind",
                ::core::option::Option::Some(*b"KIND"),
                <Self as ::memscope_binary::BinaryRecord>::encoded_size(__layout),
            )
    }
    fn __pieces(
        &self,
        __layout: ::memscope_binary::Layout,
        __out: &mut ::memscope_binary::hexdump::Pieces,
    ) {
        __out.field("(tag)", |__out| __out.leaf(4));
        __out
            .field(
                "(discriminant)",
                |__out| {
                    __out
                        .leaf(
                            <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                                &0,
                                __layout,
                            ),
                        )
                },
            );
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Kind {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::BitField for Kind {
    const MAX_BITS: u32 = <u16 as ::memscope_binary::BitField>::MAX_BITS;
    #[inline]
    fn to_bits(
        &self,
        __width: u32,
    ) -> ::core::result::Result<u64, ::memscope_binary::CodecError> {
        const __TAG0: u16 = 1;
        const __TAG1: u16 = 7;
        const __TAG2: u16 = __TAG1 + 1;
        let __tag: u16 = match self {
            Self::Heap {} => __TAG0,
            Self::Stack {} => __TAG1,
            Self::Static {} => __TAG2,
        };
        <u16 as ::memscope_binary::BitField>::to_bits(&__tag, __width)
    }
    #[inline]
    fn from_bits(
        __bits: u64,
        __width: u32,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let __tag = <u16 as ::memscope_binary::BitField>::from_bits(__bits, __width)?;
        const __TAG0: u16 = 1;
        const __TAG1: u16 = 7;
        const __TAG2: u16 = __TAG1 + 1;
        match __tag {
            __TAG0 => ::core::result::Result::Ok(Self::Heap {}),
            __TAG1 => ::core::result::Result::Ok(Self::Stack {}),
            __TAG2 => ::core::result::Result::Ok(Self::Static {}),
            _ => {
                ::core::result::Result::Err(
                    ::memscope_binary::__private::invalid_discriminant(
                        "Kind",
                        __tag as i128,
                        0,
                    ),
                )
            }
        }
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Kind {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        const __TAG0: u16 = 1;
        const __TAG1: u16 = 7;
        const __TAG2: u16 = __TAG1 + 1;
        let __tag: u16 = match self {
            Self::Heap {} => __TAG0,
            Self::Stack {} => __TAG1,
            Self::Static {} => __TAG2,
        };
        ::memscope_binary::wire::write_bytes(__w, b"KIND")
            .map_err(|__e| __e.in_field("Kind", "(tag)", 0))?;
        ::core::result::Result::Ok(
            4
                + <u16 as ::memscope_binary::BinaryRecord>::write_with(
                        &__tag,
                        __w,
                        __layout,
                    )
                    .map_err(|__e| __e.in_field("Kind", "(discriminant)", 4))?,
        )
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Kind {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::memscope_binary::__private::decode_tag(__bytes, *b"KIND")
            .map_err(|__e| __e.in_field("Kind", "(tag)", 0))?;
        let (__tag, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, 4),
                __layout,
            )
            .map_err(|__e| __e.in_field("Kind", "(discriminant)", 4))?;
        const __TAG0: u16 = 1;
        const __TAG1: u16 = 7;
        const __TAG2: u16 = __TAG1 + 1;
        match __tag {
            __TAG0 => ::core::result::Result::Ok((Self::Heap {}, 4 + __used)),
            __TAG1 => ::core::result::Result::Ok((Self::Stack {}, 4 + __used)),
            __TAG2 => ::core::result::Result::Ok((Self::Static {}, 4 + __used)),
            _ => {
                ::core::result::Result::Err(
                    ::memscope_binary::__private::invalid_discriminant(
                        "Kind",
                        __tag as i128,
                        4,
                    ),
                )
            }
        }
    }
}
