//! The impls for a struct. Each field's code is written once per direction:
//! `write_fields` and `decode_fields` (in the runtime's `Fields` trait),
//! `read_with` and `encoded_len`. The fast paths of `write_with` and
//! `decode_slice` (a stack buffer, one length check up front) live in
//! `memscope_binary::__private`, written once for every derived type.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use super::codec::{CodecCall, SizeOf, default_value};
use super::{FLAGS_PATH, TAG_PATH, in_layouts, tag_literal};
use crate::plan::{Field, Layouts, Plan, Struct, Wire};

pub fn expand(plan: &Plan, s: &Struct, generics: &syn::Generics) -> TokenStream {
    let krate = &plan.krate;
    let ident = plan.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let basic_size = size(plan, s, SizeOf::Basic);
    let detailed_size = size(plan, s, SizeOf::Detailed);
    let (basic_buffer, detailed_buffer) = stack_buffers(plan);
    let read = read_body(plan, s);
    let encoded_len = encoded_len_body(plan, s);
    let write_fields = write_fields_body(plan, s);
    let decode_fields = decode_fields_body(plan, s);
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::BinaryRecord for #ident #ty_generics #where_clause {
            const BASIC_SIZE: #krate::EncodedSize = #basic_size;
            const DETAILED_SIZE: #krate::EncodedSize = #detailed_size;

            #[inline]
            fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                #krate::__private::write_record::<Self, __W, #basic_buffer, #detailed_buffer>(
                    self, __w, __layout,
                )
            }

            #[inline]
            fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
                __r: &mut __R,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<Self, #krate::CodecError> {
                #read
            }

            #[inline]
            fn decode_slice(
                __bytes: &[u8],
                __layout: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                #krate::__private::decode_record(__bytes, __layout)
            }

            #[inline]
            fn encoded_len(&self, __layout: #krate::Layout) -> usize {
                #encoded_len
            }
        }

        #[automatically_derived]
        impl #impl_generics #krate::__private::Fields for #ident #ty_generics #where_clause {
            #[inline(always)]
            fn write_fields<__W: ::std::io::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: #krate::Layout,
            ) -> ::core::result::Result<usize, #krate::CodecError> {
                #write_fields
            }

            #[inline(always)]
            fn decode_fields(
                __bytes: &[u8],
                __layout: #krate::Layout,
            ) -> ::core::result::Result<(Self, usize), #krate::CodecError> {
                #decode_fields
            }
        }
    }
}

/// The fields that are written, with how.
fn written<'a>(s: &'a Struct) -> impl Iterator<Item = (&'a Field<'a>, &'a Wire<'a>)> {
    s.fields
        .iter()
        .filter_map(|field| Some((field, field.wire.as_ref()?)))
}

