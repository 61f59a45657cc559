//! The impl for a fieldless enum: an optional tag, then the discriminant as
//! its `#[repr]` integer.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{DISCRIMINANT_PATH, TAG_PATH, tag_literal};
use crate::plan::{Enum, Plan};

pub fn expand(plan: &Plan, e: &Enum) -> TokenStream {
    let krate = &plan.krate;
    let ident = plan.ident;
    let type_name = &plan.type_name;
    let repr = e.repr;
    let variants = &e.variants;
    let (impl_generics, ty_generics, where_clause) = plan.generics.split_for_impl();
    let tag_error = quote!(.map_err(|__e| __e.in_field(#type_name, #TAG_PATH, 0))?);
    let discriminant_error =
        |at: TokenStream| quote!(.map_err(|__e| __e.in_field(#type_name, #DISCRIMINANT_PATH, #at)));
    let write_discriminant =
        quote!(<#repr as #krate::BinaryRecord>::write_with(&__discriminant, __w, __layout));
    // The pieces that differ with a tag: the tag's own code, and the offset
    // of the discriminant after it.
    let tagged = plan.tag.map(tag_literal);
    let (size_start, tag_len_plus, write, read_tag, decode_tag, rest, used) = match &tagged {
        Some(tag) => {
            let error = discriminant_error(quote!(__written));
            (
                quote!(#krate::EncodedSize::exact(4)),
                quote!(4 +),
                quote! {
                    let __written = #krate::wire::write_bytes(__w, #tag) #tag_error;
                    let __used = #write_discriminant #error?;
                    ::core::result::Result::Ok(__written + __used)
                },
                quote!(#krate::__private::read_tag(__r, *#tag) #tag_error;),
                quote!(#krate::__private::decode_tag(__bytes, *#tag) #tag_error;),
                quote!(#krate::__private::rest(__bytes, 4)),
                quote!(4 + __used),
            )
        }
        None => {
            let error = discriminant_error(quote!(0));
            (
                quote!(#krate::EncodedSize::ZERO),
                TokenStream::new(),
                quote!(#write_discriminant #error),
                TokenStream::new(),
                TokenStream::new(),
                quote!(__bytes),
                quote!(__used),
            )
        }
    };
    let tag_len = Literal::usize_unsuffixed(if tagged.is_some() { 4 } else { 0 });
    let read_error = discriminant_error(quote!(#tag_len));
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
                #tag_len_plus <#repr as #krate::BinaryRecord>::encoded_len(&0, __layout)
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
