//! `#[derive(BinaryRecord)]`: little-endian `write_with` / `read_with` /
//! `decode_slice` for plain Rust structs and fieldless enums.
//!
//! Use it through the `memscope-binary` crate, which re-exports it and
//! documents the attributes. The stages, one file each: `ast.rs` models the
//! input, `attr.rs` parses `#[binary(...)]`, `valid.rs` checks the model,
//! `bound.rs` computes generic bounds and `expand.rs` generates the impl.
//! Every error of one input is reported in one compile (`ctxt.rs`).

mod ast;
mod attr;
mod bound;
mod ctxt;
mod expand;
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
    try_derive(input).unwrap_or_else(syn::Error::into_compile_error)
}

fn try_derive(input: &syn::DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let mut cx = ctxt::Ctxt::default();
    let model = ast::Input::from_syn(&mut cx, input);
    if let Some(model) = &model {
        valid::validate(&mut cx, model);
    }
    cx.check()?;
    // `check` passed, so the model was built.
    Ok(model
        .map(|model| expand::expand(&model))
        .unwrap_or_default())
}