/// `BASIC_SIZE` or `DETAILED_SIZE`: the tag, each field written in the
/// layout, the flags byte.
fn size(plan: &Plan, s: &Struct, layout: SizeOf) -> TokenStream {
    let krate = &plan.krate;
    let in_layout = |layouts: Layouts| match layout {
        SizeOf::Basic => layouts == Layouts::Both,
        SizeOf::Detailed => true,
    };
    let start = match plan.tag {
        Some(_) => quote!(#krate::EncodedSize::exact(4)),
        None => quote!(#krate::EncodedSize::ZERO),
    };
    let fields = written(s)
        .filter(|(_, wire)| in_layout(wire.layouts))
        .map(|(field, wire)| CodecCall::new(plan, field, &wire.codec).size(layout));
    let flags = s
        .flags
        .as_ref()
        .filter(|flags| in_layout(flags.layouts))
        .map(|_| quote!(.then(#krate::EncodedSize::exact(1))));
    quote!(#start #(.then(#fields))* #flags)
}

/// The const arguments of `write_record`: the stack buffer for each layout.
/// A concrete type names its exact sizes; a generic one cannot (a const
/// argument may not depend on type parameters), so it gets the largest.
fn stack_buffers(plan: &Plan) -> (TokenStream, TokenStream) {
    let krate = &plan.krate;
    if plan.generics.params.is_empty() {
        let ident = plan.ident;
        let buffer = |size: TokenStream| quote!({ #krate::__private::stack_len(<#ident as #krate::BinaryRecord>::#size) });
        (buffer(quote!(BASIC_SIZE)), buffer(quote!(DETAILED_SIZE)))
    } else {
        let buffer = quote!({ #krate::__private::STACK_RECORD });
        (buffer.clone(), buffer)
    }
}

/// `.map_err(..)?`: places an error of the piece `path` that begins at `at`.
fn in_field(plan: &Plan, path: &str, at: TokenStream) -> TokenStream {
    let type_name = &plan.type_name;
    quote!(.map_err(|__e| __e.in_field(#type_name, #path, #at))?)
}

/// The number of bytes before the first field.
fn tag_len(plan: &Plan) -> proc_macro2::Literal {
    proc_macro2::Literal::usize_unsuffixed(if plan.tag.is_some() { 4 } else { 0 })
}

/// A presence mask as the binary literal it stands for: `0b0000_0010`.
fn mask_literal(mask: u8) -> syn::LitInt {
    syn::LitInt::new(
        &format!("0b{:04b}_{:04b}", mask >> 4, mask & 0xf),
        Span::call_site(),
    )
}

/// The local that remembers where a presence field began, for the error
/// that its flag and its value disagree.
fn presence_at(field: &Field) -> syn::Ident {
    format_ident!("{}_at", field.var)
}

fn write_fields_body(plan: &Plan, s: &Struct) -> TokenStream {
    let krate = &plan.krate;
    let mut steps = Vec::new();
    for (field, wire) in written(s) {
        let codec = CodecCall::new(plan, field, &wire.codec);
        let member = field.member;
        let context = in_field(plan, field.name, quote!(__written));
        let step = match wire.presence {
            None => {
                let write = codec.write(quote!(&self.#member));
                quote!(__written += #write #context;)
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
                    __written += #write #context;
                }
            }
        };
        steps.push((wire.layouts, step));
    }
    let flags_init = s.flags.as_ref().map(|flags| {
        let context = in_field(plan, FLAGS_PATH, quote!(__written));
        let write = quote!(__written += #krate::wire::write_bytes(__w, &[__flags]) #context;);
        steps.push((flags.layouts, write));
        quote!(let mut __flags: u8 = 0;)
    });
    let tag = plan.tag.map(|tag| {
        let tag = tag_literal(tag);
        let type_name = &plan.type_name;
        quote!(#krate::wire::write_bytes(__w, #tag).map_err(|__e| __e.in_field(#type_name, #TAG_PATH, 0)))
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

fn encoded_len_body(plan: &Plan, s: &Struct) -> TokenStream {
    let mut steps = Vec::new();
    for (field, wire) in written(s) {
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

/// The two decoders, `read_with` from a `Read` and `decode_fields` from a
/// slice, differ only in how one piece is pulled from the input and how
/// far the offset moves.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Reader,
    Slice,
}

fn read_body(plan: &Plan, s: &Struct) -> TokenStream {
    decode(plan, s, Source::Reader)
}

fn decode_fields_body(plan: &Plan, s: &Struct) -> TokenStream {
    decode(plan, s, Source::Slice)
}

fn decode(plan: &Plan, s: &Struct, source: Source) -> TokenStream {
    let krate = &plan.krate;
    let fields: Vec<(&Field, &Wire)> = written(s).collect();
    let mut steps = Vec::new();
    let mut presence = Vec::new();
    // A reader needs the offset only for the errors of the pieces after
    // the first; a slice decoder also returns it.
    let mut advances = false;
    for (index, (field, wire)) in fields.iter().enumerate() {
        let last = index + 1 == fields.len() && s.flags.is_none();
        let advance = source == Source::Slice || !last;
        advances |= advance;
        let codec = CodecCall::new(plan, field, &wire.codec);
        let var = &field.var;
        let context = in_field(plan, field.name, quote!(__offset));
        // Statements that bind `var` (none when `value` does it alone),
        // and the field's value.
        let (bind, value) = match source {
            Source::Reader if advance => {
                let read = codec.read();
                let len = codec.len(quote!(&#var));
                (
                    quote! {
                        let #var = #read #context;
                        __offset += #len;
                    },
                    quote!(#var),
                )
            }
            Source::Reader => {
                let read = codec.read();
                (TokenStream::new(), quote!(#read #context))
            }
            Source::Slice => {
                let decode = codec.decode();
                (
                    quote! {
                        let (#var, __used) = #decode #context;
                        __offset += __used;
                    },
                    quote!(#var),
                )
            }
        };
        if let Some(mask) = wire.presence {
            let at = presence_at(field);
            steps.push(quote!(let #at = __offset;));
            presence.push((*field, wire.layouts, mask));
        }
        steps.push(match wire.layouts {
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
        });
    }
    if let Some(flags) = &s.flags {
        let mask = mask_literal(flags.mask);
        let context = in_field(plan, FLAGS_PATH, quote!(__offset));
        // Statements that bind `__flags`, and its value when the layout
        // has no flags byte.
        let (pull, value) = match source {
            Source::Reader => (
                TokenStream::new(),
                quote!(#krate::__private::read_flags(__r, #mask) #context),
            ),
            Source::Slice => (
                quote! {
                    let __flags = #krate::__private::decode_flags(
                        #krate::__private::rest(__bytes, __offset),
                        #mask,
                    ) #context;
                    __offset += 1;
                },
                quote!(__flags),
            ),
        };
        steps.push(match flags.layouts {
            Layouts::Both if source == Source::Slice => pull,
            Layouts::Both => quote!(let __flags = #value;),
            Layouts::DetailedOnly => quote! {
                let __flags = if __layout == #krate::Layout::Detailed {
                    #pull
                    #value
                } else {
                    0
                };
            },
        });
        for (field, layouts, mask) in presence {
            let var = &field.var;
            let value = match layouts {
                Layouts::Both => quote!(::core::option::Option::Some(#var)),
                Layouts::DetailedOnly => quote!(#var),
            };
            let mask = mask_literal(mask);
            let at = presence_at(field);
            let context = in_field(plan, field.name, quote!(#at));
            steps.push(quote! {
                let #var = #krate::__private::apply_presence(#value, __flags, #mask) #context;
            });
        }
    }

    let tag = plan.tag.map(|tag| {
        let tag = tag_literal(tag);
        let context = in_field(plan, TAG_PATH, quote!(0));
        match source {
            Source::Reader => quote!(#krate::__private::read_tag(__r, *#tag) #context;),
            Source::Slice => quote!(#krate::__private::decode_tag(__bytes, *#tag) #context;),
        }
    });
    let inits = s.fields.iter().map(|field| {
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
    let value = quote!(Self { #(#inits),* });
    let start = tag_len(plan);
    let offset = (!steps.is_empty()).then(|| {
        let mutable = advances.then(|| quote!(mut));
        quote!(let #mutable __offset: usize = #start;)
    });
    let result = match source {
        Source::Reader => quote!(#value),
        Source::Slice if steps.is_empty() => quote!((#value, #start)),
        Source::Slice => quote!((#value, __offset)),
    };
    quote! {
        #tag
        #offset
        #(#steps)*
        ::core::result::Result::Ok(#result)
    }
}
