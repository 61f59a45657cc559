//! The impl for a fieldless enum: an optional tag, then the discriminant as
//! its `#[repr]` integer.

use proc_macro2::TokenStream;
use quote::quote;

use super::shared::{DISCRIMINANT_PATH, TAG_PATH, in_field, tag_len, tag_literal};
use crate::plan::{Enum, Plan};

pub fn expand(plan: &Plan, e: &Enum) -> TokenStream {
    let krate = &plan.krate;
    let ident = plan.ident;
    let type_name = &plan.type_name;
    let repr = e.repr;
    let variants = &e.variants;
    let (impl_generics, ty_generics, where_clause) = plan.generics.split_for_impl();
    let tag_len = tag_len(plan);
    let tag = plan.tag.map(tag_literal);
    let tag_error = in_field(plan, TAG_PATH, quote!(0));
    let size_start = match tag {
        Some(_) => quote!(#krate::EncodedSize::exact(4)),
        None => quote!(#krate::EncodedSize::ZERO),
    };
    let write_discriminant =
        quote!(<#repr as #krate::BinaryRecord>::write_with(&__discriminant, __w, __layout));
    let write = match &tag {
        Some(tag) => {
            let error = in_field(plan, DISCRIMINANT_PATH, quote!(__written));
            quote! {
                let __written = #krate::wire::write_bytes(__w, #tag) #tag_error?;
                let __used = #write_discriminant #error?;
                ::core::result::Result::Ok(__written + __used)
            }
        }
        None => {
            let error = in_field(plan, DISCRIMINANT_PATH, quote!(0));
            quote!(#write_discriminant #error)
        }
    };
    let read_tag = tag
        .as_ref()
        .map(|tag| quote!(#krate::__private::read_tag(__r, *#tag) #tag_error?;));
    let decode_tag = tag
        .as_ref()
        .map(|tag| quote!(#krate::__private::decode_tag(__bytes, *#tag) #tag_error?;));
    let read_error = in_field(plan, DISCRIMINANT_PATH, quote!(#tag_len));
    // What follows the tag, and how much of the input the record used.
    let (rest, used, len) = match tag {
        Some(_) => (
            quote!(#krate::__private::rest(__bytes, #tag_len)),
            quote!(#tag_len + __used),
            quote!(#tag_len +),
        ),
        None => (quote!(__bytes), quote!(__used), TokenStream::new()),
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::BinaryRecord for #ident #ty_generics #where_clause {
            const BASIC_SIZE: #krate::EncodedSize =
                #size_start.then(<#repr as #krate::BinaryRecord>::BASIC_SIZE);
            const DETAILED_SIZE: #krate::EncodedSize = Self::BASIC_SIZE;

            #[inline]
            fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                let __discriminant: #repr = match self {
                    #(Self::#variants => Self::#variants as #repr,)*
                };
                #write
            }

            #[inline]
            fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
                __r: &mut __R,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<Self, #krate::CodecError> {
                #read_tag
                let __discriminant = <#repr as #krate::BinaryRecord>::read_with(__r, __layout)
                    #read_error?;
                Self::__memscope_from_discriminant(__discriminant, #tag_len)
            }

            #[inline]
            fn decode_slice(
                __bytes: &[u8],
                __layout: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                #decode_tag
                let (__discriminant, __used) =
                    <#repr as #krate::BinaryRecord>::decode_slice(#rest, __layout) #read_error?;
                let __value = Self::__memscope_from_discriminant(__discriminant, #tag_len)?;
                ::core::result::Result::Ok((__value, #used))
            }

            #[inline]
            fn encoded_len(&self, __layout: #krate::Layout) -> usize {
                #len <#repr as #krate::BinaryRecord>::encoded_len(&0, __layout)
            }
        }

        #[automatically_derived]
        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc(hidden)]
            fn __memscope_from_discriminant(
                __discriminant: #repr,
                __at: usize,
            ) -> ::core::result::Result<Self, #krate::CodecError> {
                #(
                    if __discriminant == Self::#variants as #repr {
                        return ::core::result::Result::Ok(Self::#variants);
                    }
                )*
                ::core::result::Result::Err(#krate::__private::invalid_discriminant(
                    #type_name,
                    __discriminant as i128,
                    __at,
                ))
            }
        }
    }
}
