//! The write direction of a struct: `write_fields`, the record field by
//! field (the runtime wraps it in the stack-buffer fast path), and
//! `encoded_len`, which must agree with it byte for byte.

use proc_macro2::TokenStream;
use quote::quote;

use super::codec::{CodecCall, default_value};
use super::shared::{
    FLAGS_PATH, TAG_PATH, in_field, in_layouts, mask_literal, tag_len, tag_literal,
};
use crate::plan::{Plan, Struct};

pub fn write_fields(plan: &Plan, s: &Struct) -> TokenStream {
    let krate = &plan.krate;
    let mut steps = Vec::new();
    for (field, wire) in s.written() {
        let codec = CodecCall::new(plan, field, &wire.codec);
        let member = field.member;
        let context = in_field(plan, field.name, quote!(__written));
        let step = match wire.presence {
            None => {
                let write = codec.write(quote!(&self.#member));
                quote!(__written += #write #context?;)
            }
            // An absent value is written as the empty value (a name of
            // length 0) with its presence bit clear.
            Some(mask) => {
                let write = codec.write(quote!(__value));
                let empty = default_value(field, wire.codec.target());
                let mask = mask_literal(mask);
                quote! {
                    let __empty;
                    let __value = match &self.#member {
                        ::core::option::Option::Some(__value) => {
                            __flags |= #mask;
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
    // The presence fields set their bits in `__flags` as they go.
    let flags_init = s.flags.as_ref().map(|_| quote!(let mut __flags: u8 = 0;));
    if let Some(flags) = &s.flags {
        let context = in_field(plan, FLAGS_PATH, quote!(__written));
        let write = quote!(__written += #krate::wire::write_bytes(__w, &[__flags]) #context?;);
        steps.push((flags.layouts, write));
    }
    let tag = plan.tag.map(|tag| {
        let tag = tag_literal(tag);
        let context = in_field(plan, TAG_PATH, quote!(0));
        quote!(#krate::wire::write_bytes(__w, #tag) #context)
    });
    if steps.is_empty() {
        return tag.unwrap_or_else(|| quote!(::core::result::Result::Ok(0)));
    }
    let start = match tag {
        Some(tag) => quote!(#tag?),
        None => quote!(0),
    };
    let steps = in_layouts(plan, steps);
    quote! {
        let mut __written: usize = #start;
        #flags_init
        #steps
        ::core::result::Result::Ok(__written)
    }
}

pub fn encoded_len(plan: &Plan, s: &Struct) -> TokenStream {
    let mut steps = Vec::new();
    for (field, wire) in s.written() {
        let codec = CodecCall::new(plan, field, &wire.codec);
        let member = field.member;
        let len = match wire.presence {
            None => codec.len(quote!(&self.#member)),
            Some(_) => {
                let some = codec.len(quote!(__value));
                let empty = default_value(field, wire.codec.target());
                let none = codec.len(quote!(&#empty));
                quote! {
                    match &self.#member {
                        ::core::option::Option::Some(__value) => #some,
                        ::core::option::Option::None => #none,
                    }
                }
            }
        };
        steps.push((wire.layouts, quote!(__len = __len.saturating_add(#len);)));
    }
    if let Some(flags) = &s.flags {
        steps.push((flags.layouts, quote!(__len += 1;)));
    }
    let start = tag_len(plan);
    if steps.is_empty() {
        return quote!(#start);
    }
    let steps = in_layouts(plan, steps);
    quote! {
        let mut __len: usize = #start;
        #steps
        __len
    }
}
