//! `#[derive(BinaryRecord)]`: little-endian `write_with` / `read_with` /
//! `decode_slice` for plain Rust structs and enums.
//!
//! Use it through the `memscope-binary` crate, which re-exports it and
//! documents the attributes. The stages, each depending only on the ones
//! before it:
//!
//! | file | its one job |
//! |---|---|
//! | `ctxt.rs` | collects every error of one input, to report them together |
//! | `symbol.rs` | every attribute keyword, named once |
//! | `attr.rs` | parsing `#[binary(...)]` into plain values |
//! | `ast.rs` | a typed model of the input, with its attributes |
//! | `valid.rs` | every semantic check, each error at the tokens at fault |
//! | `plan.rs` | what to generate, decided once after validation |
//! | `bound.rs` | the `where` bounds of a generic input |
//! | `expand/` | code generation from the plan (see its module docs) |
//!
//! After any error the derive still emits a stub impl, so that the errors
//! are all the user sees. `tests.rs` compares the generated code for the
//! inputs in `tests/expand/` with the checked-in expansions.
#![forbid(unsafe_code)]

mod ast;
mod attr;
mod bound;
mod ctxt;
mod expand;
mod plan;
mod symbol;
#[cfg(test)]
mod tests;
mod valid;

use proc_macro::TokenStream;

/// Derives `memscope_binary::BinaryRecord`; see that crate's docs.
#[proc_macro_derive(BinaryRecord, attributes(binary))]
pub fn derive_binary_record(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input).into()
}

/// The derive as a plain function, so tests can run it without a compiler.
fn derive(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let mut cx = ctxt::Ctxt::default();
    let model = ast::Input::from_syn(&mut cx, input);
    valid::validate(&mut cx, &model);
    match cx.check() {
        Ok(()) => expand::expand(&plan::Plan::new(&model)),
        Err(errors) => {
            let mut tokens = errors.into_compile_error();
            tokens.extend(expand::fallback(&model));
            tokens
        }
    }
}
