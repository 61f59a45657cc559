//! Code generation from the plan, and nothing else. One file per concern:
//!
//! | file | generates |
//! |---|---|
//! | `struct_.rs` | the impls for a struct: its sizes, and the methods put together |
//! | `write.rs` | a struct's `write_fields` and `encoded_len`, each field once |
//! | `read.rs` | a struct's `read_with` and `decode_fields`, each field once |
//! | `enum_.rs` | the impl for a fieldless enum |
//! | `codec.rs` | one field's call into its codec (`BinaryRecord`, `LengthPrefixed`, `FieldCodec`) |
//! | `shared.rs` | small pieces the others share: error paths, the tag, layout `if`s |
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
mod shared;
mod size_check;
mod struct_;
mod write;

use proc_macro2::TokenStream;
use quote::quote;

use crate::bound;
use crate::plan::{Plan, Shape};

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
