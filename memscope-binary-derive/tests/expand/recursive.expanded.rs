#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Node {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(::memscope_binary::EncodedSize::UNKNOWN);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(::memscope_binary::EncodedSize::UNKNOWN);
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
                    <Node as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                )
            },
            {
                ::memscope_binary::__private::stack_len(
                    <Node as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                )
            },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len = __len
            .saturating_add(
                <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.value,
                    __layout,
                ),
            );
        __len = __len
            .saturating_add(
                <Vec<
                    Node,
                > as ::memscope_binary::BinaryRecord>::encoded_len(
                    &self.children,
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
        let __depth = ::memscope_binary::__private::DepthGuard::enter(64)?;
        let mut __offset: usize = 0;
        let __field0 = <u32 as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Node", "value", __offset))?;
        __offset
            += <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                &__field0,
                __layout,
            );
        let __field1 = <Vec<
            Node,
        > as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Node", "children", __offset))?;
        ::core::result::Result::Ok(Self {
            value: __field0,
            children: __field1,
        })
    }
    #[inline]
    fn decode_slice(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let __depth = ::memscope_binary::__private::DepthGuard::enter(64)?;
        ::memscope_binary::__private::decode_record(__bytes, __layout)
    }
    fn schema(__layout: ::memscope_binary::Layout) -> ::memscope_binary::Schema {
        let mut __schema = ::memscope_binary::__private::SchemaBuilder::new(0);
        __schema
            .piece(
                "value",
                "u32",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    <u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    <u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "children",
                "Vec<Node>",
                ::memscope_binary::__private::by_layout(
                    __layout,
                    ::memscope_binary::EncodedSize::UNKNOWN,
                    ::memscope_binary::EncodedSize::UNKNOWN,
                ),
            );
        __schema
            .finish(
                "Node",
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
                "value",
                |__out| {
                    <u32 as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.value,
                        __layout,
                        __out,
                    )
                },
            );
        __out
            .field(
                "children",
                |__out| {
                    <Vec<
                        Node,
                    > as ::memscope_binary::BinaryRecord>::__pieces(
                        &self.children,
                        __layout,
                        __out,
                    )
                },
            );
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::BorrowRecord<'__de> for Node {
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        <Self as ::memscope_binary::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl ::memscope_binary::__private::WriteFields for Node {
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
            += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                    &self.value,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Node", "value", __written))?;
        __written
            += <Vec<
                Node,
            > as ::memscope_binary::BinaryRecord>::write_with(
                    &self.children,
                    __w,
                    __layout,
                )
                .map_err(|__e| __e.in_field("Node", "children", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de> ::memscope_binary::__private::Fields<'__de> for Node {
    const BASIC: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE;
    const DETAILED: ::memscope_binary::EncodedSize = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let (__field0, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Node", "value", __offset))?;
        __offset += __used;
        let (__field1, __used) = <Vec<
            Node,
        > as ::memscope_binary::BinaryRecord>::decode_slice(
                ::memscope_binary::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Node", "children", __offset))?;
        __offset += __used;
        ::core::result::Result::Ok((
            Self {
                value: __field0,
                children: __field1,
            },
            __offset,
        ))
    }
}
