#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Four {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u16 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u16 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE);
    #[inline]
    #[allow(unused_mut, unused_variables)]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        if __layout == ::memscope_binary::Layout::Basic
            && ::memscope_binary::__private::stack_len(
                <Four as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Four as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.a,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "a", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.b,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "b", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::BinaryRecord>::write_with(
                                &self.name,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "name", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u16 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.c,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "c", __at))?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        if __layout == ::memscope_binary::Layout::Detailed
            && ::memscope_binary::__private::stack_len(
                <Four as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Four as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.a,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "a", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.b,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "b", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::BinaryRecord>::write_with(
                                &self.name,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "name", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u16 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.c,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Four", "c", __at))?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        let mut __written: usize = 0;
        if true {
            let __at = __written;
            __written
                += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.a,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "a", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.b,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "b", __at))?;
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            let __at = __written;
            __written
                += <String as ::memscope_binary::BinaryRecord>::write_with(
                        &self.name,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "name", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <u16 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.c,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "c", __at))?;
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
        let __field0: u64 = {
            let __at = __offset;
            let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map(|__value| {
                    let __used = <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__value,
                        __layout,
                    );
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Four", "a", __at))?;
            __offset += __used;
            __value
        };
        let __field1: u32 = {
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
                .map_err(|e| e.in_field("Four", "b", __at))?;
            __offset += __used;
            __value
        };
        let __field2: String = if __layout == ::memscope_binary::Layout::Detailed {
            {
                let __at = __offset;
                let (__value, __used) = <String as ::memscope_binary::BinaryRecord>::read_with(
                        __r,
                        __layout,
                    )
                    .map(|__value| {
                        let __used = <String as ::memscope_binary::BinaryRecord>::encoded_len(
                            &__value,
                            __layout,
                        );
                        (__value, __used)
                    })
                    .map_err(|e| e.in_field("Four", "name", __at))?;
                __offset += __used;
                __value
            }
        } else {
            ::core::default::Default::default()
        };
        let __field3: u16 = {
            let __at = __offset;
            let (__value, __used) = <u16 as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map(|__value| {
                    let __used = <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__value,
                        __layout,
                    );
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Four", "c", __at))?;
            __offset += __used;
            __value
        };
        ::core::result::Result::Ok(Self {
            a: __field0,
            b: __field1,
            name: __field2,
            c: __field3,
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
            let __field0: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "a", __at))?;
                __offset += __used;
                __value
            };
            let __field1: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "b", __at))?;
                __offset += __used;
                __value
            };
            let __field2: String = if __layout == ::memscope_binary::Layout::Detailed {
                {
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Four", "name", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field3: u16 = {
                let __at = __offset;
                let (__value, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "c", __at))?;
                __offset += __used;
                __value
            };
            return ::core::result::Result::Ok((
                Self {
                    a: __field0,
                    b: __field1,
                    name: __field2,
                    c: __field3,
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
            let __field0: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "a", __at))?;
                __offset += __used;
                __value
            };
            let __field1: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "b", __at))?;
                __offset += __used;
                __value
            };
            let __field2: String = if __layout == ::memscope_binary::Layout::Detailed {
                {
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Four", "name", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field3: u16 = {
                let __at = __offset;
                let (__value, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "c", __at))?;
                __offset += __used;
                __value
            };
            return ::core::result::Result::Ok((
                Self {
                    a: __field0,
                    b: __field1,
                    name: __field2,
                    c: __field3,
                },
                __offset,
            ));
        }
        #[inline(never)]
        #[allow(unused_mut, unused_variables, unused_assignments)]
        fn __decode_general(
            __bytes: &[u8],
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<(Four, usize), ::memscope_binary::CodecError> {
            let mut __offset: usize = 0;
            let __field0: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "a", __at))?;
                __offset += __used;
                __value
            };
            let __field1: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "b", __at))?;
                __offset += __used;
                __value
            };
            let __field2: String = if __layout == ::memscope_binary::Layout::Detailed {
                {
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Four", "name", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field3: u16 = {
                let __at = __offset;
                let (__value, __used) = <u16 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Four", "c", __at))?;
                __offset += __used;
                __value
            };
            ::core::result::Result::Ok((
                Four {
                    a: __field0,
                    b: __field1,
                    name: __field2,
                    c: __field3,
                },
                __offset,
            ))
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
                    <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.a,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.b,
                        __layout,
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    <String as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.name,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <u16 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.c,
                        __layout,
                    ),
                );
        }
        __len
    }
}
