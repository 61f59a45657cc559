#[automatically_derived]
impl<T> msb::BinaryRecord for Renamed<T>
where
    T: msb::BinaryRecord,
{
    const BASIC_SIZE: msb::EncodedSize = msb::EncodedSize::exact(4)
        .then(<T as msb::BinaryRecord>::BASIC_SIZE)
        .then(
            msb::EncodedSize::length_prefixed(
                msb::LenWidth::U8,
                <String as msb::LengthPrefixed>::BASIC_ELEMENT,
            ),
        );
    const DETAILED_SIZE: msb::EncodedSize = msb::EncodedSize::exact(4)
        .then(<T as msb::BinaryRecord>::DETAILED_SIZE)
        .then(
            msb::EncodedSize::length_prefixed(
                msb::LenWidth::U8,
                <String as msb::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        );
    #[inline]
    fn write_with<__W: msb::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: msb::Layout,
    ) -> ::core::result::Result<usize, msb::CodecError> {
        msb::__private::write_record::<
            Self,
            __W,
            { msb::__private::STACK_RECORD },
            { msb::__private::STACK_RECORD },
        >(self, __w, __layout)
    }
    #[inline]
    fn encoded_len(&self, __layout: msb::Layout) -> usize {
        let mut __len: usize = 4;
        __len = __len
            .saturating_add(
                <T as msb::BinaryRecord>::encoded_len(&self.value, __layout),
            );
        __len = __len
            .saturating_add(
                <String as msb::LengthPrefixed>::prefixed_len(
                    &self.name,
                    msb::LenWidth::U8,
                    __layout,
                ),
            );
        __len
    }
    #[inline]
    fn read_with<__R: msb::__private::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: msb::Layout,
    ) -> ::core::result::Result<Self, msb::CodecError> {
        msb::__private::read_tag(__r, *b"WRAP")
            .map_err(|__e| __e.in_field("Renamed", "(tag)", 0))?;
        let mut __offset: usize = 4;
        let __field0 = <T as msb::BinaryRecord>::read_with(__r, __layout)
            .map_err(|__e| __e.in_field("Renamed", "value", __offset))?;
        __offset += <T as msb::BinaryRecord>::encoded_len(&__field0, __layout);
        let __field1 = <String as msb::LengthPrefixed>::read_prefixed::<
            _,
            false,
        >(__r, msb::LenWidth::U8, __layout)
            .map_err(|__e| __e.in_field("Renamed", "name", __offset))?;
        ::core::result::Result::Ok(Self {
            value: __field0,
            name: __field1,
        })
    }
    #[inline]
    fn decode_slice(
        __bytes: &[u8],
        __layout: msb::Layout,
    ) -> ::core::result::Result<(Self, usize), msb::CodecError> {
        msb::__private::decode_record(__bytes, __layout)
    }
    fn schema(__layout: msb::Layout) -> msb::Schema {
        let mut __schema = msb::__private::SchemaBuilder::new(4);
        __schema
            .piece(
                "value",
                "T",
                msb::__private::by_layout(
                    __layout,
                    <T as msb::BinaryRecord>::BASIC_SIZE,
                    <T as msb::BinaryRecord>::DETAILED_SIZE,
                ),
            );
        __schema
            .piece(
                "name",
                "String",
                msb::__private::by_layout(
                    __layout,
                    msb::EncodedSize::length_prefixed(
                        msb::LenWidth::U8,
                        <String as msb::LengthPrefixed>::BASIC_ELEMENT,
                    ),
                    msb::EncodedSize::length_prefixed(
                        msb::LenWidth::U8,
                        <String as msb::LengthPrefixed>::DETAILED_ELEMENT,
                    ),
                ),
            );
        __schema
            .finish(
                "Renamed",
                ::core::option::Option::Some(*b"WRAP"),
                <Self as msb::BinaryRecord>::encoded_size(__layout),
            )
    }
    fn __pieces(&self, __layout: msb::Layout, __out: &mut msb::hexdump::Pieces) {
        __out.field("(tag)", |__out| __out.leaf(4));
        __out
            .field(
                "value",
                |__out| {
                    <T as msb::BinaryRecord>::__pieces(&self.value, __layout, __out)
                },
            );
        __out
            .field(
                "name",
                |__out| {
                    __out
                        .leaf(
                            <String as msb::LengthPrefixed>::prefixed_len(
                                &self.name,
                                msb::LenWidth::U8,
                                __layout,
                            ),
                        )
                },
            );
    }
}
#[automatically_derived]
impl<'__de, T> msb::BorrowRecord<'__de> for Renamed<T>
where
    T: msb::BinaryRecord,
{
    #[inline]
    fn decode_borrowed(
        __bytes: &'__de [u8],
        __layout: msb::Layout,
    ) -> ::core::result::Result<(Self, usize), msb::CodecError> {
        <Self as msb::BinaryRecord>::decode_slice(__bytes, __layout)
    }
}
#[automatically_derived]
impl<T> msb::__private::WriteFields for Renamed<T>
where
    T: msb::BinaryRecord,
{
    const BASIC: msb::EncodedSize = <Self as msb::BinaryRecord>::BASIC_SIZE;
    const DETAILED: msb::EncodedSize = <Self as msb::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn write_fields<__W: msb::__private::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: msb::Layout,
    ) -> ::core::result::Result<usize, msb::CodecError> {
        let mut __written: usize = msb::wire::write_bytes(__w, b"WRAP")
            .map_err(|__e| __e.in_field("Renamed", "(tag)", 0))?;
        __written
            += <T as msb::BinaryRecord>::write_with(&self.value, __w, __layout)
                .map_err(|__e| __e.in_field("Renamed", "value", __written))?;
        __written
            += <String as msb::LengthPrefixed>::write_prefixed::<
                _,
                false,
            >(&self.name, __w, msb::LenWidth::U8, __layout)
                .map_err(|__e| __e.in_field("Renamed", "name", __written))?;
        ::core::result::Result::Ok(__written)
    }
}
#[automatically_derived]
impl<'__de, T> msb::__private::Fields<'__de> for Renamed<T>
where
    T: msb::BinaryRecord,
{
    const BASIC: msb::EncodedSize = <Self as msb::BinaryRecord>::BASIC_SIZE;
    const DETAILED: msb::EncodedSize = <Self as msb::BinaryRecord>::DETAILED_SIZE;
    #[inline(always)]
    fn decode_fields(
        __bytes: &'__de [u8],
        __layout: msb::Layout,
    ) -> ::core::result::Result<(Self, usize), msb::CodecError> {
        msb::__private::decode_tag(__bytes, *b"WRAP")
            .map_err(|__e| __e.in_field("Renamed", "(tag)", 0))?;
        let mut __offset: usize = 4;
        let (__field0, __used) = <T as msb::BinaryRecord>::decode_slice(
                msb::__private::rest(__bytes, __offset),
                __layout,
            )
            .map_err(|__e| __e.in_field("Renamed", "value", __offset))?;
        __offset += __used;
        let (__field1, __used) = <String as msb::LengthPrefixed>::decode_prefixed::<
            false,
        >(msb::__private::rest(__bytes, __offset), msb::LenWidth::U8, __layout)
            .map_err(|__e| __e.in_field("Renamed", "name", __offset))?;
        __offset += __used;
        ::core::result::Result::Ok((
            Self {
                value: __field0,
                name: __field1,
            },
            __offset,
        ))
    }
}
