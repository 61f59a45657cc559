//! The write direction of one body (a struct's fields, or one variant's):
//! the statements that write it field by field (the runtime wraps a whole
//! record in the stack-buffer fast path), and its `encoded_len`, which must
//! agree with them byte for byte.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::codec::{CodecCall, default_value};
use super::shared::{FLAGS_PATH, LENGTH_PATH, in_field, in_layouts, mask_literal};
use crate::plan::{Access, BitSlot, Body, Codec, Field, Layouts, Plan};

/// The contents of a block that writes `body` after the `start` bytes already written (a
/// `usize` expression, which may itself write: the tags), and evaluates to
/// `Result<usize, CodecError>`, the bytes written in all.
pub fn write_body(plan: &Plan, body: &Body, start: TokenStream) -> TokenStream {
    let krate = &plan.krate;
    let mut steps = Vec::new();
    for (field, wire) in body.written() {
        let codec = CodecCall::new(plan, field, &wire.codec);
        let value = value_ref(body, field);
        let context = in_field(plan, field.name, quote!(__written));
        let step = match (wire.presence, &wire.codec) {
            (_, Codec::Bits { target, slot }) => write_bits(plan, field, value, target, slot),
            (None, _) => {
                let check = match &wire.codec {
                    Codec::Counted { count, .. } => {
                        let count = match body.access {
                            Access::SelfField => {
                                let member = count.member;
                                quote!(self.#member)
                            }
                            Access::Binding | Access::Copied => {
                                let var = &count.var;
                                quote!(*#var)
                            }
                        };
                        codec.check_count(value.clone(), count, &context)
                    }
                    _ => None,
                };
                let write = codec.write(value);
                quote! {
                    #check
                    __written += #write #context?;
                }
            }
            // An absent value is written as the empty value (a name of
            // length 0) with its presence bit clear.
            (Some(mask), _) => {
                let write = codec.write(quote!(__value));
                let empty = default_value(field, wire.codec.target());
                let mask = mask_literal(mask);
                // A framed body knows its flags before its fields.
                let set = (!body.framed).then(|| quote!(__flags |= #mask;));
                quote! {
                    let __empty;
                    let __value = match #value {
                        ::core::option::Option::Some(__value) => {
                            #set
                            __value
                        }
                        ::core::option::Option::None => {
                            __empty = #empty;
                            &__empty
                        }
                    };
                    __written += #write #context?;
                }
            }
        };
        steps.push((wire.layouts, step));
    }
    if steps.is_empty() && !body.framed {
        return quote!(::core::result::Result::Ok(#start));
    }
    // The presence fields set their bits in `__flags` as they go, or in a
    // framed body all at once, before the flags byte that begins it.
    let flags_init = body
        .flags
        .as_ref()
        .map(|_| quote!(let mut __flags: u8 = 0;));
    if let Some(flags) = &body.flags {
        let context = in_field(plan, FLAGS_PATH, quote!(__written));
        let write = quote!(__written += #krate::wire::write_bytes(__w, &[__flags]) #context?;);
        if body.framed {
            let mut first = presence_flags(body);
            first.push((flags.layouts, write));
            steps.splice(0..0, first);
        } else {
            steps.push((flags.layouts, write));
        }
    }
    let frame = body.framed.then(|| {
        let be = plan.big_endian;
        let fields_len = fields_len(plan, body, quote!(0));
        let context = in_field(plan, LENGTH_PATH, quote!(__written));
        quote! {
            let __frame: usize = { #fields_len };
            __written += #krate::__private::write_frame::<_, #be>(__w, __frame) #context?;
        }
    });
    let steps = in_layouts(plan, steps);
    let copies = copies(body);
    quote! {
        #copies
        let mut __written: usize = #start;
        #frame
        #flags_init
        #steps
        ::core::result::Result::Ok(__written)
    }
}

/// A bit field: or'd into its group's local (declared at the group's first
/// field), and the group written at its last. The field's width is
/// checked against its type at compile time, at the `bits = N` literal.
fn write_bits(
    plan: &Plan,
    field: &Field,
    value: TokenStream,
    target: &syn::Type,
    slot: &BitSlot,
) -> TokenStream {
    let krate = &plan.krate;
    let group = &slot.group;
    let (width, shift, bytes) = (slot.width, slot.shift, slot.bytes);
    let declare = slot.first.then(|| quote!(let mut #group: u64 = 0;));
    // A type without parameters is checked by an item of its own
    // (`bit_width_checks`), which `cargo check` evaluates too.
    let check = plan
        .generics
        .params
        .iter()
        .next()
        .map(|_| width_check(plan, field, target, slot))
        .map(|check| quote!(const { #check };));
    let context = in_field(plan, field.name, quote!(__written));
    let to_bits = quote_spanned!(field.span=> <#target as #krate::BitField>::to_bits);
    let bits = quote!((#to_bits(#value, #width) #context? << #shift));
    let write = slot.last.then(|| {
        let context = in_field(plan, &slot.path, quote!(__written));
        let be = field.wire.as_ref().is_some_and(|wire| wire.big_endian);
        quote!(__written += #krate::__private::write_bits::<_, #be>(__w, #group, #bytes) #context?;)
    });
    quote! {
        #declare
        #check
        #group |= #bits;
        #write
    }
}

/// An expression that fails to evaluate, at the `bits = N` literal, when
/// `N` is wider than the field's type holds.
pub fn width_check(plan: &Plan, field: &Field, target: &syn::Type, slot: &BitSlot) -> TokenStream {
    let krate = &plan.krate;
    let width = slot.width;
    let message = format!(
        "`bits = {width}` is wider than the type of `{}` holds",
        field.name
    );
    let max = quote_spanned!(field.span=> <#target as #krate::BitField>::MAX_BITS);
    quote_spanned!(slot.width_span=> ::core::assert!(#width <= #max, #message))
}

/// For a type without parameters: `const _: () = assert!(...);` for each
/// bit field, so a width its type cannot hold is a compile error wherever
/// the type is (or is not) used.
pub fn bit_width_checks(plan: &Plan) -> Option<TokenStream> {
    if !plan.generics.params.is_empty() {
        return None;
    }
    let checks: Vec<TokenStream> = plan
        .bodies()
        .into_iter()
        .flat_map(|body| body.written())
        .filter_map(|(field, wire)| match &wire.codec {
            Codec::Bits { target, slot } => {
                let check = width_check(plan, field, target, slot);
                Some(quote!(const _: () = #check;))
            }
            _ => None,
        })
        .collect();
    (!checks.is_empty()).then(|| quote!(#(#checks)*))
}

/// For a framed body: `__flags |= mask;` for each present optional field,
/// in the layouts where it is written.
fn presence_flags(body: &Body) -> Vec<(Layouts, TokenStream)> {
    body.written()
        .filter_map(|(field, wire)| {
            let mask = mask_literal(wire.presence?);
            let value = value_ref(body, field);
            let step = quote! {
                if ::core::option::Option::is_some(#value) {
                    __flags |= #mask;
                }
            };
            Some((wire.layouts, step))
        })
        .collect()
}

/// The contents of a block that evaluates to the bytes `write_body` writes
/// for `body` after `start` bytes.
pub fn body_len(plan: &Plan, body: &Body, start: TokenStream) -> TokenStream {
    match body.framed {
        true => {
            let krate = &plan.krate;
            fields_len(plan, body, quote!(#start + #krate::__private::FRAME))
        }
        false => fields_len(plan, body, start),
    }
}

/// The bytes of `body`'s fields and flags, after `start` bytes: a framed
/// body's length is this with `start` 0.
fn fields_len(plan: &Plan, body: &Body, start: TokenStream) -> TokenStream {
    let mut steps = Vec::new();
    for (field, wire) in body.written() {
        let codec = CodecCall::new(plan, field, &wire.codec);
        let value = value_ref(body, field);
        let len = match wire.presence {
            None => codec.len(value),
            Some(_) => {
                let some = codec.len(quote!(__value));
                let empty = default_value(field, wire.codec.target());
                let none = codec.len(quote!(&#empty));
                quote! {
                    match #value {
                        ::core::option::Option::Some(__value) => #some,
                        ::core::option::Option::None => #none,
                    }
                }
            }
        };
        steps.push((wire.layouts, quote!(__len = __len.saturating_add(#len);)));
    }
    if let Some(flags) = &body.flags {
        steps.push((flags.layouts, quote!(__len += 1;)));
    }
    if steps.is_empty() {
        return start;
    }
    let steps = in_layouts(plan, steps);
    let copies = copies(body);
    quote! {
        #copies
        let mut __len: usize = #start;
        #steps
        __len
    }
}

/// For a `#[repr(packed)]` struct: `let __fieldN = &{ self.<member> };`,
/// a reference to an aligned copy of each written field.
pub(super) fn copies(body: &Body) -> Option<TokenStream> {
    (body.access == Access::Copied).then(|| {
        // The copy is spanned at the field, where a field that is not
        // `Copy` is reported.
        let copies = body.written().map(|(field, _)| {
            let (var, member) = (&field.var, field.member);
            let copy = quote_spanned!(field.span=> { self.#member });
            quote!(let #var = &#copy;)
        });
        quote!(#(#copies)*)
    })
}

/// A `&FieldType` expression for the field's value.
pub(super) fn value_ref(body: &Body, field: &Field) -> TokenStream {
    match body.access {
        Access::SelfField => {
            let member = field.member;
            quote!(&self.#member)
        }
        Access::Binding | Access::Copied => {
            let var = &field.var;
            quote!(#var)
        }
    }
}
