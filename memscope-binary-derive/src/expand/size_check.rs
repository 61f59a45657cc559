//! `#[binary(size = N)]`: a compile error, stating both numbers, when the
//! basic encoding is not exactly N bytes. For an enum whose variants carry
//! data, every variant is checked on its own, and the error points at the
//! variant that differs.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use super::codec::SizeOf;
use super::shared::{body_size, tag_len};
use crate::attr::Spanned;
use crate::plan::{Plan, Shape, World};
use crate::symbol::{BINARY, SIZE};

pub fn expand(plan: &Plan, size: &Spanned<usize>) -> TokenStream {
    let krate = &plan.krate;
    let declared = size.value;
    match &plan.shape {
        // A borrowed variant's field types name lifetimes that a constant
        // outside the impl cannot: its enum is checked as a whole.
        Shape::Enum(e) if !e.is_fieldless() && plan.world == World::Owned => {
            let repr = e.repr;
            let tag_len = tag_len(plan);
            let checks = e.variants.iter().map(|variant| {
                let start = quote! {
                    #krate::EncodedSize::exact(#tag_len)
                        .then(<#repr as #krate::BinaryRecord>::BASIC_SIZE)
                };
                let actual = body_size(plan, &variant.body, SizeOf::Basic, start);
                let not_fixed = format!(
                    "`#[{BINARY}({SIZE} = {declared})]` cannot hold: variant `{}` of `{}` has no fixed size (a field's length varies)",
                    variant.ident, plan.type_name
                );
                check(declared, variant.ident.span(), actual, &not_fixed)
            });
            quote!(#(#checks)*)
        }
        _ => {
            let not_fixed = format!(
                "`#[{BINARY}({SIZE} = {declared})]` cannot hold: the basic encoding of `{}` has no fixed size (a field's length varies)",
                plan.type_name
            );
            // `valid.rs` rejects `size` on a type with type parameters.
            let ty = plan.static_self().unwrap_or_default();
            let actual = quote!(<#ty as #krate::BinaryRecord>::BASIC_SIZE);
            check(declared, size.span, actual, &not_fixed)
        }
    }
}

/// A constant check that `actual` (an `EncodedSize`) is exactly `declared`,
/// spanned where its errors belong; the one local is declared and used
/// inside the block.
fn check(declared: usize, span: Span, actual: TokenStream, not_fixed: &str) -> TokenStream {
    quote_spanned! {span=>
        const _: () = {
            let __actual = #actual.exact_len();
            ::core::assert!(__actual.is_some(), #not_fixed);
            // On a mismatch rustc reports "expected an array with a size of
            // <declared>, found one with a size of <actual>".
            let _: [(); #declared] = [(); match #actual.exact_len() {
                ::core::option::Option::Some(__n) => __n,
                ::core::option::Option::None => #declared,
            }];
        };
    }
}
