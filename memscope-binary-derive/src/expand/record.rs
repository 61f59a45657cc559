//! The impls every derived type gets, put together from the bodies that
//! `struct_.rs` or `enum_.rs` generated.
//!
//! Every type gets `BinaryRecord` (its encoding, sizes and schema),
//! `BorrowRecord<'__de>` (its decoding from a slice that outlives it) and
//! the runtime's `Fields`. An owned type's `BinaryRecord` also decodes
//! owned values (`decode_slice`, `read_with`), and its `BorrowRecord` is
//! that decoder for every `'__de`; a borrowed type decodes only through
//! `BorrowRecord<'__de>`, for every `'__de` that outlives its lifetimes. The fast
//! paths of writing and decoding (a stack buffer, one length check up
//! front) live in `memscope_binary::__private`, written once for every
//! derived type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::bound;
use crate::plan::{Body, Plan, Shape, World, de_lifetime};

/// The generated pieces of one type's impls.
pub struct Parts {
    /// `BASIC_SIZE` and `DETAILED_SIZE`: constant `EncodedSize`s.
    pub basic_size: TokenStream,
    pub detailed_size: TokenStream,
    /// The body of `read_with`: owned types only.
    pub read_with: Option<TokenStream>,
    /// The bodies of `encoded_len`, `write_fields` and `decode_fields`.
    pub encoded_len: TokenStream,
    pub write_fields: TokenStream,
    pub decode_fields: TokenStream,
    /// The bodies of `BitField::to_bits` and `from_bits`: fieldless enums.
    pub bit_field: Option<(TokenStream, TokenStream)>,
    /// The body of `schema`.
    pub schema: TokenStream,
}

pub fn expand(plan: &Plan, parts: Parts, bounds: &bound::Bounds) -> TokenStream {
    let krate = &plan.krate;
    let ident = plan.ident;
    let de = de_lifetime();
    let (impl_generics, ty_generics, where_clause) = bounds.encode.split_for_impl();
    let (de_impl_generics, _, de_where_clause) = bounds.decode.split_for_impl();
    let (basic_buffer, detailed_buffer) = stack_buffers(plan);
    let Parts {
        basic_size,
        detailed_size,
        read_with,
        encoded_len,
        write_fields,
        decode_fields,
        bit_field,
        schema,
    } = parts;
    let pieces = super::pieces::expand(plan);
    // A recursive type counts how deeply it is nested while it decodes, so
    // that no input can make the decoder overflow the stack.
    let depth = plan.max_depth.map(|limit| {
        let limit = proc_macro2::Literal::u32_unsuffixed(limit);
        quote!(let __depth = #krate::__private::DepthGuard::enter(#limit)?;)
    });
    let plain = plan.plain_candidate().map(|body| plain(plan, body));
    let decode = match plan.shape {
        Shape::Struct(_) => quote!(#krate::__private::decode_record(__bytes, __layout)),
        Shape::Enum(_) => quote!(#krate::__private::decode_variant(__bytes, __layout)),
    };
    // An owned type also decodes into an owned value, from a slice or a
    // reader; its `BorrowRecord` impl is that decoder, for every `'__de`.
    // A borrowed type decodes through `BorrowRecord<'__de>` alone.
    let (owned_decoders, decode_borrowed) = match plan.world {
        World::Owned => (
            Some(quote! {
                #[inline]
                fn read_with<__R: #krate::__private::Read + ?::core::marker::Sized>(
                    __r: &mut __R,
                    __layout: #krate::Layout,
                ) -> ::core::result::Result<Self, #krate::CodecError> {
                    #depth
                    #read_with
                }

                #[inline]
                fn decode_slice(
                    __bytes: &[u8],
                    __layout: #krate::Layout,
                ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                    #depth
                    #decode
                }
            }),
            quote!(<Self as #krate::BinaryRecord>::decode_slice(__bytes, __layout)),
        ),
        World::Borrowed => (None, quote!({ #depth #decode })),
    };
    let record_impls = quote! {
        #[automatically_derived]
        impl #impl_generics #krate::BinaryRecord for #ident #ty_generics #where_clause {
            const BASIC_SIZE: #krate::EncodedSize = #basic_size;
            const DETAILED_SIZE: #krate::EncodedSize = #detailed_size;
            #plain

            #[inline]
            fn write_with<__W: #krate::__private::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                #krate::__private::write_record::<Self, __W, #basic_buffer, #detailed_buffer>(
                    self, __w, __layout,
                )
            }

            #[inline]
            fn encoded_len(&self, __layout: #krate::Layout) -> usize {
                #encoded_len
            }

            #owned_decoders

            fn schema(__layout: #krate::Layout) -> #krate::Schema {
                #schema
            }

            fn __pieces(&self, __layout: #krate::Layout, __out: &mut #krate::hexdump::Pieces) {
                #pieces
            }
        }

        #[automatically_derived]
        impl #de_impl_generics #krate::BorrowRecord<#de> for #ident #ty_generics #de_where_clause {
            #[inline]
            fn decode_borrowed(
                __bytes: &#de [u8],
                __layout: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                #decode_borrowed
            }
        }
    };
    // A fieldless enum is its discriminant: a bit field can hold it.
    let bit_field = bit_field.map(|(to_bits, from_bits)| {
        let Shape::Enum(e) = &plan.shape else {
            return TokenStream::new();
        };
        let repr = e.repr;
        quote! {
            #[automatically_derived]
            impl #impl_generics #krate::BitField for #ident #ty_generics #where_clause {
                const MAX_BITS: u32 = <#repr as #krate::BitField>::MAX_BITS;

                #[inline]
                fn to_bits(&self, __width: u32) -> ::core::result::Result<u64, #krate::CodecError> {
                    #to_bits
                }

                #[inline]
                fn from_bits(
                    __bits: u64,
                    __width: u32,
                ) -> ::core::result::Result<Self, #krate::CodecError> {
                    #from_bits
                }
            }
        }
    });
    quote! {
        #record_impls
        #bit_field

        #[automatically_derived]
        impl #impl_generics #krate::__private::WriteFields for #ident #ty_generics #where_clause {
            const BASIC: #krate::EncodedSize = <Self as #krate::BinaryRecord>::BASIC_SIZE;
            const DETAILED: #krate::EncodedSize = <Self as #krate::BinaryRecord>::DETAILED_SIZE;

            #[inline(always)]
            fn write_fields<__W: #krate::__private::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                #write_fields
            }
        }

        #[automatically_derived]
        impl #de_impl_generics #krate::__private::Fields<#de> for #ident #ty_generics #de_where_clause {
            const BASIC: #krate::EncodedSize = <Self as #krate::BinaryRecord>::BASIC_SIZE;
            const DETAILED: #krate::EncodedSize = <Self as #krate::BinaryRecord>::DETAILED_SIZE;

            #[inline(always)]
            fn decode_fields(
                __bytes: &#de [u8],
                __layout: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                #decode_fields
            }
        }
    }
}

