//! The `where` bounds a generic input needs: each field whose type mentions
//! a type parameter gets the bound its codec asks for, as serde's `bound.rs`
//! does, so `Wrapper<T>` needs `T: BinaryRecord` only when a field is a `T`.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};

use crate::ast::Struct;
use crate::expand::FieldCodec;

/// The struct's generics with the bounds its fields need added.
pub fn with_field_bounds(s: &Struct) -> syn::Generics {
    let mut generics = s.original.generics.clone();
    let params: Vec<syn::Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    if params.is_empty() {
        return generics;
    }
    let where_clause = generics.make_where_clause();
    for field in &s.fields {
        if !mentions_any(field.ty.to_token_stream(), &params) {
            continue;
        }
        let ty = field.ty;
        let span = field.ty_span();
        if field.attrs.skip.is_some() || field.attrs.detail.is_some() {
            // Read as `Default` when not on the wire.
            where_clause
                .predicates
                .push(syn::parse_quote_spanned!(span=> #ty: ::core::default::Default));
        }
        if field.attrs.skip.is_some() {
            continue;
        }
        let codec = FieldCodec::of(field);
        let target = codec.target();
        if field.attrs.presence_bit.is_some() {
            where_clause
                .predicates
                .push(syn::parse_quote_spanned!(span=>
                    #target: ::core::default::Default + ::core::cmp::PartialEq
                ));
        }
        let bound: TokenStream = match &codec {
            FieldCodec::Record { .. } => {
                quote_spanned!(span=> #target: ::memscope_binary::BinaryRecord)
            }
            FieldCodec::Prefixed { .. } => {
                quote_spanned!(span=> #target: ::memscope_binary::LengthPrefixed)
            }
            FieldCodec::With { codec, .. } => {
                quote!(#codec: ::memscope_binary::FieldCodec<#target>)
            }
        };
        where_clause.predicates.push(syn::parse_quote!(#bound));
    }
    generics
}

fn mentions_any(tokens: TokenStream, params: &[syn::Ident]) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => params.contains(&ident),
        TokenTree::Group(group) => mentions_any(group.stream(), params),
        _ => false,
    })
}
