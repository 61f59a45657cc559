#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Allocation {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<usize as ::memscope_binary::BinaryRecord>::BASIC_SIZE)
        .then(
            <Millis as ::memscope_binary::FieldCodec<std::time::Duration>>::BASIC_SIZE,
        );
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO
        .then(<usize as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            <Millis as ::memscope_binary::FieldCodec<std::time::Duration>>::DETAILED_SIZE,
        )
        .then(<String as ::memscope_binary::BinaryRecord>::DETAILED_SIZE)
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <String as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
        .then(
            ::memscope_binary::EncodedSize::length_prefixed(
                ::memscope_binary::LenWidth::U8,
                <Vec<u64> as ::memscope_binary::LengthPrefixed>::DETAILED_ELEMENT,
            ),
        )
        .then(::memscope_binary::EncodedSize::exact(1));
    #[inline]
    #[allow(unused_mut, unused_variables)]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        if __layout == ::memscope_binary::Layout::Basic
            && ::memscope_binary::__private::stack_len(
                <Allocation as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Allocation as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                let mut __flags: u8 = 0;
                if true {
                    let __at = __written;
                    __written
                        += <usize as ::memscope_binary::BinaryRecord>::write_with(
                                &self.ptr,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "ptr", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <Millis as ::memscope_binary::FieldCodec<
                            std::time::Duration,
                        >>::write_with(&self.age, __w, __layout)
                            .map_err(|e| e.in_field("Allocation", "age", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __empty: String;
                    let __value: &String = match &self.var_name {
                        ::core::option::Option::Some(__value) => {
                            __flags |= 1u8;
                            __value
                        }
                        ::core::option::Option::None => {
                            __empty = <String as ::core::default::Default>::default();
                            &__empty
                        }
                    };
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::BinaryRecord>::write_with(
                                __value,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "var_name", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __empty: String;
                    let __value: &String = match &self.type_name {
                        ::core::option::Option::Some(__value) => {
                            __flags |= 2u8;
                            __value
                        }
                        ::core::option::Option::None => {
                            __empty = <String as ::core::default::Default>::default();
                            &__empty
                        }
                    };
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::LengthPrefixed>::write_prefixed(
                                __value,
                                __w,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "type_name", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __at = __written;
                    __written
                        += <Vec<
                            u64,
                        > as ::memscope_binary::LengthPrefixed>::write_prefixed(
                                &self.frames,
                                __w,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "frames", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __at = __written;
                    __written
                        += ::memscope_binary::wire::write_bytes(__w, &[__flags])
                            .map_err(|e| {
                                e.in_field("Allocation", "(presence flags)", __at)
                            })?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        if __layout == ::memscope_binary::Layout::Detailed
            && ::memscope_binary::__private::stack_len(
                <Allocation as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Allocation as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
                let mut __flags: u8 = 0;
                if true {
                    let __at = __written;
                    __written
                        += <usize as ::memscope_binary::BinaryRecord>::write_with(
                                &self.ptr,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "ptr", __at))?;
                }
                if true {
                    let __at = __written;
                    __written
                        += <Millis as ::memscope_binary::FieldCodec<
                            std::time::Duration,
                        >>::write_with(&self.age, __w, __layout)
                            .map_err(|e| e.in_field("Allocation", "age", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __empty: String;
                    let __value: &String = match &self.var_name {
                        ::core::option::Option::Some(__value) => {
                            __flags |= 1u8;
                            __value
                        }
                        ::core::option::Option::None => {
                            __empty = <String as ::core::default::Default>::default();
                            &__empty
                        }
                    };
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::BinaryRecord>::write_with(
                                __value,
                                __w,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "var_name", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __empty: String;
                    let __value: &String = match &self.type_name {
                        ::core::option::Option::Some(__value) => {
                            __flags |= 2u8;
                            __value
                        }
                        ::core::option::Option::None => {
                            __empty = <String as ::core::default::Default>::default();
                            &__empty
                        }
                    };
                    let __at = __written;
                    __written
                        += <String as ::memscope_binary::LengthPrefixed>::write_prefixed(
                                __value,
                                __w,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "type_name", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __at = __written;
                    __written
                        += <Vec<
                            u64,
                        > as ::memscope_binary::LengthPrefixed>::write_prefixed(
                                &self.frames,
                                __w,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                            .map_err(|e| e.in_field("Allocation", "frames", __at))?;
                }
                if __layout == ::memscope_binary::Layout::Detailed {
                    let __at = __written;
                    __written
                        += ::memscope_binary::wire::write_bytes(__w, &[__flags])
                            .map_err(|e| {
                                e.in_field("Allocation", "(presence flags)", __at)
                            })?;
                }
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        let mut __written: usize = 0;
        let mut __flags: u8 = 0;
        if true {
            let __at = __written;
            __written
                += <usize as ::memscope_binary::BinaryRecord>::write_with(
                        &self.ptr,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "ptr", __at))?;
        }
        if true {
            let __at = __written;
            __written
                += <Millis as ::memscope_binary::FieldCodec<
                    std::time::Duration,
                >>::write_with(&self.age, __w, __layout)
                    .map_err(|e| e.in_field("Allocation", "age", __at))?;
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            let __empty: String;
            let __value: &String = match &self.var_name {
                ::core::option::Option::Some(__value) => {
                    __flags |= 1u8;
                    __value
                }
                ::core::option::Option::None => {
                    __empty = <String as ::core::default::Default>::default();
                    &__empty
                }
            };
            let __at = __written;
            __written
                += <String as ::memscope_binary::BinaryRecord>::write_with(
                        __value,
                        __w,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "var_name", __at))?;
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            let __empty: String;
            let __value: &String = match &self.type_name {
                ::core::option::Option::Some(__value) => {
                    __flags |= 2u8;
                    __value
                }
                ::core::option::Option::None => {
                    __empty = <String as ::core::default::Default>::default();
                    &__empty
                }
            };
            let __at = __written;
            __written
                += <String as ::memscope_binary::LengthPrefixed>::write_prefixed(
                        __value,
                        __w,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "type_name", __at))?;
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            let __at = __written;
            __written
                += <Vec<
                    u64,
                > as ::memscope_binary::LengthPrefixed>::write_prefixed(
                        &self.frames,
                        __w,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "frames", __at))?;
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            let __at = __written;
            __written
                += ::memscope_binary::wire::write_bytes(__w, &[__flags])
                    .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?;
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
        let __field0: usize = {
            let __at = __offset;
            let (__value, __used) = <usize as ::memscope_binary::BinaryRecord>::read_with(
                    __r,
                    __layout,
                )
                .map(|__value| {
                    let __used = <usize as ::memscope_binary::BinaryRecord>::encoded_len(
                        &__value,
                        __layout,
                    );
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Allocation", "ptr", __at))?;
            __offset += __used;
            __value
        };
        let __field1: std::time::Duration = {
            let __at = __offset;
            let (__value, __used) = <Millis as ::memscope_binary::FieldCodec<
                std::time::Duration,
            >>::read_with(__r, __layout)
                .map(|__value| {
                    let __used = <Millis as ::memscope_binary::FieldCodec<
                        std::time::Duration,
                    >>::encoded_len(&__value, __layout);
                    (__value, __used)
                })
                .map_err(|e| e.in_field("Allocation", "age", __at))?;
            __offset += __used;
            __value
        };
        let __field2_at = __offset;
        let __field2: ::core::option::Option<String> = if __layout
            == ::memscope_binary::Layout::Detailed
        {
            ::core::option::Option::Some({
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
                    .map_err(|e| e.in_field("Allocation", "var_name", __at))?;
                __offset += __used;
                __value
            })
        } else {
            ::core::option::Option::None
        };
        let __field3_at = __offset;
        let __field3: ::core::option::Option<String> = if __layout
            == ::memscope_binary::Layout::Detailed
        {
            ::core::option::Option::Some({
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
                    .map_err(|e| e.in_field("Allocation", "type_name", __at))?;
                __offset += __used;
                __value
            })
        } else {
            ::core::option::Option::None
        };
        let __field4: Vec<u64> = if __layout == ::memscope_binary::Layout::Detailed {
            {
                let __at = __offset;
                let (__value, __used) = <Vec<
                    u64,
                > as ::memscope_binary::LengthPrefixed>::read_prefixed(
                        __r,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    )
                    .map(|__value| {
                        let __used = <Vec<
                            u64,
                        > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                            &__value,
                            ::memscope_binary::LenWidth::U8,
                            __layout,
                        );
                        (__value, __used)
                    })
                    .map_err(|e| e.in_field("Allocation", "frames", __at))?;
                __offset += __used;
                __value
            }
        } else {
            ::core::default::Default::default()
        };
        let __field5: u64 = ::core::default::Default::default();
        let __flags: u8 = if __layout == ::memscope_binary::Layout::Detailed {
            let __at = __offset;
            let (__found, __used) = ::memscope_binary::wire::read_array::<
                1usize,
                __R,
            >(__r)
                .map(|__bytes| (__bytes, 1usize))
                .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?;
            __offset += __used;
            ::memscope_binary::__private::check_presence_flags(__found[0], 3u8)
                .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?
        } else {
            0
        };
        let __field2 = ::memscope_binary::__private::apply_presence(
                __field2,
                __flags,
                1u8,
            )
            .map_err(|e| e.in_field("Allocation", "var_name", __field2_at))?;
        let __field3 = ::memscope_binary::__private::apply_presence(
                __field3,
                __flags,
                2u8,
            )
            .map_err(|e| e.in_field("Allocation", "type_name", __field3_at))?;
        ::core::result::Result::Ok(Self {
            ptr: __field0,
            age: __field1,
            var_name: __field2,
            type_name: __field3,
            frames: __field4,
            thread_id: __field5,
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
            let __field0: usize = {
                let __at = __offset;
                let (__value, __used) = <usize as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "ptr", __at))?;
                __offset += __used;
                __value
            };
            let __field1: std::time::Duration = {
                let __at = __offset;
                let (__value, __used) = <Millis as ::memscope_binary::FieldCodec<
                    std::time::Duration,
                >>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "age", __at))?;
                __offset += __used;
                __value
            };
            let __field2_at = __offset;
            let __field2: ::core::option::Option<String> = if __layout
                == ::memscope_binary::Layout::Detailed
            {
                ::core::option::Option::Some({
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "var_name", __at))?;
                    __offset += __used;
                    __value
                })
            } else {
                ::core::option::Option::None
            };
            let __field3_at = __offset;
            let __field3: ::core::option::Option<String> = if __layout
                == ::memscope_binary::Layout::Detailed
            {
                ::core::option::Option::Some({
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            ::memscope_binary::LenWidth::U8,
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "type_name", __at))?;
                    __offset += __used;
                    __value
                })
            } else {
                ::core::option::Option::None
            };
            let __field4: Vec<u64> = if __layout == ::memscope_binary::Layout::Detailed {
                {
                    let __at = __offset;
                    let (__value, __used) = <Vec<
                        u64,
                    > as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            ::memscope_binary::LenWidth::U8,
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "frames", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field5: u64 = ::core::default::Default::default();
            let __flags: u8 = if __layout == ::memscope_binary::Layout::Detailed {
                let __at = __offset;
                let (__found, __used) = ::memscope_binary::wire::take_array::<
                    1usize,
                >(::memscope_binary::__private::rest(__bytes, __offset))
                    .map(|__bytes| (__bytes, 1usize))
                    .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?;
                __offset += __used;
                ::memscope_binary::__private::check_presence_flags(__found[0], 3u8)
                    .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?
            } else {
                0
            };
            let __field2 = ::memscope_binary::__private::apply_presence(
                    __field2,
                    __flags,
                    1u8,
                )
                .map_err(|e| e.in_field("Allocation", "var_name", __field2_at))?;
            let __field3 = ::memscope_binary::__private::apply_presence(
                    __field3,
                    __flags,
                    2u8,
                )
                .map_err(|e| e.in_field("Allocation", "type_name", __field3_at))?;
            return ::core::result::Result::Ok((
                Self {
                    ptr: __field0,
                    age: __field1,
                    var_name: __field2,
                    type_name: __field3,
                    frames: __field4,
                    thread_id: __field5,
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
            let __field0: usize = {
                let __at = __offset;
                let (__value, __used) = <usize as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "ptr", __at))?;
                __offset += __used;
                __value
            };
            let __field1: std::time::Duration = {
                let __at = __offset;
                let (__value, __used) = <Millis as ::memscope_binary::FieldCodec<
                    std::time::Duration,
                >>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "age", __at))?;
                __offset += __used;
                __value
            };
            let __field2_at = __offset;
            let __field2: ::core::option::Option<String> = if __layout
                == ::memscope_binary::Layout::Detailed
            {
                ::core::option::Option::Some({
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "var_name", __at))?;
                    __offset += __used;
                    __value
                })
            } else {
                ::core::option::Option::None
            };
            let __field3_at = __offset;
            let __field3: ::core::option::Option<String> = if __layout
                == ::memscope_binary::Layout::Detailed
            {
                ::core::option::Option::Some({
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            ::memscope_binary::LenWidth::U8,
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "type_name", __at))?;
                    __offset += __used;
                    __value
                })
            } else {
                ::core::option::Option::None
            };
            let __field4: Vec<u64> = if __layout == ::memscope_binary::Layout::Detailed {
                {
                    let __at = __offset;
                    let (__value, __used) = <Vec<
                        u64,
                    > as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            ::memscope_binary::LenWidth::U8,
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "frames", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field5: u64 = ::core::default::Default::default();
            let __flags: u8 = if __layout == ::memscope_binary::Layout::Detailed {
                let __at = __offset;
                let (__found, __used) = ::memscope_binary::wire::take_array::<
                    1usize,
                >(::memscope_binary::__private::rest(__bytes, __offset))
                    .map(|__bytes| (__bytes, 1usize))
                    .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?;
                __offset += __used;
                ::memscope_binary::__private::check_presence_flags(__found[0], 3u8)
                    .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?
            } else {
                0
            };
            let __field2 = ::memscope_binary::__private::apply_presence(
                    __field2,
                    __flags,
                    1u8,
                )
                .map_err(|e| e.in_field("Allocation", "var_name", __field2_at))?;
            let __field3 = ::memscope_binary::__private::apply_presence(
                    __field3,
                    __flags,
                    2u8,
                )
                .map_err(|e| e.in_field("Allocation", "type_name", __field3_at))?;
            return ::core::result::Result::Ok((
                Self {
                    ptr: __field0,
                    age: __field1,
                    var_name: __field2,
                    type_name: __field3,
                    frames: __field4,
                    thread_id: __field5,
                },
                __offset,
            ));
        }
        #[inline(never)]
        #[allow(unused_mut, unused_variables, unused_assignments)]
        fn __decode_general(
            __bytes: &[u8],
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<(Allocation, usize), ::memscope_binary::CodecError> {
            let mut __offset: usize = 0;
            let __field0: usize = {
                let __at = __offset;
                let (__value, __used) = <usize as ::memscope_binary::BinaryRecord>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "ptr", __at))?;
                __offset += __used;
                __value
            };
            let __field1: std::time::Duration = {
                let __at = __offset;
                let (__value, __used) = <Millis as ::memscope_binary::FieldCodec<
                    std::time::Duration,
                >>::decode_slice(
                        ::memscope_binary::__private::rest(__bytes, __offset),
                        __layout,
                    )
                    .map_err(|e| e.in_field("Allocation", "age", __at))?;
                __offset += __used;
                __value
            };
            let __field2_at = __offset;
            let __field2: ::core::option::Option<String> = if __layout
                == ::memscope_binary::Layout::Detailed
            {
                ::core::option::Option::Some({
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::BinaryRecord>::decode_slice(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "var_name", __at))?;
                    __offset += __used;
                    __value
                })
            } else {
                ::core::option::Option::None
            };
            let __field3_at = __offset;
            let __field3: ::core::option::Option<String> = if __layout
                == ::memscope_binary::Layout::Detailed
            {
                ::core::option::Option::Some({
                    let __at = __offset;
                    let (__value, __used) = <String as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            ::memscope_binary::LenWidth::U8,
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "type_name", __at))?;
                    __offset += __used;
                    __value
                })
            } else {
                ::core::option::Option::None
            };
            let __field4: Vec<u64> = if __layout == ::memscope_binary::Layout::Detailed {
                {
                    let __at = __offset;
                    let (__value, __used) = <Vec<
                        u64,
                    > as ::memscope_binary::LengthPrefixed>::decode_prefixed(
                            ::memscope_binary::__private::rest(__bytes, __offset),
                            ::memscope_binary::LenWidth::U8,
                            __layout,
                        )
                        .map_err(|e| e.in_field("Allocation", "frames", __at))?;
                    __offset += __used;
                    __value
                }
            } else {
                ::core::default::Default::default()
            };
            let __field5: u64 = ::core::default::Default::default();
            let __flags: u8 = if __layout == ::memscope_binary::Layout::Detailed {
                let __at = __offset;
                let (__found, __used) = ::memscope_binary::wire::take_array::<
                    1usize,
                >(::memscope_binary::__private::rest(__bytes, __offset))
                    .map(|__bytes| (__bytes, 1usize))
                    .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?;
                __offset += __used;
                ::memscope_binary::__private::check_presence_flags(__found[0], 3u8)
                    .map_err(|e| e.in_field("Allocation", "(presence flags)", __at))?
            } else {
                0
            };
            let __field2 = ::memscope_binary::__private::apply_presence(
                    __field2,
                    __flags,
                    1u8,
                )
                .map_err(|e| e.in_field("Allocation", "var_name", __field2_at))?;
            let __field3 = ::memscope_binary::__private::apply_presence(
                    __field3,
                    __flags,
                    2u8,
                )
                .map_err(|e| e.in_field("Allocation", "type_name", __field3_at))?;
            ::core::result::Result::Ok((
                Allocation {
                    ptr: __field0,
                    age: __field1,
                    var_name: __field2,
                    type_name: __field3,
                    frames: __field4,
                    thread_id: __field5,
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
                    <usize as ::memscope_binary::BinaryRecord>::encoded_len(
                        &self.ptr,
                        __layout,
                    ),
                );
        }
        if true {
            __len = __len
                .saturating_add(
                    <Millis as ::memscope_binary::FieldCodec<
                        std::time::Duration,
                    >>::encoded_len(&self.age, __layout),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    match &self.var_name {
                        ::core::option::Option::Some(__value) => {
                            <String as ::memscope_binary::BinaryRecord>::encoded_len(
                                __value,
                                __layout,
                            )
                        }
                        ::core::option::Option::None => {
                            <String as ::memscope_binary::BinaryRecord>::encoded_len(
                                &<String as ::core::default::Default>::default(),
                                __layout,
                            )
                        }
                    },
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    match &self.type_name {
                        ::core::option::Option::Some(__value) => {
                            <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                __value,
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                        }
                        ::core::option::Option::None => {
                            <String as ::memscope_binary::LengthPrefixed>::prefixed_len(
                                &<String as ::core::default::Default>::default(),
                                ::memscope_binary::LenWidth::U8,
                                __layout,
                            )
                        }
                    },
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __len = __len
                .saturating_add(
                    <Vec<
                        u64,
                    > as ::memscope_binary::LengthPrefixed>::prefixed_len(
                        &self.frames,
                        ::memscope_binary::LenWidth::U8,
                        __layout,
                    ),
                );
        }
        if __layout == ::memscope_binary::Layout::Detailed {
            __len += 1;
        }
        __len
    }
}
