//! The impls for a struct: its sizes, the four methods of `BinaryRecord`
//! and the two of the runtime's `Fields`. Each field's code is written once
//! per direction, by `write.rs` (`write_fields`, `encoded_len`) and
//! `read.rs` (`read_with`, `decode_fields`). The fast paths of `write_with`
//! and `decode_slice` (a stack buffer, one length check up front) live in
//! `memscope_binary::__private`, written once for every derived type.

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{CodecCall, SizeOf};
use super::{read, write};
use crate::plan::{Layouts, Plan, Struct};

pub fn expand(plan: &Plan, s: &Struct, generics: &syn::Generics) -> TokenStream {
    let krate = &plan.krate;
    let ident = plan.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let basic_size = size(plan, s, SizeOf::Basic);
    let detailed_size = size(plan, s, SizeOf::Detailed);
    let (basic_buffer, detailed_buffer) = stack_buffers(plan);
    let read = read::read_with(plan, s);
    let encoded_len = write::encoded_len(plan, s);
    let write_fields = write::write_fields(plan, s);
    let decode_fields = read::decode_fields(plan, s);
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
                #read
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

/// `BASIC_SIZE` or `DETAILED_SIZE`: the tag, each field written in the
/// layout, the flags byte.
fn size(plan: &Plan, s: &Struct, layout: SizeOf) -> TokenStream {
    let krate = &plan.krate;
    let in_layout = |layouts: Layouts| match layout {
        SizeOf::Basic => layouts == Layouts::Both,
        SizeOf::Detailed => true,
    };
    let start = match plan.tag {
        Some(_) => quote!(#krate::EncodedSize::exact(4)),
        None => quote!(#krate::EncodedSize::ZERO),
    };
    let fields = s
        .written()
        .filter(|(_, wire)| in_layout(wire.layouts))
        .map(|(field, wire)| CodecCall::new(plan, field, &wire.codec).size(layout));
    let flags = s
        .flags
        .as_ref()
        .filter(|flags| in_layout(flags.layouts))
        .map(|_| quote!(.then(#krate::EncodedSize::exact(1))));
    quote!(#start #(.then(#fields))* #flags)
}

/// The const arguments of `write_record`: the stack buffer for each layout.
/// A concrete type names its exact sizes; a generic one cannot (a const
/// argument may not depend on type parameters), so it gets the largest.
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
