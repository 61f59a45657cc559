#[automatically_derived]
impl<T, U: Clone> ::memscope_binary::BinaryRecord for Wrapper<T, U>
where
    T: ::memscope_binary::BinaryRecord,
    Vec<U>: ::memscope_binary::LengthPrefixed,
    Option<T>: ::core::default::Default,
    Option<T>: ::memscope_binary::BinaryRecord,
    Option<U>: ::core::default::Default,
{
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<T as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <Vec<U> as ::memscope_binary::LengthPrefixed>::BASIC_ELEMENT,
            ),
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<T as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <Vec<U> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
        .then(<Option<T> as ::memscope_binary::BinaryRecord>::DETAILED_SIZE);
    #[inline]
    #[allow(unused_mut, unused_variables)]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        if ::memscope_binary::__private::stack_len(
            <Self as ::memscope_binary::BinaryRecord>::encoded_size(__layout),
        ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                { ::memscope_binary::__private::STACK_RECORD },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                if true {
                    let __at = __written;
                    __written
                        += <T as ::memscope_binary::BinaryRecord>::write_with(
                                &self.value,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Wrapper", "value", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <Vec<
                            U,
                        > as ::memscope_binary::LengthPrefixed>::write_prefixed(
                                &self.items,
                                __w,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Wrapper", "items", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __at = __written;
                    __written
                        += <Option<
                            T,
                        > as ::memscope_binary::BinaryRecord>::write_with(
                                &self.note,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Wrapper", "note", __at))?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        let mut __written: usize = 0;
        if true {
            let __at = __written;
            __written
                += <T as ::memscope_binary::BinaryRecord>::write_with(
                        &self.value,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "value", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <Vec<
                    U,
                > as ::memscope_binary::LengthPrefixed>::write_prefixed(
                        &self.items,
                        __w,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "items", __at))?;
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            let __at = __written;
            __written
                += <Option<
                    T,
                > as ::memscope_binary::BinaryRecord>::write_with(
                        &self.note,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "note", __at))?;
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
        let __field0: T = {
            let __at = __offset;
            let (__value, __used) = <T as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map(|__value| {
                    let __used = <T as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__value,
                        __layout,
                    );
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Wrapper", "value", __at))?;
            __offset += __used;
            __value
        };
        let __field1: Vec<U> = {
            let __at = __offset;
            let (__value, __used) = <Vec<
                U,
            > as ::memscope_binary::LengthPrefixed>::read_prefixed(
                    __r,
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                )
                .map(|__value| {
                    let __used = <Vec<
                        U,
                    > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                        &__value,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    );
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Wrapper", "items", __at))?;
            __offset += __used;
            __value
        };
        let __field2: Option<T> = if __layout == ::memscope_binary::Layout::Detailed {
            {
                let __at = __offset;
                let (__value, __used) = <Option<
                    T,
                > as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
                    .map(|__value| {
                        let __used = <Option<
                            T,
                        > as ::memscope_binary::BinaryRecord>::encoded_len(
                            &__value,
                            __layout,
                        );
                        (__value, __used)
                    })
                    .map_err(|e| e.in_field("Wrapper", "note", __at))?;
                __offset += __used;
                __value
            }
        } else {
            ::core::default::Default::default()
        };
        let __field3: Option<U> = ::core::default::Default::default();
        ::core::result::Result::Ok(Self {
            value: __field0,
            items: __field1,
            note: __field2,
            cache: __field3,
        })
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
            let __field0: T = {
                let __at = __offset;
                let (__value, __used) = <T as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "value", __at))?;
                __offset += __used;
                __value
            };
            let __field1: Vec<U> = {
                let __at = __offset;
                let (__value, __used) = <Vec<
                    U,
                > as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "items", __at))?;
                __offset += __used;
                __value
            };
            let __field2: Option<T> = if __layout == ::memscope_binary::Layout::Detailed
            {
                {
                    let __at = __offset;
                    let (__value, __used) = <Option<
                        T,
                    > as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Wrapper", "note", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field3: Option<U> = ::core::default::Default::default();
            return ::core::result::Result::Ok((
                Self {
                    value: __field0,
                    items: __field1,
                    note: __field2,
                    cache: __field3,
                },
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
            let __field0: T = {
                let __at = __offset;
                let (__value, __used) = <T as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "value", __at))?;
                __offset += __used;
                __value
            };
            let __field1: Vec<U> = {
                let __at = __offset;
                let (__value, __used) = <Vec<
                    U,
                > as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "items", __at))?;
                __offset += __used;
                __value
            };
            let __field2: Option<T> = if __layout == ::memscope_binary::Layout::Detailed
            {
                {
                    let __at = __offset;
                    let (__value, __used) = <Option<
                        T,
                    > as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Wrapper", "note", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field3: Option<U> = ::core::default::Default::default();
            return ::core::result::Result::Ok((
                Self {
                    value: __field0,
                    items: __field1,
                    note: __field2,
                    cache: __field3,
                },
                __offset,
            ));
        }
        let mut __offset: usize = 0;
        let __field0: T = {
            let __at = __offset;
            let (__value, __used) = <T as ::memscope_binary::BinaryRecord>::decode_slice(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    __layout,
                )
                .map_err(|e| e.in_field("Wrapper", "value", __at))?;
            __offset += __used;
            __value
        };
        let __field1: Vec<U> = {
            let __at = __offset;
            let (__value, __used) = <Vec<
                U,
            > as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                    ::memscope_binary::__private::rest(__bytes, __offset),
                    ::memscope_binary::LenWidth::U8,
                    __layout,
                )
                .map_err(|e| e.in_field("Wrapper", "items", __at))?;
            __offset += __used;
            __value
        };
        let __field2: Option<T> = if __layout == ::memscope_binary::Layout::Detailed {
            {
                let __at = __offset;
                let (__value, __used) = <Option<
                    T,
                > as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Wrapper", "note", __at))?;
                __offset += __used;
                __value
            }
        } else {
            ::core::default::Default::default()
        };
        let __field3: Option<U> = ::core::default::Default::default();
        ::core::result::Result::Ok((
            Self {
                value: __field0,
                items: __field1,
                note: __field2,
                cache: __field3,
            },
            __offset,
        ))
    }
    #[inline]
    #[allow(unused_mut)]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        if true {
            __len = __len
                .saturating_add(
                    <T as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.value,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <Vec<
                        U,
                    > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                        &self.items,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    <Option<
                        T,
                    > as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.note,
                        __layout,
                    ),
                );
        }
        __len
    }
}
