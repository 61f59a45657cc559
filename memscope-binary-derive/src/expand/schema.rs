//! `BinaryRecord::schema`: the type's pieces in wire order, in the layout
//! asked for, built at run time by `__private::SchemaBuilder` from the same
//! plan as the codec, with each field's type as written and its size from
//! the same constants the codec's `BASIC_SIZE` is made of.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::codec::{CodecCall, SizeOf};
use super::shared::{FLAGS_PATH, LENGTH_PATH, tag_len};
use crate::plan::{Body, Codec, Enum, Layouts, Plan, Shape, Unknown};

/// The body of `schema(__layout)`.
pub fn expand(plan: &Plan) -> TokenStream {
    let krate = &plan.krate;
    let name = &plan.type_name;
    let tag = match plan.tag {
        Some(tag) => {
            let tag = proc_macro2::Literal::byte_string(&tag);
            quote!(::core::option::Option::Some(*#tag))
        }
        None => quote!(::core::option::Option::None),
    };
    let start = tag_len(plan);
    let pieces = match &plan.shape {
        Shape::Struct(body) => body_pieces(plan, body, &quote!(__schema)),
        Shape::Enum(e) => enum_pieces(plan, e),
    };
    quote! {
        let mut __schema = #krate::__private::SchemaBuilder::new(#start);
        #pieces
        __schema.finish(
            #name,
            #tag,
            <Self as #krate::BinaryRecord>::encoded_size(__layout),
        )
    }
}

/// The discriminant, then each variant's pieces, each from where the
/// discriminant ends.
fn enum_pieces(plan: &Plan, e: &Enum) -> TokenStream {
    let krate = &plan.krate;
    let repr = e.repr;
    let repr_name = repr.to_string();
    let variants = e.variants.iter().map(|variant| {
        let pieces = match &variant.unknown {
            Some(Unknown::Framed { bytes, .. }) => {
                let length = format!("{}.{LENGTH_PATH}", variant.ident);
                let body = format!("{}.{}", variant.ident, member_name(bytes));
                quote! {
                    __variant.piece(#length, "u32", #krate::EncodedSize::exact(#krate::__private::FRAME));
                    __variant.piece(#body, "[u8]", #krate::EncodedSize::UNKNOWN);
                }
            }
            // The tag it keeps is the discriminant.
            Some(Unknown::Bare { .. }) => TokenStream::new(),
            None => body_pieces(plan, &variant.body, &quote!(__variant)),
        };
        quote! {
            {
                let mut __variant = __schema.variant();
                #pieces
                __schema.extend(__variant);
            }
        }
    });
    quote! {
        __schema.piece(
            "(discriminant)",
            #repr_name,
            <#repr as #krate::BinaryRecord>::encoded_size(__layout),
        );
        #(#variants)*
    }
}

/// A body's pieces: its length when framed, its flags byte where it is,
/// its fields in wire order.
fn body_pieces(plan: &Plan, body: &Body, builder: &TokenStream) -> TokenStream {
    let krate = &plan.krate;
    let in_layout = |layouts: Layouts, piece: TokenStream| match layouts {
        Layouts::Both => piece,
        Layouts::DetailedOnly => quote! {
            if __layout == #krate::Layout::Detailed {
                #piece
            }
        },
    };
    let variant = body_variant_prefix(body);
    let mut pieces = Vec::new();
    let flags = body.flags.as_ref().map(|flags| {
        let name = format!("{variant}{FLAGS_PATH}");
        in_layouts_piece(
            &in_layout,
            flags.layouts,
            quote!(#builder.piece(#name, "u8", #krate::EncodedSize::exact(1));),
        )
    });
    if body.framed {
        let name = format!("{variant}{LENGTH_PATH}");
        pieces.push(quote! {
            #builder.piece(#name, "u32", #krate::EncodedSize::exact(#krate::__private::FRAME));
        });
        pieces.extend(flags.clone());
    }
    for (field, wire) in body.written() {
        let name = &field.name;
        let ty = type_name(field.ty);
        let piece = match &wire.codec {
            Codec::Bits { slot, .. } => {
                let (bytes, width, shift, last) = (slot.bytes, slot.width, slot.shift, slot.last);
                quote!(#builder.bits(#name, #ty, #bytes, (#width, #shift), #last);)
            }
            codec => {
                let call = CodecCall::new(plan, field, codec);
                let (basic, detailed) = (call.size(SizeOf::Basic), call.size(SizeOf::Detailed));
                quote! {
                    #builder.piece(
                        #name,
                        #ty,
                        #krate::__private::by_layout(__layout, #basic, #detailed),
                    );
                }
            }
        };
        pieces.push(in_layout(wire.layouts, piece));
    }
    if !body.framed {
        pieces.extend(flags);
    }
    quote!(#(#pieces)*)
}

fn in_layouts_piece(
    in_layout: &impl Fn(Layouts, TokenStream) -> TokenStream,
    layouts: Layouts,
    piece: TokenStream,
) -> TokenStream {
    in_layout(layouts, piece)
}

/// `Alloc.` for a variant's body (its fields' names carry it), else empty:
/// the prefix of a body's pieces that are not fields.
fn body_variant_prefix(body: &Body) -> String {
    match body.ctor.segments.len() {
        2 => format!("{}.", body.ctor.segments[1].ident),
        _ => String::new(),
    }
}

/// A type as written, without the spaces a token stream puts between
/// tokens: `Option<&'a str>`, `[u8; 4]`, `(u8, u16)`.
pub fn type_name(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let glue_before = matches!(before, Some('<' | '&' | '(' | '[' | ':' | '\''));
            let glue_after = matches!(after, Some('<' | '>' | ',' | ';' | ')' | ']' | ':'));
            if glue_before || glue_after {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn member_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}
