//! After a compile error, stub impls of the traits the type would have
//! implemented, as thiserror's `fallback.rs` does: the type still implements
//! them, so its uses elsewhere (a method call, a field of another derived
//! struct) compile, and the user sees the real error instead of a cascade
//! of "no method named `to_bytes`" and "`Record` has no binary encoding".
//! The bodies are never run: the crate does not compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::Input;
use crate::bound;
use crate::plan::{self, World, de_lifetime};

pub fn fallback(input: &Input) -> TokenStream {
    let krate = plan::crate_path(input);
    let ident = input.ident();
    let world = plan::world(input);
    let (impl_generics, ty_generics, where_clause) = input.generics().split_for_impl();
    let with_de = bound::with_de(input.generics(), world == World::Borrowed);
    let (de_impl_generics, _, de_where_clause) = with_de.split_for_impl();
    let de = de_lifetime();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::BinaryRecord for #ident #ty_generics #where_clause {
            const BASIC_SIZE: #krate::EncodedSize = #krate::EncodedSize::UNKNOWN;
            const DETAILED_SIZE: #krate::EncodedSize = #krate::EncodedSize::UNKNOWN;

            fn write_with<__W: #krate::__private::Write + ?::core::marker::Sized>(
                &self,
                _: &mut __W,
                _: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                ::core::unreachable!()
            }

            fn read_with<__R: #krate::__private::Read + ?::core::marker::Sized>(
                _: &mut __R,
                _: #krate::Layout,
            ) -> ::core::result::Result<Self, #krate::CodecError> {
                ::core::unreachable!()
            }

            fn decode_slice(
                _: &[u8],
                _: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                ::core::unreachable!()
            }

            fn encoded_len(&self, _: #krate::Layout) -> usize {
                ::core::unreachable!()
            }
        }

        #[automatically_derived]
        impl #de_impl_generics #krate::BorrowRecord<#de> for #ident #ty_generics #de_where_clause {
            fn decode_borrowed(
                _: &#de [u8],
                _: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                ::core::unreachable!()
            }
        }
    }
}
