//! The impls every derived type gets, put together from the bodies that
//! `struct_.rs` or `enum_.rs` generated: `BinaryRecord` (its sizes, and the
//! four methods) and the runtime's `Fields` (the record field by field).
//! The fast paths of `write_with` and `decode_slice` (a stack buffer, one
//! length check up front) live in `memscope_binary::__private`, written once
//! for every derived type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::plan::Plan;

/// The generated pieces of one type's impls.
pub struct Parts {
    /// `BASIC_SIZE` and `DETAILED_SIZE`: constant `EncodedSize`s.
    pub basic_size: TokenStream,
    pub detailed_size: TokenStream,
    /// The bodies of `read_with`, `encoded_len`, `write_fields` and
    /// `decode_fields`.
    pub read_with: TokenStream,
    pub encoded_len: TokenStream,
    pub write_fields: TokenStream,
    pub decode_fields: TokenStream,
}

pub fn expand(plan: &Plan, parts: Parts, generics: &syn::Generics) -> TokenStream {
    let krate = &plan.krate;
    let ident = plan.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let (basic_buffer, detailed_buffer) = stack_buffers(plan);
    let Parts {
        basic_size,
        detailed_size,
        read_with,
        encoded_len,
        write_fields,
        decode_fields,
    } = parts;
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::BinaryRecord for #ident #ty_generics #where_clause {
            const BASIC_SIZE: #krate::EncodedSize = #basic_size;
            const DETAILED_SIZE: #krate::EncodedSize = #detailed_size;

            #[inline]
            fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                #krate::__private::write_record::<Self, __W, #basic_buffer, #detailed_buffer>(
                    self, __w, __layout,
                )
            }

            #[inline]
            fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
                __r: &mut __R,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<Self, #krate::CodecError> {
                #read_with
            }

            #[inline]
            fn decode_slice(
                __bytes: &[u8],
                __layout: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                #krate::__private::decode_record(__bytes, __layout)
            }

            #[inline]
            fn encoded_len(&self, __layout: #krate::Layout) -> usize {
                #encoded_len
            }
        }

        #[automatically_derived]
        impl #impl_generics #krate::__private::Fields for #ident #ty_generics #where_clause {
            #[inline(always)]
            fn write_fields<__W: ::std::io::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                #write_fields
            }

            #[inline(always)]
            fn decode_fields(
                __bytes: &[u8],
                __layout: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                #decode_fields
            }
        }
    }
}

/// The const arguments of `write_record`: the stack buffer for each layout.
/// A concrete type names its sizes; a generic one cannot (a const argument
/// may not depend on type parameters), so it gets the largest.
fn stack_buffers(plan: &Plan) -> (TokenStream, TokenStream) {
    let krate = &plan.krate;
    if plan.generics.params.is_empty() {
        let ident = plan.ident;
        let buffer = |size: TokenStream| quote!({ #krate::__private::stack_len(<#ident as #krate::BinaryRecord>::#size) });
        (buffer(quote!(BASIC_SIZE)), buffer(quote!(DETAILED_SIZE)))
    } else {
        let buffer = quote!({ #krate::__private::STACK_RECORD });
        (buffer.clone(), buffer)
    }
}
