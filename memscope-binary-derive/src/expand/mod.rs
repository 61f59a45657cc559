//! Code generation from the plan, and nothing else. One file per concern:
//!
//! | file | generates |
//! |---|---|
//! | `record.rs` | the impls every derived type gets, put together from the generated bodies |
//! | `struct_.rs` | a struct's bodies: its tag, then its fields |
//! | `enum_.rs` | an enum's bodies: its tag, the discriminant, then a `match` arm per variant |
//! | `write.rs` | one body's (a struct's or a variant's) writes and `encoded_len`, each field once |
//! | `read.rs` | one body's reads from a `Read` and from a slice, each field once |
//! | `codec.rs` | one field's call into its codec (`BinaryRecord`, `LengthPrefixed`, `FieldCodec`) |
//! | `shared.rs` | small pieces the others share: error paths, the tag, layout `if`s |
//! | `pieces.rs` | `__pieces()`: where each piece of one value lies, for the hex dump |
//! | `schema.rs` | `schema()`: the pieces in wire order, with their types and sizes |
//! | `size_check.rs` | the compile-time check of `#[binary(size = N)]` |
//! | `fallback.rs` | the stub impl emitted after a compile error |
//!
//! Generated code names everything by absolute path (`::core::result::Result`,
//! the runtime's `io::Write` through `__private`, which is `std::io::Write`
//! with its `std` feature and its own trait without) and the runtime crate by the plan's `krate`
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
mod pieces;
mod read;
mod record;
mod schema;
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
    let parts = match &plan.shape {
        Shape::Struct(body) => struct_::parts(plan, body),
        Shape::Enum(e) => enum_::parts(plan, e),
    };
    let impls = record::expand(plan, parts, &bound::bounds(plan));
    let size_check = plan.size.map(|size| size_check::expand(plan, size));
    let bit_widths = write::bit_width_checks(plan);
    quote! {
        #impls
        #size_check
        #bit_widths
    }
}
