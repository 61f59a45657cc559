//! `BinaryRecord::__pieces`: where each piece of one value's encoding lies,
//! for the annotated hex dump (`memscope_binary::hexdump`). It follows
//! `encoded_len` piece by piece, naming each: a field's own pieces (a
//! derived type's fields, recursively), or the piece whole (a string, a
//! custom codec's bytes, a group of bit fields), and the pieces that are
//! not fields: `(tag)`, `(discriminant)`, `(length)`, `(presence flags)`.

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{CodecCall, default_value};
use super::shared::{
    DISCRIMINANT_PATH, FLAGS_PATH, LENGTH_PATH, TAG_PATH, UNKNOWN_BODY_PATH, in_layouts,
};
use super::write::{copies, value_ref};
use crate::plan::{Body, Codec, Enum, Plan, Shape, Unknown};

/// The body of `__pieces(&self, __layout, __out)`.
pub fn expand(plan: &Plan) -> TokenStream {
    let krate = &plan.krate;
    let tag = plan
        .tag
        .map(|_| quote!(__out.field(#TAG_PATH, |__out| __out.leaf(4));));
    let body = match &plan.shape {
        Shape::Struct(body) => body_pieces(plan, body),
        Shape::Enum(e) => enum_pieces(plan, e),
    };
    let _ = krate;
    quote! {
        #tag
        #body
    }
}

fn enum_pieces(plan: &Plan, e: &Enum) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let discriminant = quote! {
        __out.field(#DISCRIMINANT_PATH, |__out| {
            __out.leaf(<#repr as #krate::BinaryRecord>::encoded_len(&0, __layout))
        });
    };
    if e.is_fieldless() {
        return discriminant;
    }
    let arms = e.variants.iter().map(|variant| {
        let ctor = &variant.body.ctor;
        match &variant.unknown {
            Some(Unknown::Framed { bytes, .. }) => {
                let body = format!("{}.{UNKNOWN_BODY_PATH}", variant.ident);
                let length = format!("{}.{LENGTH_PATH}", variant.ident);
                quote! {
                    #ctor { #bytes: __unknown_bytes, .. } => {
                        __out.field(#length, |__out| __out.leaf(#krate::__private::FRAME));
                        __out.field(#body, |__out| {
                            __out.leaf(::core::convert::AsRef::<[u8]>::as_ref(__unknown_bytes).len())
                        });
                    }
                }
            }
            Some(Unknown::Bare { .. }) => quote!(#ctor { .. } => {}),
            None => {
                let pattern = pattern(&variant.body);
                let pieces = body_pieces(plan, &variant.body);
                quote!(#pattern => { #pieces })
            }
        }
    });
    quote! {
        #discriminant
        match self {
            #(#arms)*
        }
    }
}

/// `Self::Alloc { ptr: __field0, .. }`, as `enum_.rs` binds a variant.
fn pattern(body: &Body) -> TokenStream {
    let ctor = &body.ctor;
    let bindings = body.written().map(|(field, _)| {
        let (member, var) = (field.member, &field.var);
        quote!(#member: #var)
    });
    quote!(#ctor { #(#bindings,)* .. })
}

fn body_pieces(plan: &Plan, body: &Body) -> TokenStream {
    let krate = &plan.krate;
    let mut steps = Vec::new();
    let flags = body.flags.as_ref().map(|flags| {
        (
            flags.layouts,
            quote!(__out.field(#FLAGS_PATH, |__out| __out.leaf(1));),
        )
    });
    if body.framed {
        steps.push((
            crate::plan::Layouts::Both,
            quote!(__out.field(#LENGTH_PATH, |__out| __out.leaf(#krate::__private::FRAME));),
        ));
        steps.extend(flags.clone());
    }
    for (field, wire) in body.written() {
        let codec = CodecCall::new(plan, field, &wire.codec);
        let value = value_ref(body, field);
        let name = field.name.rsplit('.').next().unwrap_or(field.name);
        let step = match (&wire.codec, wire.presence) {
            (Codec::Bits { slot, .. }, _) => {
                if !slot.first {
                    continue;
                }
                let (path, bytes) = (&slot.path, slot.bytes);
                quote!(__out.field(#path, |__out| __out.leaf(#bytes));)
            }
            (Codec::Record { target }, None) => quote! {
                __out.field(#name, |__out| {
                    <#target as #krate::BinaryRecord>::__pieces(#value, __layout, __out)
                });
            },
            (_, None) => {
                let len = codec.len(value);
                quote!(__out.field(#name, |__out| __out.leaf(#len));)
            }
            (_, Some(_)) => {
                let some = codec.len(quote!(__value));
                let empty = default_value(field, wire.codec.target());
                let none = codec.len(quote!(&#empty));
                quote! {
                    __out.field(#name, |__out| {
                        __out.leaf(match #value {
                            ::core::option::Option::Some(__value) => #some,
                            ::core::option::Option::None => #none,
                        })
                    });
                }
            }
        };
        steps.push((wire.layouts, step));
    }
    if !body.framed {
        steps.extend(flags);
    }
    let steps = in_layouts(plan, steps);
    let copies = copies(body);
    quote! {
        #copies
        #steps
    }
}
