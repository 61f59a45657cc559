//! `#[binary(size = N)]`: a compile error, stating both numbers, when the
//! basic encoding is not exactly N bytes.

use proc_macro2::TokenStream;
use quote::quote_spanned;

use crate::attr::Spanned;
use crate::plan::Plan;
use crate::symbol::{BINARY, SIZE};

pub fn expand(plan: &Plan, size: &Spanned<usize>) -> TokenStream {
    let krate = &plan.krate;
    let ident = plan.ident;
    let declared = size.value;
    let not_fixed = format!(
        "`#[{BINARY}({SIZE} = {declared})]` cannot hold: the basic encoding of `{}` has no fixed size (a field's length varies)",
        plan.type_name
    );
    // Spanned at N, where both errors belong; the one local is declared and
    // used inside this block.
    quote_spanned! {size.span=>
        const _: () = {
            let __actual = <#ident as #krate::BinaryRecord>::BASIC_SIZE.exact_len();
            ::core::assert!(__actual.is_some(), #not_fixed);
            // On a mismatch rustc reports "expected an array with a size of
            // <declared>, found one with a size of <actual>".
            let _: [(); #declared] = [(); match <#ident as #krate::BinaryRecord>::BASIC_SIZE.exact_len() {
                ::core::option::Option::Some(__n) => __n,
                ::core::option::Option::None => #declared,
            }];
        };
    }
}