/// `__PLAIN` for a struct that may be plain: true when every field is plain
/// and the compiler's own `offset_of!` and `size_of` for this struct put the
/// fields back to back in declaration order from offset 0 to its end. That
/// is the invariant `Plain::assume` asks for (memory is the encoding, no
/// padding, every bit pattern valid, no interior mutability: the fields are
/// plain integers, floats and arrays or structs of them), so the `unsafe`
/// block holds; on a big-endian target, or with padding, it is false and
/// slices of the struct are written field by field.
fn plain(plan: &Plan, body: &Body) -> TokenStream {
    let krate = &plan.krate;
    let fields = body.fields.iter().map(|field| {
        let (member, ty) = (field.member, field.ty);
        quote! {
            (
                ::core::mem::offset_of!(Self, #member),
                ::core::mem::size_of::<#ty>(),
                <#ty as #krate::BinaryRecord>::__PLAIN.get(),
            )
        }
    });
    quote! {
        const __PLAIN: #krate::__private::Plain<Self> = unsafe {
            #krate::__private::Plain::assume(#krate::__private::plain_layout(
                ::core::mem::size_of::<Self>(),
                &[#(#fields),*],
            ))
        };
    }
}

/// The const arguments of `write_record`: the stack buffer for each layout.
/// A type without type parameters names its sizes (with `'static` for its
/// lifetimes); a generic one cannot (a const argument may not depend on
/// type parameters), so it gets the largest.
fn stack_buffers(plan: &Plan) -> (TokenStream, TokenStream) {
    let krate = &plan.krate;
    let Some(ty) = plan.static_self() else {
        let buffer = quote!({ #krate::__private::STACK_RECORD });
        return (buffer.clone(), buffer);
    };
    let buffer = |size: TokenStream| quote!({ #krate::__private::stack_len(<#ty as #krate::BinaryRecord>::#size) });
    (buffer(quote!(BASIC_SIZE)), buffer(quote!(DETAILED_SIZE)))
}
