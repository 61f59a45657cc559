#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Pair {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <String as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
            ),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <String as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        );
    #[inline]
    #[allow(unused_mut, unused_variables)]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        if __layout == ::memscope_binary::Layout::Basic
            && ::memscope_binary::__private::stack_len(
                <Pair as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Pair as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                if true {
                    let __at = __written;
                    __written
                        += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.0,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Pair", "0", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::LengthPrefixed>::write_prefixed(
                                &self.1,
                                __w,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Pair", "1", __at))?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        if __layout == ::memscope_binary::Layout::Detailed
            && ::memscope_binary::__private::stack_len(
                <Pair as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Pair as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                if true {
                    let __at = __written;
                    __written
                        += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.0,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Pair", "0", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::LengthPrefixed>::write_prefixed(
                                &self.1,
                                __w,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Pair", "1", __at))?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        let mut __written: usize = 0;
        if true {
            let __at = __written;
            __written
                += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.0,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "0", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <String as ::memscope_binary::LengthPrefixed>::write_prefixed(
                        &self.1,
                        __w,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "1", __at))?;
        }
        ::core::result::Result::Ok(__written)
    }
    #[inline]
    #[allow(unused_mut, unused_variables, unused_assignments)]
    fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        let __field0: u32 = {
            let __at = __offset;
            let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map(|__value| {
                    let __used = <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__value,
                        __layout,
                    );
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Pair", "0", __at))?;
            __offset += __used;
            __value
        };
        let __field1: String = {
            let __at = __offset;
            let (__value, __used) = <String as ::memscope_binary::LengthPrefixed>::read_prefixed(
                    __r,
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                )
                .map(|__value| {
                    let __used = <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                        &__value,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    );
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Pair", "1", __at))?;
            __offset += __used;
            __value
        };
        ::core::result::Result::Ok(Self { 0: __field0, 1: __field1 })
    }
    #[inline]
    #[allow(unused_mut, unused_variables, unused_assignments)]
    fn decode_slice(
        __bytes: &[u8],
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
        if __layout == ::memscope_binary::Layout::Basic
            && let ::core::option::Option::Some(__n) = <Self as ::memscope_binary::BinaryRecord>::BASIC_SIZE
                .exact_len()
            && let ::core::option::Option::Some(__bytes) = __bytes.get(..__n)
        {
            let __layout = ::memscope_binary::Layout::Basic;
            let mut __offset: usize = 0;
            let __field0: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "0", __at))?;
                __offset += __used;
                __value
            };
            let __field1: String = {
                let __at = __offset;
                let (__value, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "1", __at))?;
                __offset += __used;
                __value
            };
            return ::core::result::Result::Ok((
                Self { 0: __field0, 1: __field1 },
                __offset,
            ));
        }
        if __layout == ::memscope_binary::Layout::Detailed
            && let ::core::option::Option::Some(__n) = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE
                .exact_len()
            && let ::core::option::Option::Some(__bytes) = __bytes.get(..__n)
        {
            let __layout = ::memscope_binary::Layout::Detailed;
            let mut __offset: usize = 0;
            let __field0: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "0", __at))?;
                __offset += __used;
                __value
            };
            let __field1: String = {
                let __at = __offset;
                let (__value, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "1", __at))?;
                __offset += __used;
                __value
            };
            return ::core::result::Result::Ok((
                Self { 0: __field0, 1: __field1 },
                __offset,
            ));
        }
        #[inline(never)]
        #[allow(unused_mut, unused_variables, unused_assignments)]
        fn __decode_general(
            __bytes: &[u8],
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<(Pair, usize), ::memscope_binary::CodecError> {
            let mut __offset: usize = 0;
            let __field0: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "0", __at))?;
                __offset += __used;
                __value
            };
            let __field1: String = {
                let __at = __offset;
                let (__value, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Pair", "1", __at))?;
                __offset += __used;
                __value
            };
            ::core::result::Result::Ok((Pair { 0: __field0, 1: __field1 }, __offset))
        }
        __decode_general(__bytes, __layout)
    }
    #[inline]
    #[allow(unused_mut)]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        if true {
            __len = __len
                .saturating_add(
                    <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.0,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                        &self.1,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    ),
                );
        }
        __len
    }
}
