#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Stats {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::exact(
            4,
        )
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::exact(
            4,
        )
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE);
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
                    <Stats as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Stats as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 4;
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.total,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.active,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.peak,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.threads,
                    __layout,
                ),
            );
        __len
    }
    #[inline]
    fn read_with<__R: ::memscope_binary::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        ::memscope_binary::__private::read_tag(__r, *b"STAT")
            .map_err(|__e| __e.in_field("Stats", "(tag)", 0))?;
        let mut __offset: usize = 4;
        let __field0 = <u64 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Stats", "total", __offset))?;
        __offset
            += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field0,
                __layout,
            );
        let __field1 = <u64 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Stats", "active", __offset))?;
        __offset
            += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field1,
                __layout,
            );
        let __field2 = <u64 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Stats", "peak", __offset))?;
        __offset
            += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field2,
                __layout,
            );
        let __field3 = <u32 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Stats", "threads", __offset))?;
        ::core::result::Result::Ok(Self {
            total: __field0,
            active: __field1,
            peak: __field2,
            threads: __field3,
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
        let mut __schema = ::memscope_binary::__private::SchemaBuilder::new(4);
        __schema
            .piece(
                "total",
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "active",
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "peak",
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "threads",
                "u32",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .finish(
                "Stats",
                ::core::option::Option::Some(*b"STAT"),
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
                "total",
                |__out| {
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.total,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "active",
                |__out| {
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.active,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "peak",
                |__out| {
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.peak,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "threads",
                |__out| {
                    <u32 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.threads,
                        __layout,
                        __out,
                    )
                },
            );
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Stats {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Stats {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: ::memscope_binary::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        let mut __written: usize = ::memscope_binary::wire::write_bytes(__w, b"STAT")
            .map_err(|__e| __e.in_field("Stats", "(tag)", 0))?;
        __written
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.total,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Stats", "total", __written))?;
        __written
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.active,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Stats", "active", __written))?;
        __written
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.peak,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Stats", "peak", __written))?;
        __written
            += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.threads,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Stats", "threads", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Stats {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        ::memscope_binary::__private::decode_tag(__bytes, *b"STAT")
            .map_err(|__e| __e.in_field("Stats", "(tag)", 0))?;
        let mut __offset: usize = 4;
        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Stats", "total", __offset))?;
        __offset += __used;
        let (__field1, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Stats", "active", __offset))?;
        __offset += __used;
        let (__field2, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Stats", "peak", __offset))?;
        __offset += __used;
        let (__field3, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Stats", "threads", __offset))?;
        __offset += __used;
        ::core::result::Result::Ok((
            Self {
                total: __field0,
                active: __field1,
                peak: __field2,
                threads: __field3,
            },
            __offset,
        ))
    }
}
const _: () = {
    let __actual = <Stats as ::memscope_binary::BinaryRecord>::BASIC_SIZE.exact_len();
    ::core::assert!(
        __actual.is_some(),
        "`#[binary(size = 28)]` cannot hold: the basic encoding of `Stats` has no fixed size (a field's length varies)"
    );
    let _: [(); 28usize] = [(); match <Stats as ::memscope_binary::BinaryRecord>::BASIC_SIZE
        .exact_len()
    {
        ::core::option::Option::Some(__n) => __n,
        ::core::option::Option::None => 28usize,
    }];
};
