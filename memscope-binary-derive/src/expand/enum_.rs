//! The bodies of an enum's impls: an optional tag, the variant's
//! discriminant as its `#[repr]` integer, then the variant's fields, each
//! variant a `match` arm whose body `write.rs` and `read.rs` generate as
//! they do a struct's.
//!
//! The discriminants are computed as Rust does (the explicit value, else
//! the previous one plus 1, from 0) into local constants `__TAG0`, ...,
//! which the decoders match on.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::codec::SizeOf;
use super::read::{Source, read_body};
use super::record::Parts;
use super::shared::{DISCRIMINANT_PATH, TAG_PATH, body_size, in_field, tag_len, tag_literal};
use super::write::{body_len, write_body};
use crate::plan::{Body, Enum, Plan, World};

pub fn parts(plan: &Plan, e: &Enum) -> Parts {
    Parts {
        basic_size: size(plan, e, SizeOf::Basic),
        detailed_size: size(plan, e, SizeOf::Detailed),
        read_with: (plan.world == World::Owned).then(|| read(plan, e, Source::Reader)),
        encoded_len: encoded_len(plan, e),
        write_fields: write(plan, e),
        decode_fields: read(plan, e, Source::Slice),
    }
}

/// The tag, the discriminant, and the bounds over all variants. A fieldless
/// enum is the same in both layouts.
fn size(plan: &Plan, e: &Enum, layout: SizeOf) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let start = match plan.tag {
        Some(_) => quote!(#krate::EncodedSize::exact(4)),
        None => quote!(#krate::EncodedSize::ZERO),
    };
    let discriminant = match layout {
        SizeOf::Basic => quote!(<#repr as #krate::BinaryRecord>::BASIC_SIZE),
        SizeOf::Detailed if e.is_fieldless() => return quote!(Self::BASIC_SIZE),
        SizeOf::Detailed => quote!(<#repr as #krate::BinaryRecord>::DETAILED_SIZE),
    };
    if e.is_fieldless() {
        return quote!(#start.then(#discriminant));
    }
    let mut variants = e.variants.iter().map(|variant| {
        body_size(
            plan,
            &variant.body,
            layout,
            quote!(#krate::EncodedSize::ZERO),
        )
    });
    let first = variants.next();
    quote!(#start.then(#discriminant).then(#first #(.either(#variants))*))
}

/// `const __TAG0: u8 = 1;` ...: each variant's discriminant.
fn tag_consts(e: &Enum) -> TokenStream {
    let repr = e.repr;
    let consts = e.variants.iter().map(|variant| {
        let (tag, value) = (&variant.tag, &variant.tag_value);
        quote!(const #tag: #repr = #value;)
    });
    quote!(#(#consts)*)
}

/// `Self::Alloc { ptr: __field0, size: __field1 }`: binds each written
/// field of a variant by reference.
fn pattern(body: &Body) -> TokenStream {
    let ctor = &body.ctor;
    let bindings = body.written().map(|(field, _)| {
        let (member, var) = (field.member, &field.var);
        quote!(#member: #var)
    });
    let rest = (body.written().count() < body.fields.len()).then(|| quote!(..));
    quote!(#ctor { #(#bindings,)* #rest })
}

fn write(plan: &Plan, e: &Enum) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let tag_len = tag_len(plan);
    let tag = plan.tag.map(|tag| {
        let tag = tag_literal(tag);
        let context = in_field(plan, TAG_PATH, quote!(0));
        quote!(#krate::wire::write_bytes(__w, #tag) #context?;)
    });
    let context = in_field(plan, DISCRIMINANT_PATH, quote!(#tag_len));
    let consts = tag_consts(e);
    if e.is_fieldless() {
        // The tag is all there is: pick it, then write it once.
        let arms = e.variants.iter().map(|variant| {
            let (pattern, variant_tag) = (pattern(&variant.body), &variant.tag);
            quote!(#pattern => #variant_tag,)
        });
        let write =
            quote!(<#repr as #krate::BinaryRecord>::write_with(&__tag, __w, __layout) #context);
        let write = match plan.tag {
            Some(_) => quote!(::core::result::Result::Ok(#tag_len + #write?)),
            None => write,
        };
        return quote! {
            #consts
            let __tag: #repr = match self {
                #(#arms)*
            };
            #tag
            #write
        };
    }
    let arms = e.variants.iter().map(|variant| {
        let variant_tag = &variant.tag;
        let discriminant = quote! {
            <#repr as #krate::BinaryRecord>::write_with(&#variant_tag, __w, __layout) #context
        };
        let pattern = pattern(&variant.body);
        if plan.tag.is_none() && variant.body.written().next().is_none() && !variant.body.framed {
            // The discriminant is all there is: its result is the record's.
            return quote!(#pattern => #discriminant,);
        }
        let start = after_tag(&tag_len, quote!(#discriminant?));
        let body = write_body(plan, &variant.body, start);
        quote!(#pattern => { #body })
    });
    quote! {
        #consts
        #tag
        match self {
            #(#arms)*
        }
    }
}

fn read(plan: &Plan, e: &Enum, source: Source) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let type_name = &plan.type_name;
    let tag_len = tag_len(plan);
    let tag_context = in_field(plan, TAG_PATH, quote!(0));
    let context = in_field(plan, DISCRIMINANT_PATH, quote!(#tag_len));
    let (tag, discriminant, start) = match source {
        Source::Reader => (
            plan.tag.map(|tag| {
                let tag = tag_literal(tag);
                quote!(#krate::__private::read_tag(__r, *#tag) #tag_context?;)
            }),
            quote! {
                let __tag = <#repr as #krate::BinaryRecord>::read_with(__r, __layout) #context?;
            },
            after_tag(
                &tag_len,
                quote!(<#repr as #krate::BinaryRecord>::encoded_len(&__tag, __layout)),
            ),
        ),
        Source::Slice => {
            let rest = match plan.tag {
                Some(_) => quote!(#krate::__private::rest(__bytes, #tag_len)),
                None => quote!(__bytes),
            };
            (
                plan.tag.map(|tag| {
                    let tag = tag_literal(tag);
                    quote!(#krate::__private::decode_tag(__bytes, *#tag) #tag_context?;)
                }),
                quote! {
                    let (__tag, __used) =
                        <#repr as #krate::BinaryRecord>::decode_slice(#rest, __layout) #context?;
                },
                after_tag(&tag_len, quote!(__used)),
            )
        }
    };
    let arms = e.variants.iter().map(|variant| {
        let variant_tag = &variant.tag;
        let body = read_body(plan, &variant.body, source, start.clone());
        let no_fields = variant.body.written().next().is_none();
        if source == Source::Reader || plan.world == World::Borrowed || no_fields {
            return quote!(#variant_tag => { #body });
        }
        // A variant of a fixed size is checked against the input once, and
        // its fields decoded from a slice of exactly that length: the
        // optimiser drops their own checks. A shorter input takes the
        // field-by-field path, which says exactly what is missing.
        let zero = quote!(#krate::EncodedSize::ZERO);
        let basic = body_size(plan, &variant.body, SizeOf::Basic, zero.clone());
        let detailed = body_size(plan, &variant.body, SizeOf::Detailed, zero);
        quote! {
            #variant_tag => {
                match #krate::__private::fixed_body(__bytes, #start, __layout, const { #basic }, const { #detailed }) {
                    ::core::option::Option::Some(__bytes) => { #body }
                    ::core::option::Option::None => { #body }
                }
            }
        }
    });
    let consts = tag_consts(e);
    quote! {
        #tag
        #discriminant
        #consts
        match __tag {
            #(#arms)*
            _ => ::core::result::Result::Err(#krate::__private::invalid_discriminant(
                #type_name,
                __tag as i128,
                #tag_len,
            )),
        }
    }
}

fn encoded_len(plan: &Plan, e: &Enum) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let tag_len = tag_len(plan);
    let start = after_tag(
        &tag_len,
        quote!(<#repr as #krate::BinaryRecord>::encoded_len(&0, __layout)),
    );
    if e.is_fieldless() {
        return start;
    }
    let arms = e.variants.iter().map(|variant| {
        let pattern = pattern(&variant.body);
        let len = body_len(plan, &variant.body, quote!(__start));
        quote!(#pattern => { #len })
    });
    quote! {
        let __start: usize = #start;
        match self {
            #(#arms)*
        }
    }
}

/// `expr`, or `4 + expr` after a four-byte tag.
fn after_tag(tag_len: &Literal, expr: TokenStream) -> TokenStream {
    if tag_len.to_string() == "0" {
        expr
    } else {
        quote!(#tag_len + #expr)
    }
}
