#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Block {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE);
    const __PLAIN: ::memscope_binary::__private::Plain<Self> = unsafe {
        ::memscope_binary::__private::Plain::assume(
            ::memscope_binary::__private::plain_layout(
                ::core::mem::size_of::<Self>(),
                &[
                    (
                        ::core::mem::offset_of!(Self, ptr),
                        ::core::mem::size_of::<u64>(),
                        <u64 as ::memscope_binary::BinaryRecord>::__PLAIN.get(),
                    ),
                    (
                        ::core::mem::offset_of!(Self, size),
                        ::core::mem::size_of::<u64>(),
                        <u64 as ::memscope_binary::BinaryRecord>::__PLAIN.get(),
                    ),
                    (
                        ::core::mem::offset_of!(Self, timestamp),
                        ::core::mem::size_of::<u64>(),
                        <u64 as ::memscope_binary::BinaryRecord>::__PLAIN.get(),
                    ),
                ],
            ),
        )
    };
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
                    <Block as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Block as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.ptr,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.size,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.timestamp,
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
        let mut __offset: usize = 0;
        let __field0 = <u64 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Block", "ptr", __offset))?;
        __offset
            += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field0,
                __layout,
            );
        let __field1 = <u64 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Block", "size", __offset))?;
        __offset
            += <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field1,
                __layout,
            );
        let __field2 = <u64 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Block", "timestamp", __offset))?;
        ::core::result::Result::Ok(Self {
            ptr: __field0,
            size: __field1,
            timestamp: __field2,
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
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "size",
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "timestamp",
                "u64",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .finish(
                "Block",
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
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
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
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.size,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "timestamp",
                |__out| {
                    <u64 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.timestamp,
                        __layout,
                        __out,
                    )
                },
            );
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Block {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Block {
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
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.ptr,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Block", "ptr", __written))?;
        __written
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.size,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Block", "size", __written))?;
        __written
            += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.timestamp,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Block", "timestamp", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Block {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Block", "ptr", __offset))?;
        __offset += __used;
        let (__field1, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Block", "size", __offset))?;
        __offset += __used;
        let (__field2, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Block", "timestamp", __offset))?;
        __offset += __used;
        ::core::result::Result::Ok((
            Self {
                ptr: __field0,
                size: __field1,
                timestamp: __field2,
            },
            __offset,
        ))
    }
}
