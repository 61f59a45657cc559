#[automatically_derived]
impl ::memscope_binary::BinaryRecord for Marker {
    const BASIC_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO;
    const DETAILED_SIZE: ::memscope_binary::EncodedSize = ::memscope_binary::EncodedSize::ZERO;
    #[inline]
    #[allow(unused_mut, unused_variables)]
    fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
        &self,
        __w: &mut __W,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
        if __layout == ::memscope_binary::Layout::Basic
            && ::memscope_binary::__private::stack_len(
                <Marker as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Marker as ::memscope_binary::BinaryRecord>::BASIC_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        if __layout == ::memscope_binary::Layout::Detailed
            && ::memscope_binary::__private::stack_len(
                <Marker as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
            ) > 0
        {
            let mut __record = ::memscope_binary::__private::StackRecord::<
                {
                    ::memscope_binary::__private::stack_len(
                        <Marker as ::memscope_binary::BinaryRecord>::DETAILED_SIZE,
                    )
                },
            >::new();
            {
                let __w = &mut __record;
                let mut __written: usize = 0;
            }
            return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
        }
        let mut __written: usize = 0;
        ::core::result::Result::Ok(__written)
    }
    #[inline]
    #[allow(unused_mut, unused_variables, unused_assignments)]
    fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
        __r: &mut __R,
        __layout: ::memscope_binary::Layout,
    ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
        let mut __offset: usize = 0;
        ::core::result::Result::Ok(Self {})
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
            return ::core::result::Result::Ok((Self {}, __offset));
        }
        if __layout == ::memscope_binary::Layout::Detailed
            && let ::core::option::Option::Some(__n) = <Self as ::memscope_binary::BinaryRecord>::DETAILED_SIZE
                .exact_len()
            && let ::core::option::Option::Some(__bytes) = __bytes.get(..__n)
        {
            let __layout = ::memscope_binary::Layout::Detailed;
            let mut __offset: usize = 0;
            return ::core::result::Result::Ok((Self {}, __offset));
        }
        #[inline(never)]
        #[allow(unused_mut, unused_variables, unused_assignments)]
        fn __decode_general(
            __bytes: &[u8],
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<(Marker, usize), ::memscope_binary::CodecError> {
            let mut __offset: usize = 0;
            ::core::result::Result::Ok((Marker {}, __offset))
        }
        __decode_general(__bytes, __layout)
    }
    #[inline]
    #[allow(unused_mut)]
    fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
        let mut __len: usize = 0;
        __len
    }
}
