//! Small pieces of generated code that more than one generator uses.

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;

use super::codec::{CodecCall, SizeOf};
use crate::plan::{Body, Layouts, Plan};

/// Path names of the pieces of a record that are not fields.
pub const TAG_PATH: &str = "(tag)";
pub const FLAGS_PATH: &str = "(presence flags)";
pub const DISCRIMINANT_PATH: &str = "(discriminant)";
pub const LENGTH_PATH: &str = "(length)";
pub const NEWER_FIELDS_PATH: &str = "(newer fields)";
pub const UNKNOWN_BODY_PATH: &str = "(unknown variant's body)";

/// `b"STAT"`: the tag as the byte string it was written as.
pub fn tag_literal(tag: [u8; 4]) -> Literal {
    Literal::byte_string(&tag)
}

/// The number of bytes before the first field.
pub fn tag_len(plan: &Plan) -> Literal {
    Literal::usize_unsuffixed(if plan.tag.is_some() { 4 } else { 0 })
}

/// `.map_err(..)`: places an error of the piece `path` (a field's name, or
/// one of the paths above), which begins `at` bytes into the record.
pub fn in_field(plan: &Plan, path: &str, at: TokenStream) -> TokenStream {
    let type_name = &plan.type_name;
    quote!(.map_err(|__e| __e.in_field(#type_name, #path, #at)))
}

/// `<Repr as BinaryRecord>::method` for an enum's discriminant, in the
/// type's byte order: `write_with` and the like when little-endian, their
/// byte-order-generic twins when big-endian. `op` is `write`, `read` or
/// `decode`.
pub fn repr_method(plan: &Plan, repr: &syn::Ident, op: &str) -> TokenStream {
    let krate = &plan.krate;
    let method = match (op, plan.big_endian) {
        ("write", false) => quote!(write_with),
        ("write", true) => quote!(__write_ordered::<_, true>),
        ("read", false) => quote!(read_with),
        ("read", true) => quote!(__read_ordered::<_, true>),
        (_, false) => quote!(decode_slice),
        (_, true) => quote!(__decode_ordered::<true>),
    };
    quote!(<#repr as #krate::BinaryRecord>::#method)
}

/// A presence mask as the binary literal it stands for: `0b0000_0010`.
pub fn mask_literal(mask: u8) -> syn::LitInt {
    syn::LitInt::new(
        &format!("0b{:04b}_{:04b}", mask >> 4, mask & 0xf),
        Span::call_site(),
    )
}

/// Statements in wire order, each for the layouts it names: consecutive
/// statements of the detailed layout share one `if`.
pub fn in_layouts(plan: &Plan, steps: Vec<(Layouts, TokenStream)>) -> TokenStream {
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

/// A constant `EncodedSize`: `start`, then each field of `body` written in
/// `layout`, then its flags byte.
pub fn body_size(plan: &Plan, body: &Body, layout: SizeOf, start: TokenStream) -> TokenStream {
    let krate = &plan.krate;
    let in_layout = |layouts: Layouts| match layout {
        SizeOf::Basic => layouts == Layouts::Both,
        SizeOf::Detailed => true,
    };
    // A framed body may lack its `default` fields (an older writer's), and
    // may have more (a newer writer's): at least the rest, at most anything.
    let fields = body
        .written()
        .filter(|(_, wire)| in_layout(wire.layouts))
        .filter(|(_, wire)| !(body.framed && wire.fallback.is_some()))
        .map(|(field, wire)| CodecCall::new(plan, field, &wire.codec).size(layout));
    let flags = body
        .flags
        .as_ref()
        .filter(|flags| in_layout(flags.layouts))
        .map(|_| quote!(.then(#krate::EncodedSize::exact(1))));
    match body.framed {
        true => quote! {
            #start
                .then(#krate::EncodedSize::exact(#krate::__private::FRAME))
                #flags #(.then(#fields))*
                .at_least()
        },
        false => quote!(#start #(.then(#fields))* #flags),
    }
}
