//! The bodies of an enum's impls: an optional tag, the variant's
//! discriminant as its `#[repr]` integer, then the variant's fields, each
//! variant a `match` arm whose body `write.rs` and `read.rs` generate as
//! they do a struct's.
//!
//! The discriminants are computed as Rust does (the explicit value, else
//! the previous one plus 1, from 0) into local constants `__TAG0`, ...,
//! which the decoders match on.
//!
//! An `#[binary(unknown)]` variant has no arm of its own on reading: it is
//! the `_` arm, holding the tag (and, in an extensible enum, the framed
//! body) that no other variant claims, and writing it writes them back.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::codec::SizeOf;
use super::read::{Source, read_body};
use super::record::Parts;
use super::shared::{
    DISCRIMINANT_PATH, LENGTH_PATH, TAG_PATH, UNKNOWN_BODY_PATH, body_size, in_field, repr_method,
    tag_len, tag_literal,
};
use super::write::{body_len, write_body};
use crate::plan::{Body, Enum, Plan, Unknown, Variant, World};

pub fn parts(plan: &Plan, e: &Enum) -> Parts {
    Parts {
        basic_size: size(plan, e, SizeOf::Basic),
        detailed_size: size(plan, e, SizeOf::Detailed),
        read_with: (plan.world == World::Owned).then(|| read(plan, e, Source::Reader)),
        encoded_len: encoded_len(plan, e),
        write_fields: write(plan, e),
        decode_fields: read(plan, e, Source::Slice),
        bit_field: bit_field(plan, e),
        schema: super::schema::expand(plan),
    }
}

