//! The read direction of one body (a struct's fields, or one variant's):
//! from a `Read` (`read_with`), and from a slice (`decode_fields`, which
//! the runtime wraps in the fixed-size fast path). They differ only in how
//! one piece is pulled from the input and how far the offset moves, so the
//! same functions generate both.
//!
//! The pieces come in wire order: the fields, then the flags byte.
//! A presence field is read as its `T` and checked against its bit once
//! the flags byte has been read, which makes it an `Option<T>`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;

use super::codec::{CodecCall, default_value};
use super::shared::{FLAGS_PATH, LENGTH_PATH, NEWER_FIELDS_PATH, in_field, mask_literal};
use crate::plan::{BitSlot, Body, Codec, Fallback, Field, Flags, Layouts, Plan, Wire};

/// Where the decoder pulls its pieces from.
#[derive(Clone, Copy, PartialEq)]
pub enum Source {
    /// `__r`, a `Read`: the offset is kept for errors only.
    Reader,
    /// `__bytes`: the offset is also the number of bytes used.
    Slice,
}

/// The contents of a block that reads `body`, which begins `start` bytes
/// into the record (a `usize` expression: after the tags), and evaluates to
/// `Result<Self, CodecError>` from a reader, `Result<(Self, usize), _>`
/// from a slice.
pub fn read_body(plan: &Plan, body: &Body, source: Source, start: TokenStream) -> TokenStream {
    let fields: Vec<(&Field, &Wire)> = body.written().collect();
    let mut steps = Vec::new();
    // Whether any piece moves the offset on. A reader does not after its
    // last piece: nothing reads the offset after it.
    let mut advances = body.framed;
    if body.framed {
        steps.push(pull_frame(plan, source));
        if let Some(flags) = &body.flags {
            steps.push(pull_flags(plan, flags, source));
        }
    }
    for (index, (field, wire)) in fields.iter().enumerate() {
        let last = index + 1 == fields.len() && (body.flags.is_none() || body.framed);
        let advance = source == Source::Slice || !last || body.framed;
        advances |= advance;
        if wire.presence.is_some() {
            let at = presence_at(field);
            steps.push(quote!(let #at = __offset;));
        }
        steps.push(pull_field(plan, field, wire, source, advance));
    }
    if let Some(flags) = &body.flags {
        if !body.framed {
            steps.push(pull_flags(plan, flags, source));
        }
        for (field, wire) in &fields {
            if let Some(mask) = wire.presence {
                steps.push(apply_presence(plan, field, wire.layouts, mask));
            }
        }
    }
    if body.framed && source == Source::Reader {
        // What a newer writer added after the fields this reader knows.
        let krate = &plan.krate;
        let context = in_field(plan, NEWER_FIELDS_PATH, quote!(__offset));
        steps.push(quote!(#krate::__private::Limited::finish(__r) #context?;));
    }

    let offset = (!steps.is_empty()).then(|| {
        let mutable = advances.then(|| quote!(mut));
        quote!(let #mutable __offset: usize = #start;)
    });
    let value = construct(body);
    let result = match source {
        Source::Reader => value,
        Source::Slice if steps.is_empty() => quote!((#value, #start)),
        // The frame's end: past any field this reader does not know.
        Source::Slice if body.framed => quote!((#value, __end)),
        Source::Slice => quote!((#value, __offset)),
    };
    quote! {
        #offset
        #(#steps)*
        ::core::result::Result::Ok(#result)
    }
}

/// The length that begins a framed body: from a slice, `__end` (where the
/// body ends) and `__bytes` cut there, so no field reads past it; from a
/// reader, `__r` limited to the body's length.
fn pull_frame(plan: &Plan, source: Source) -> TokenStream {
    let krate = &plan.krate;
    let context = in_field(plan, LENGTH_PATH, quote!(__offset));
    let be = plan.big_endian;
    match source {
        Source::Slice => quote! {
            let __end = #krate::__private::decode_frame::<#be>(__bytes, __offset) #context?;
            let __bytes = #krate::__private::frame(__bytes, __end);
            __offset += #krate::__private::FRAME;
        },
        Source::Reader => quote! {
            let __frame = #krate::__private::read_frame::<_, #be>(__r) #context?;
            __offset += #krate::__private::FRAME;
            let mut __outer = &mut *__r;
            let __r = &mut #krate::__private::Limited::new(&mut __outer, __frame);
        },
    }
}

/// `let __fieldN = ...;`, moving the offset past the field if `advance`.
/// In a layout without the field: its `Default`, or `None` for a presence
/// field.
fn pull_field(
    plan: &Plan,
    field: &Field,
    wire: &Wire,
    source: Source,
    advance: bool,
) -> TokenStream {
    if let Codec::Bits { target, slot } = &wire.codec {
        return pull_bits(plan, field, wire.layouts, target, slot, source);
    }
    let krate = &plan.krate;
    let codec = CodecCall::new(plan, field, &wire.codec);
    let var = &field.var;
    let context = in_field(plan, field.name, quote!(__offset));
    // Statements that bind `var` (none when `value` does it alone), and
    // the field's value.
    let (bind, value) = match source {
        // A `default` field the writer may have left out: the frame ends
        // before it.
        Source::Reader if wire.fallback.is_some() => {
            let read = codec.read();
            let len = codec.len(quote!(&#var));
            let fallback = fallback_value(field, wire);
            let bind = quote! {
                let #var = match #krate::__private::Limited::is_empty(__r) {
                    true => #fallback,
                    false => #read #context?,
                };
                __offset += #len;
            };
            (bind, quote!(#var))
        }
        Source::Slice if wire.fallback.is_some() => {
            let decode = codec.decode();
            let fallback = fallback_value(field, wire);
            let bind = quote! {
                let (#var, __used) = match __offset == __end {
                    true => (#fallback, 0),
                    false => #decode #context?,
                };
                __offset += __used;
            };
            (bind, quote!(#var))
        }
        Source::Reader if advance => {
            let read = codec.read();
            let len = codec.len(quote!(&#var));
            let bind = quote! {
                let #var = #read #context?;
                __offset += #len;
            };
            (bind, quote!(#var))
        }
        Source::Reader => {
            let read = codec.read();
            (TokenStream::new(), quote!(#read #context?))
        }
        Source::Slice => {
            let decode = codec.decode();
            let bind = quote! {
                let (#var, __used) = #decode #context?;
                __offset += __used;
            };
            (bind, quote!(#var))
        }
    };
    match wire.layouts {
        Layouts::Both if bind.is_empty() => quote!(let #var = #value;),
        Layouts::Both => bind,
        Layouts::DetailedOnly => {
            let (present, absent) = match wire.presence {
                Some(_) => (
                    quote!(::core::option::Option::Some(#value)),
                    quote!(::core::option::Option::None),
                ),
                None => (value, default_value(field, field.ty)),
            };
            quote! {
                let #var = if __layout == #krate::Layout::Detailed {
                    #bind
                    #present
                } else {
                    #absent
                };
            }
        }
    }
}

/// A bit field: its group read at the first field of the group (into
/// `__bitsN`, where it began in `__bitsN_at`), then each field taken from
/// its bits. In a layout without the group: 0 and `Default`.
fn pull_bits(
    plan: &Plan,
    field: &Field,
    layouts: Layouts,
    target: &syn::Type,
    slot: &BitSlot,
    source: Source,
) -> TokenStream {
    let krate = &plan.krate;
    let (group, var) = (&slot.group, &field.var);
    let group_at = format_ident!("{}_at", group);
    let detailed = layouts == Layouts::DetailedOnly;
    let read_group = slot.first.then(|| {
        let (bytes, used) = (slot.bytes, slot.used);
        let be = field.wire.as_ref().is_some_and(|wire| wire.big_endian);
        let context = in_field(plan, &slot.path, quote!(__offset));
        let pull = match source {
            Source::Slice => quote! {
                #krate::__private::decode_bits::<#be>(
                    #krate::__private::rest(__bytes, __offset), #bytes, #used,
                ) #context?
            },
            Source::Reader => quote! {
                #krate::__private::read_bits::<_, #be>(__r, #bytes, #used) #context?
            },
        };
        let read = quote! {
            let __group = #pull;
            __offset += #bytes;
            __group
        };
        let value = match detailed {
            true => quote! {
                if __layout == #krate::Layout::Detailed { #read } else { 0 }
            },
            false => quote!({ #read }),
        };
        quote! {
            let #group_at = __offset;
            let #group: u64 = #value;
        }
    });
    let (width, shift) = (slot.width, slot.shift);
    let context = in_field(plan, field.name, quote!(#group_at));
    let bit_field = quote_spanned!(field.span=> <#target as #krate::BitField>::from_bits);
    let take = quote! {
        #bit_field(#krate::__private::bits_at(#group, #width, #shift), #width)
    };
    let value = match detailed {
        true => {
            let absent = default_value(field, field.ty);
            quote!(if __layout == #krate::Layout::Detailed { #take #context? } else { #absent })
        }
        false => quote!(#take #context?),
    };
    quote! {
        #read_group
        let #var = #value;
    }
}

/// A `default` field's value when the writer left it out.
fn fallback_value(field: &Field, wire: &Wire) -> TokenStream {
    match wire.fallback {
        // Spanned at the path, where a function of the wrong type is
        // reported: "expected `u8`, found `String`".
        Some(Fallback::Path(path)) => {
            let ty = field.ty;
            quote_spanned!(path.span()=> ::core::convert::identity::<#ty>(#path()))
        }
        _ => default_value(field, field.ty),
    }
}

/// `let __flags = ...;`: the checked flags byte, or 0 in a layout without
/// it. It is the last piece, or in a framed body the first.
fn pull_flags(plan: &Plan, flags: &Flags, source: Source) -> TokenStream {
    let krate = &plan.krate;
    let mask = mask_literal(flags.mask);
    let context = in_field(plan, FLAGS_PATH, quote!(__offset));
    match (source, flags.layouts) {
        (Source::Reader, Layouts::Both) => quote! {
            let __flags = #krate::__private::read_flags(__r, #mask) #context?;
        },
        (Source::Reader, Layouts::DetailedOnly) => quote! {
            let __flags = if __layout == #krate::Layout::Detailed {
                #krate::__private::read_flags(__r, #mask) #context?
            } else {
                0
            };
        },
        (Source::Slice, layouts) => {
            let pull = quote! {
                let __flags = #krate::__private::decode_flags(
                    #krate::__private::rest(__bytes, __offset),
                    #mask,
                ) #context?;
                __offset += 1;
            };
            match layouts {
                Layouts::Both => pull,
                Layouts::DetailedOnly => quote! {
                    let __flags = if __layout == #krate::Layout::Detailed {
                        #pull
                        __flags
                    } else {
                        0
                    };
                },
            }
        }
    }
}

/// `let __fieldN = apply_presence(..)?;`: the field's `Option`, checked
/// against its bit.
fn apply_presence(plan: &Plan, field: &Field, layouts: Layouts, mask: u8) -> TokenStream {
    let krate = &plan.krate;
    let var = &field.var;
    // Read as `T` where every layout has it, as `Option<T>` otherwise.
    let value = match layouts {
        Layouts::Both => quote!(::core::option::Option::Some(#var)),
        Layouts::DetailedOnly => quote!(#var),
    };
    let mask = mask_literal(mask);
    let at = presence_at(field);
    let context = in_field(plan, field.name, quote!(#at));
    quote! {
        let #var = #krate::__private::apply_presence(#value, __flags, #mask) #context?;
    }
}

/// `Self { .. }` or `Self::Variant { .. }`, with `Default` for the skipped
/// fields.
fn construct(body: &Body) -> TokenStream {
    let ctor = &body.ctor;
    let inits = body.fields.iter().map(|field| {
        let member = field.member;
        match &field.wire {
            Some(_) => {
                let var = &field.var;
                quote!(#member: #var)
            }
            None => {
                let value = default_value(field, field.ty);
                quote!(#member: #value)
            }
        }
    });
    quote!(#ctor { #(#inits),* })
}

/// The local that remembers where a presence field began, for the error
/// that its flag and its value disagree.
fn presence_at(field: &Field) -> syn::Ident {
    format_ident!("{}_at", field.var)
}
