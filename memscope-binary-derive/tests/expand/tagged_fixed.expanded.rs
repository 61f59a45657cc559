#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Stats {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(::memscope_binary::EncodedSize::exact(4))
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(::memscope_binary::EncodedSize::exact(4))
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u64 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(<u32 as ::memscope_binary::BinaryRecord>::DETAILED_SIZE);
    #[inline]
    #[allow(unused_mut, unused_variables)]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        if __layout == ::memscope_binary::Layout::Basic
            && ::memscope_binary::__private::stack_len(
                <Stats as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Stats as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                let __at = __written;
                __written
                    += ::memscope_binary::wire::write_bytes(
                            __w,
                            &[83u8, 84u8, 65u8, 84u8],
                        )
                        .map_err(|e| e.in_field("Stats", "(tag)", __at))?;
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.total,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "total", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.active,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "active", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.peak,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "peak", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.threads,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "threads", __at))?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        if __layout == ::memscope_binary::Layout::Detailed
            && ::memscope_binary::__private::stack_len(
                <Stats as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Stats as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                let __at = __written;
                __written
                    += ::memscope_binary::wire::write_bytes(
                            __w,
                            &[83u8, 84u8, 65u8, 84u8],
                        )
                        .map_err(|e| e.in_field("Stats", "(tag)", __at))?;
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.total,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "total", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.active,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "active", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.peak,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "peak", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                                &self.threads,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Stats", "threads", __at))?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        let mut __written: usize = 0;
        let __at = __written;
        __written
            += ::memscope_binary::wire::write_bytes(__w, &[83u8, 84u8, 65u8, 84u8])
                .map_err(|e| e.in_field("Stats", "(tag)", __at))?;
        if true {
            let __at = __written;
            __written
                += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.total,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "total", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.active,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "active", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <u64 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.peak,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "peak", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <u32 as ::memscope_binary::BinaryRecord>::write_with(
                        &self.threads,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "threads", __at))?;
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
        {
            let (__found, __used) = ::memscope_binary::wire::read_array::<
                4usize,
                __R,
            >(__r)
                .map(|__bytes| (__bytes, 4usize))
                .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
            ::memscope_binary::__private::check_tag(__found, [83u8, 84u8, 65u8, 84u8])
                .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
            __offset += __used;
        }
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
                .map_err(|e| e.in_field("Stats", "total", __at))?;
            __offset += __used;
            __value
        };
        let __field1: u64 = {
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
                .map_err(|e| e.in_field("Stats", "active", __at))?;
            __offset += __used;
            __value
        };
        let __field2: u64 = {
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
                .map_err(|e| e.in_field("Stats", "peak", __at))?;
            __offset += __used;
            __value
        };
        let __field3: u32 = {
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
                .map_err(|e| e.in_field("Stats", "threads", __at))?;
            __offset += __used;
            __value
        };
        ::core::result::Result::Ok(Self {
            total: __field0,
            active: __field1,
            peak: __field2,
            threads: __field3,
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
            {
                let (__found, __used) = ::memscope_binary::wire::take_array::<
                    4usize,
                >(::memscope_binary::__private::rest(__bytes, __offset))
                    .map(|__bytes| (__bytes, 4usize))
                    .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
                ::memscope_binary::__private::check_tag(
                        __found,
                        [83u8, 84u8, 65u8, 84u8],
                    )
                    .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
                __offset += __used;
            }
            let __field0: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "total", __at))?;
                __offset += __used;
                __value
            };
            let __field1: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "active", __at))?;
                __offset += __used;
                __value
            };
            let __field2: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "peak", __at))?;
                __offset += __used;
                __value
            };
            let __field3: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "threads", __at))?;
                __offset += __used;
                __value
            };
            return ::core::result::Result::Ok((
                Self {
                    total: __field0,
                    active: __field1,
                    peak: __field2,
                    threads: __field3,
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
            {
                let (__found, __used) = ::memscope_binary::wire::take_array::<
                    4usize,
                >(::memscope_binary::__private::rest(__bytes, __offset))
                    .map(|__bytes| (__bytes, 4usize))
                    .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
                ::memscope_binary::__private::check_tag(
                        __found,
                        [83u8, 84u8, 65u8, 84u8],
                    )
                    .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
                __offset += __used;
            }
            let __field0: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "total", __at))?;
                __offset += __used;
                __value
            };
            let __field1: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "active", __at))?;
                __offset += __used;
                __value
            };
            let __field2: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "peak", __at))?;
                __offset += __used;
                __value
            };
            let __field3: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "threads", __at))?;
                __offset += __used;
                __value
            };
            return ::core::result::Result::Ok((
                Self {
                    total: __field0,
                    active: __field1,
                    peak: __field2,
                    threads: __field3,
                },
                __offset,
            ));
        }
        #[inline(never)]
        #[allow(unused_mut, unused_variables, unused_assignments)]
        fn __decode_general(
            __bytes: &[u8],
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<(Stats, usize), ::memscope_binary::CodecError> {
            let mut __offset: usize = 0;
            {
                let (__found, __used) = ::memscope_binary::wire::take_array::<
                    4usize,
                >(::memscope_binary::__private::rest(__bytes, __offset))
                    .map(|__bytes| (__bytes, 4usize))
                    .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
                ::memscope_binary::__private::check_tag(
                        __found,
                        [83u8, 84u8, 65u8, 84u8],
                    )
                    .map_err(|e| e.in_field("Stats", "(tag)", 0))?;
                __offset += __used;
            }
            let __field0: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "total", __at))?;
                __offset += __used;
                __value
            };
            let __field1: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "active", __at))?;
                __offset += __used;
                __value
            };
            let __field2: u64 = {
                let __at = __offset;
                let (__value, __used) = <u64 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "peak", __at))?;
                __offset += __used;
                __value
            };
            let __field3: u32 = {
                let __at = __offset;
                let (__value, __used) = <u32 as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Stats", "threads", __at))?;
                __offset += __used;
                __value
            };
            ::core::result::Result::Ok((
                Stats {
                    total: __field0,
                    active: __field1,
                    peak: __field2,
                    threads: __field3,
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
        __len += 4;
        if true {
            __len = __len
                .saturating_add(
                    <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.total,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.active,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <u64 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.peak,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <u32 as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.threads,
                        __layout,
                    ),
                );
        }
        __len
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