/// `BitField` for a fieldless enum (of an integer repr up to 64 bits): its
/// discriminant, and back, as its `BinaryRecord` impl writes and reads it.
fn bit_field(plan: &Plan, e: &Enum) -> Option<(TokenStream, TokenStream)> {
    let wide = ["u128", "i128"].contains(&e.repr.to_string().as_str());
    if !e.is_fieldless() || plan.world == World::Borrowed || wide {
        return None;
    }
    let krate = &plan.krate;
    let repr = e.repr;
    let consts = tag_consts(e);
    let arms = e.variants.iter().map(|variant| {
        if variant.unknown.is_some() {
            let pattern = unknown_pattern(variant);
            let refuse = refuse_claimed(plan, e, &quote!(__unknown_tag));
            return quote!(#pattern => { #refuse *__unknown_tag });
        }
        let (pattern, variant_tag) = (pattern(&variant.body), &variant.tag);
        quote!(#pattern => #variant_tag,)
    });
    let to_bits = quote! {
        #consts
        let __tag: #repr = match self {
            #(#arms)*
        };
        <#repr as #krate::BitField>::to_bits(&__tag, __width)
    };
    let type_name = &plan.type_name;
    let known = e.known().map(|variant| {
        let (tag, ctor) = (&variant.tag, &variant.body.ctor);
        quote!(#tag => ::core::result::Result::Ok(#ctor {}),)
    });
    let other = match e
        .unknown()
        .and_then(|variant| variant.unknown.as_ref().map(|u| (variant, u)))
    {
        Some((variant, Unknown::Bare { tag })) => {
            let ctor = &variant.body.ctor;
            quote!(_ => ::core::result::Result::Ok(#ctor { #tag: __tag }),)
        }
        _ => quote! {
            _ => ::core::result::Result::Err(#krate::__private::invalid_discriminant(
                #type_name,
                __tag as i128,
                0,
            )),
        },
    };
    let from_bits = quote! {
        let __tag = <#repr as #krate::BitField>::from_bits(__bits, __width)?;
        #consts
        match __tag {
            #(#known)*
            #other
        }
    };
    Some((to_bits, from_bits))
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
    let mut variants = e.variants.iter().map(|variant| match &variant.unknown {
        // A length, then a body of any size.
        Some(_) => quote! {
            #krate::EncodedSize::exact(#krate::__private::FRAME).at_least()
        },
        None => body_size(
            plan,
            &variant.body,
            layout,
            quote!(#krate::EncodedSize::ZERO),
        ),
    });
    let first = variants.next();
    quote!(#start.then(#discriminant).then(#first #(.either(#variants))*))
}

/// `const __TAG0: u8 = 1;` ...: each variant's discriminant.
fn tag_consts(e: &Enum) -> TokenStream {
    let repr = e.repr;
    let consts = e.variants.iter().map(|variant| {
        let (tag, value) = (&variant.tag, &variant.tag_value);
        // The unknown variant's own discriminant is not a tag on the wire:
        // its constant only numbers the variants after it.
        let allow = variant
            .unknown
            .is_some()
            .then(|| quote!(#[allow(dead_code)]));
        quote!(#allow const #tag: #repr = #value;)
    });
    quote!(#(#consts)*)
}

/// For the unknown variant's tag (`value`, a `&Repr`): a statement that
/// refuses it when a known variant claims it, since those bytes would read
/// back as that variant.
fn refuse_claimed(plan: &Plan, e: &Enum, value: &TokenStream) -> TokenStream {
    let krate = &plan.krate;
    let type_name = &plan.type_name;
    let tag_len = tag_len(plan);
    let known = e.known().map(|variant| &variant.tag);
    quote! {
        if #krate::__private::is_claimed(*#value, &[#(#known),*]) {
            return ::core::result::Result::Err(#krate::__private::claimed_tag(
                #type_name,
                *#value as i128,
                #tag_len,
            ));
        }
    }
}

/// `Self::Other { 0: __unknown_tag, 1: __unknown_bytes }`: the unknown
/// variant's fields, by reference.
fn unknown_pattern(variant: &Variant) -> TokenStream {
    let ctor = &variant.body.ctor;
    match &variant.unknown {
        Some(Unknown::Framed { tag, bytes, .. }) => {
            quote!(#ctor { #tag: __unknown_tag, #bytes: __unknown_bytes })
        }
        Some(Unknown::Bare { tag }) => quote!(#ctor { #tag: __unknown_tag }),
        None => pattern(&variant.body),
    }
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
            if variant.unknown.is_some() {
                let pattern = unknown_pattern(variant);
                let refuse = refuse_claimed(plan, e, &quote!(__unknown_tag));
                return quote!(#pattern => { #refuse *__unknown_tag });
            }
            let (pattern, variant_tag) = (pattern(&variant.body), &variant.tag);
            quote!(#pattern => #variant_tag,)
        });
        let write = {
            let write = repr_method(plan, repr, "write");
            quote!(#write(&__tag, __w, __layout) #context)
        };
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
        if variant.unknown.is_some() {
            return write_unknown(plan, e, variant);
        }
        let variant_tag = &variant.tag;
        let write = repr_method(plan, repr, "write");
        let discriminant = quote! {
            #write(&#variant_tag, __w, __layout) #context
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

/// The unknown variant of an extensible enum, written back as it was read:
/// its tag, the length of its body, the body.
fn write_unknown(plan: &Plan, e: &Enum, variant: &Variant) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let tag_len = tag_len(plan);
    let pattern = unknown_pattern(variant);
    let refuse = refuse_claimed(plan, e, &quote!(__unknown_tag));
    let context = in_field(plan, DISCRIMINANT_PATH, quote!(#tag_len));
    let length = in_field(plan, LENGTH_PATH, quote!(__written));
    let body = in_field(plan, UNKNOWN_BODY_PATH, quote!(__written));
    let write = repr_method(plan, repr, "write");
    let be = plan.big_endian;
    quote! {
        #pattern => {
            #refuse
            let mut __written: usize = #tag_len
                + #write(__unknown_tag, __w, __layout) #context?;
            let __body: &[u8] = ::core::convert::AsRef::<[u8]>::as_ref(__unknown_bytes);
            __written += #krate::__private::write_frame::<_, #be>(__w, __body.len()) #length?;
            __written += #krate::wire::write_bytes(__w, __body) #body?;
            ::core::result::Result::Ok(__written)
        }
    }
}

/// The `_` arm of a decoder: the unknown variant, with the tag (and the
/// framed body) it read, or the error for a tag no variant claims.
fn read_unknown(plan: &Plan, e: &Enum, source: Source, start: &TokenStream) -> TokenStream {
    let krate = &plan.krate;
    let type_name = &plan.type_name;
    let tag_len = tag_len(plan);
    let Some((variant, unknown)) = e
        .unknown()
        .and_then(|variant| Some((variant, variant.unknown.as_ref()?)))
    else {
        return quote! {
            _ => ::core::result::Result::Err(#krate::__private::invalid_discriminant(
                #type_name,
                __tag as i128,
                #tag_len,
            )),
        };
    };
    let ctor = &variant.body.ctor;
    let length = in_field(plan, LENGTH_PATH, quote!(__offset));
    let body = in_field(
        plan,
        UNKNOWN_BODY_PATH,
        quote!(__offset + #krate::__private::FRAME),
    );
    let be = plan.big_endian;
    match (unknown, source) {
        (Unknown::Bare { tag }, Source::Slice) => {
            quote!(_ => ::core::result::Result::Ok((#ctor { #tag: __tag }, #start)),)
        }
        (Unknown::Bare { tag }, Source::Reader) => {
            quote!(_ => ::core::result::Result::Ok(#ctor { #tag: __tag }),)
        }
        (
            Unknown::Framed {
                tag,
                bytes,
                bytes_ty,
            },
            Source::Slice,
        ) => quote! {
            _ => {
                let __offset: usize = #start;
                let __end = #krate::__private::decode_frame::<#be>(__bytes, __offset) #length?;
                let __body = #krate::__private::frame_body(__bytes, __offset, __end);
                ::core::result::Result::Ok((
                    #ctor {
                        #tag: __tag,
                        #bytes: <#bytes_ty as #krate::UnknownBody<'_>>::from_slice(__body),
                    },
                    __end,
                ))
            }
        },
        (
            Unknown::Framed {
                tag,
                bytes,
                bytes_ty,
            },
            Source::Reader,
        ) => quote! {
            _ => {
                let __offset: usize = #start;
                let __frame = #krate::__private::read_frame::<_, #be>(__r) #length?;
                let __body = #krate::wire::read_vec(__r, 0, __frame) #body?;
                ::core::result::Result::Ok(#ctor {
                    #tag: __tag,
                    #bytes: <#bytes_ty as #krate::UnknownBody<'_>>::from_vec(__body),
                })
            }
        },
    }
}

fn read(plan: &Plan, e: &Enum, source: Source) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let tag_len = tag_len(plan);
    let tag_context = in_field(plan, TAG_PATH, quote!(0));
    let context = in_field(plan, DISCRIMINANT_PATH, quote!(#tag_len));
    let read = repr_method(plan, repr, "read");
    let decode = repr_method(plan, repr, "decode");
    let (tag, discriminant, start) = match source {
        Source::Reader => (
            plan.tag.map(|tag| {
                let tag = tag_literal(tag);
                quote!(#krate::__private::read_tag(__r, *#tag) #tag_context?;)
            }),
            quote! {
                let __tag = #read(__r, __layout) #context?;
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
                        #decode(#rest, __layout) #context?;
                },
                after_tag(&tag_len, quote!(__used)),
            )
        }
    };
    let arms = e.known().map(|variant| {
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
    let unknown = read_unknown(plan, e, source, &start);
    quote! {
        #tag
        #discriminant
        #consts
        match __tag {
            #(#arms)*
            #unknown
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
        if variant.unknown.is_some() {
            let pattern = unknown_pattern(variant);
            return quote! {
                #pattern => {
                    let _ = __unknown_tag;
                    __start
                        + #krate::__private::FRAME
                        + ::core::convert::AsRef::<[u8]>::as_ref(__unknown_bytes).len()
                }
            };
        }
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
