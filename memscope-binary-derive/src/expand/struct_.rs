//! The bodies of a struct's impls: its tag, then its fields, each written
//! once per direction by `write.rs` and `read.rs`.

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};

use super::codec::SizeOf;
use super::read::{Source, read_body};
use super::record::Parts;
use super::shared::{TAG_PATH, body_size, in_field, tag_len, tag_literal};
use super::write::{body_len, write_body};
use crate::plan::{Body, Plan, World};

pub fn parts(plan: &Plan, body: &Body) -> Parts {
    Parts {
        basic_size: size(plan, body, SizeOf::Basic),
        detailed_size: size(plan, body, SizeOf::Detailed),
        read_with: (plan.world == World::Owned).then(|| read(plan, body, Source::Reader)),
        encoded_len: body_len(plan, body, tag_len(plan).into_token_stream()),
        write_fields: write(plan, body),
        decode_fields: read(plan, body, Source::Slice),
        bit_field: None,
        schema: super::schema::expand(plan),
    }
}

/// The tag, each field written in the layout, the flags byte.
fn size(plan: &Plan, body: &Body, layout: SizeOf) -> TokenStream {
    let krate = &plan.krate;
    let start = match plan.tag {
        Some(_) => quote!(#krate::EncodedSize::exact(4)),
        None => quote!(#krate::EncodedSize::ZERO),
    };
    body_size(plan, body, layout, start)
}

fn write(plan: &Plan, body: &Body) -> TokenStream {
    let krate = &plan.krate;
    let tag = plan.tag.map(|tag| {
        let tag = tag_literal(tag);
        let context = in_field(plan, TAG_PATH, quote!(0));
        quote!(#krate::wire::write_bytes(__w, #tag) #context)
    });
    match tag {
        // A tag and nothing else: its result is the record's.
        Some(tag) if body.written().next().is_none() && !body.framed => tag,
        Some(tag) => write_body(plan, body, quote!(#tag?)),
        None => write_body(plan, body, quote!(0)),
    }
}

fn read(plan: &Plan, body: &Body, source: Source) -> TokenStream {
    let tag = plan.tag.map(|tag| {
        let krate = &plan.krate;
        let tag = tag_literal(tag);
        let context = in_field(plan, TAG_PATH, quote!(0));
        match source {
            Source::Reader => quote!(#krate::__private::read_tag(__r, *#tag) #context?;),
            Source::Slice => quote!(#krate::__private::decode_tag(__bytes, *#tag) #context?;),
        }
    });
    let body = read_body(plan, body, source, tag_len(plan).into_token_stream());
    quote! {
        #tag
        #body
    }
}
