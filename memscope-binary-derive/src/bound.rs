//! The `where` bounds a generic input needs: each field whose type mentions
//! a type parameter gets the bound its codec asks for, as serde's `bound.rs`
//! does, so `Wrapper<T>` needs `T: BinaryRecord` only when a field is a `T`.
//!
//! Two sets: the encoding impls' (`BinaryRecord`, and for a fieldless enum
//! `BitField`), and the decoding impls' (`BorrowRecord<'__de>`, `Fields`),
//! which have `'__de` first. An owned type decodes as it encodes (its
//! `BorrowRecord` is its owned decoder), so its decoding bounds are its
//! encoding ones; a borrowed type's fields decode through
//! `BorrowRecord<'__de>` and `BorrowPrefixed<'__de>`.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};

use crate::plan::{Codec, Layouts, Plan, World, de_lifetime};

/// The generics of the encoding impls and of the decoding impls.
pub struct Bounds {
    pub encode: syn::Generics,
    pub decode: syn::Generics,
}

/// The input's generics with the bounds its fields need added.
pub fn bounds(plan: &Plan) -> Bounds {
    let borrowed = plan.world == World::Borrowed;
    let encode = with_field_bounds(plan, false);
    let decode = match borrowed {
        true => with_de(&with_field_bounds(plan, true), true),
        false => with_de(&encode, false),
    };
    Bounds { encode, decode }
}

/// The generics with each field's bounds: for decoding through
/// `BorrowRecord<'__de>` when `borrowing`, else for `BinaryRecord`.
fn with_field_bounds(plan: &Plan, borrowing: bool) -> syn::Generics {
    let mut generics = plan.generics.clone();
    let params: Vec<syn::Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    if params.is_empty() {
        return generics;
    }
    let krate = &plan.krate;
    let de = de_lifetime();
    let where_clause = generics.make_where_clause();
    for field in plan.bodies().into_iter().flat_map(|body| &body.fields) {
        // A field that contains the type itself needs what the type's own
        // impl provides; asking for it would be a cycle.
        if field.recursive || !mentions_any(field.ty.to_token_stream(), &params) {
            continue;
        }
        let ty = field.ty;
        let span = field.span;
        let Some(wire) = &field.wire else {
            // Never on the wire: read as `Default`.
            where_clause
                .predicates
                .push(syn::parse_quote_spanned!(span=> #ty: ::core::default::Default));
            continue;
        };
        if wire.layouts == Layouts::DetailedOnly || wire.fallback.is_some() {
            // `Default` when reading a layout or an older record without it.
            where_clause
                .predicates
                .push(syn::parse_quote_spanned!(span=> #ty: ::core::default::Default));
        }
        let target = wire.codec.target();
        if wire.presence.is_some() {
            where_clause
                .predicates
                .push(syn::parse_quote_spanned!(span=>
                    #target: ::core::default::Default + ::core::cmp::PartialEq
                ));
        }
        let bound: TokenStream = match (&wire.codec, borrowing) {
            (Codec::Record { .. }, false) => {
                quote_spanned!(span=> #target: #krate::BinaryRecord)
            }
            (Codec::Record { .. }, true) => {
                quote_spanned!(span=> #target: #krate::BorrowRecord<#de>)
            }
            (Codec::Prefixed { .. } | Codec::Counted { .. }, false) => {
                quote_spanned!(span=> #target: #krate::LengthPrefixed)
            }
            (Codec::Prefixed { .. } | Codec::Counted { .. }, true) => {
                quote_spanned!(span=> #target: #krate::BorrowPrefixed<#de>)
            }
            (Codec::With { codec, .. }, _) => quote::quote!(#codec: #krate::FieldCodec<#target>),
            (Codec::Bits { .. }, _) => quote_spanned!(span=> #target: #krate::BitField),
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

/// `generics` with `'__de` first: the lifetime of the input that
/// `BorrowRecord` and `Fields` impls decode from. For a borrowed type it
/// outlives every lifetime of the type (`'__de: 'a`), so a value can be
/// decoded from any input that lives long enough.
pub fn with_de(generics: &syn::Generics, outlives_params: bool) -> syn::Generics {
    let mut generics = generics.clone();
    let mut de = syn::LifetimeParam::new(de_lifetime());
    if outlives_params {
        de.bounds = generics
            .lifetimes()
            .map(|param| param.lifetime.clone())
            .collect();
    }
    generics.params.insert(0, syn::GenericParam::Lifetime(de));
    generics
}
