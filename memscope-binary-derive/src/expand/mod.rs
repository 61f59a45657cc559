//! Code generation from the plan, and nothing else. One file per concern:
//!
//! | file | generates |
//! |---|---|
//! | `struct_.rs` | the impls for a struct: its sizes, and the methods put together |
//! | `write.rs` | a struct's `write_fields` and `encoded_len`, each field once |
//! | `read.rs` | a struct's `read_with` and `decode_fields`, each field once |
//! | `enum_.rs` | the impl for a fieldless enum |
//! | `codec.rs` | one field's call into its codec (`BinaryRecord`, `LengthPrefixed`, `FieldCodec`) |
//! | `size_check.rs` | the compile-time check of `#[binary(size = N)]` |
//! | `fallback.rs` | the stub impl emitted after a compile error |
//!
//! Generated code names everything by absolute path (`::std::io::Write`,
//! `::core::result::Result`) and the runtime crate by the plan's `krate`
//! (`::memscope_binary` unless `#[binary(crate = ...)]`), so it works
//! wherever the derive is used, including inside `memscope-binary` itself
//! (which declares `extern crate self as memscope_binary`).
//!
//! Hygiene: generated locals (`__w`, `__r`, `__bytes`, `__layout`,
//! `__written`, `__offset`, `__flags`, `__fieldN`, ...) have call-site spans,
//! so they resolve together even when the input comes from a `macro_rules!`
//! macro. Only the call into a field's codec, `<Type as Trait>::method`,
//! carries the field's span, so that a missing impl is reported at the
//! field. Every local starts with `__`, which also keeps rustc's unused
//! warnings quiet for the ones a shape does not need.

mod codec;
mod enum_;
mod fallback;
mod read;
mod size_check;
mod struct_;
mod write;

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;

use crate::bound;
use crate::plan::{Layouts, Plan, Shape};

pub use fallback::fallback;

/// The generated impls.
pub fn expand(plan: &Plan) -> TokenStream {
    let impls = match &plan.shape {
        Shape::Struct(s) => struct_::expand(plan, s, &bound::with_field_bounds(plan)),
        Shape::Enum(e) => enum_::expand(plan, e),
    };
    let size_check = plan.size.map(|size| size_check::expand(plan, size));
    quote! {
        #impls
        #size_check
    }
}

/// Path names of the pieces of a record that are not fields.
const TAG_PATH: &str = "(tag)";
const FLAGS_PATH: &str = "(presence flags)";
const DISCRIMINANT_PATH: &str = "(discriminant)";

/// `b"STAT"`: the tag as the byte string it was written as.
fn tag_literal(tag: [u8; 4]) -> Literal {
    Literal::byte_string(&tag)
}

/// The number of bytes before the first field.
fn tag_len(plan: &Plan) -> Literal {
    Literal::usize_unsuffixed(if plan.tag.is_some() { 4 } else { 0 })
}

/// `.map_err(..)`: places an error of the piece `path` (a field's name, or
/// one of the paths above), which begins `at` bytes into the record.
fn in_field(plan: &Plan, path: &str, at: TokenStream) -> TokenStream {
    let type_name = &plan.type_name;
    quote!(.map_err(|__e| __e.in_field(#type_name, #path, #at)))
}

/// A presence mask as the binary literal it stands for: `0b0000_0010`.
fn mask_literal(mask: u8) -> syn::LitInt {
    syn::LitInt::new(
        &format!("0b{:04b}_{:04b}", mask >> 4, mask & 0xf),
        Span::call_site(),
    )
}

/// Statements in wire order, each for the layouts it names: consecutive
/// statements of the detailed layout share one `if`.
fn in_layouts(plan: &Plan, steps: Vec<(Layouts, TokenStream)>) -> TokenStream {
    let krate = &plan.krate;
    let mut out = TokenStream::new();
    let mut steps = steps.into_iter().peekable();
    while let Some((layouts, step)) = steps.next() {
        match layouts {
            Layouts::Both => out.extend(step),
            Layouts::DetailedOnly => {
                let mut group = step;
                while let Some((_, step)) =
                    steps.next_if(|(layouts, _)| *layouts == Layouts::DetailedOnly)
                {
                    group.extend(step);
                }
                out.extend(quote! {
                    if __layout == #krate::Layout::Detailed {
                        #group
                    }
                });
            }
        }
    }
    out
}
