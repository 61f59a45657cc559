//! Code generation from the validated model, and nothing else.
//!
//! Generated code names everything by absolute path (`::std::io::Write`,
//! `::memscope_binary::BinaryRecord`), so it works wherever the derive is
//! used, including inside `memscope-binary` itself (which declares
//! `extern crate self as memscope_binary`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::ast::{Enum, Field, Input, Struct};
use crate::attr::LenWidth;
use crate::bound;
use crate::valid::option_inner;

/// The generated `impl BinaryRecord`.
pub fn expand(input: &Input) -> TokenStream {
    match input {
        Input::Struct(s) => expand_struct(s),
        Input::Enum(e) => expand_enum(e),
    }
}

/// Which layout a piece of generated code is for.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Basic,
    Detailed,
}

/// How one field is encoded: by its own `BinaryRecord` impl, as a
/// length-prefixed sequence of a chosen width, or by a custom codec. The
/// *target* is the type the codec sees: the field's type, or `T` for an
/// `Option<T>` field with a presence bit.
pub enum FieldCodec<'a> {
    Record {
        target: &'a syn::Type,
    },
    Prefixed {
        target: &'a syn::Type,
        width: LenWidth,
    },
    With {
        target: &'a syn::Type,
        codec: &'a syn::Type,
    },
}

impl<'a> FieldCodec<'a> {
    pub fn of(field: &'a Field<'_>) -> Self {
        let target = match field.attrs.presence_bit {
            Some(_) => option_inner(field.ty).unwrap_or(field.ty),
            None => field.ty,
        };
        if let Some(codec) = &field.attrs.with {
            return FieldCodec::With { target, codec };
        }
        match &field.attrs.len {
            Some(width) => FieldCodec::Prefixed {
                target,
                width: width.value,
            },
            None => FieldCodec::Record { target },
        }
    }

    pub fn target(&self) -> &'a syn::Type {
        match self {
            FieldCodec::Record { target }
            | FieldCodec::Prefixed { target, .. }
            | FieldCodec::With { target, .. } => target,
        }
    }

    /// `Result<usize, CodecError>`: writes `value` (a `&Target`) to `__w`.
    fn write(&self, value: &TokenStream, span: Span) -> TokenStream {
        match self {
            FieldCodec::Record { target } => quote_spanned! {span=>
                <#target as ::memscope_binary::BinaryRecord>::write_with(#value, __w, __layout)
            },
            FieldCodec::Prefixed { target, width } => {
                let width = width_tokens(*width);
                quote_spanned! {span=>
                    <#target as ::memscope_binary::LengthPrefixed>::write_prefixed(#value, __w, #width, __layout)
                }
            }
            FieldCodec::With { target, codec } => quote_spanned! {span=>
                <#codec as ::memscope_binary::FieldCodec<#target>>::write_with(#value, __w, __layout)
            },
        }
    }

    /// `Result<Target, CodecError>`: reads from `__r`.
    fn read(&self, span: Span) -> TokenStream {
        match self {
            FieldCodec::Record { target } => quote_spanned! {span=>
                <#target as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
            },
            FieldCodec::Prefixed { target, width } => {
                let width = width_tokens(*width);
                quote_spanned! {span=>
                    <#target as ::memscope_binary::LengthPrefixed>::read_prefixed(__r, #width, __layout)
                }
            }
            FieldCodec::With { target, codec } => quote_spanned! {span=>
                <#codec as ::memscope_binary::FieldCodec<#target>>::read_with(__r, __layout)
            },
        }
    }

    /// `Result<(Target, usize), CodecError>`: decodes from `bytes`.
    fn decode(&self, bytes: &TokenStream, span: Span) -> TokenStream {
        match self {
            FieldCodec::Record { target } => quote_spanned! {span=>
                <#target as ::memscope_binary::BinaryRecord>::decode_slice(#bytes, __layout)
            },
            FieldCodec::Prefixed { target, width } => {
                let width = width_tokens(*width);
                quote_spanned! {span=>
                    <#target as ::memscope_binary::LengthPrefixed>::decode_prefixed(#bytes, #width, __layout)
                }
            }
            FieldCodec::With { target, codec } => quote_spanned! {span=>
                <#codec as ::memscope_binary::FieldCodec<#target>>::decode_slice(#bytes, __layout)
            },
        }
    }

    /// `usize`: the encoded length of `value` (a `&Target`).
    fn len(&self, value: &TokenStream, span: Span) -> TokenStream {
        match self {
            FieldCodec::Record { target } => quote_spanned! {span=>
                <#target as ::memscope_binary::BinaryRecord>::encoded_len(#value, __layout)
            },
            FieldCodec::Prefixed { target, width } => {
                let width = width_tokens(*width);
                quote_spanned! {span=>
                    <#target as ::memscope_binary::LengthPrefixed>::prefixed_len(#value, #width, __layout)
                }
            }
            FieldCodec::With { target, codec } => quote_spanned! {span=>
                <#codec as ::memscope_binary::FieldCodec<#target>>::encoded_len(#value, __layout)
            },
        }
    }

    /// A const `EncodedSize` for one layout.
    fn size(&self, mode: Mode, span: Span) -> TokenStream {
        match self {
            FieldCodec::Record { target } => {
                let name = size_const(mode);
                quote_spanned! {span=> <#target as ::memscope_binary::BinaryRecord>::#name }
            }
            FieldCodec::Prefixed { target, width } => {
                let width = width_tokens(*width);
                let element = match mode {
                    Mode::Basic => quote!(BASIC_ELEMENT),
                    Mode::Detailed => quote!(DETAILED_ELEMENT),
                };
                quote_spanned! {span=>
                    ::memscope_binary::EncodedSize::length_prefixed(
                        #width,
                        <#target as ::memscope_binary::LengthPrefixed>::#element,
                    )
                }
            }
            FieldCodec::With { target, codec } => {
                let name = size_const(mode);
                quote_spanned! {span=> <#codec as ::memscope_binary::FieldCodec<#target>>::#name }
            }
        }
    }
}

fn size_const(mode: Mode) -> TokenStream {
    match mode {
        Mode::Basic => quote!(BASIC_SIZE),
        Mode::Detailed => quote!(DETAILED_SIZE),
    }
}

fn width_tokens(width: LenWidth) -> TokenStream {
    match width {
        LenWidth::U8 => quote!(::memscope_binary::LenWidth::U8),
        LenWidth::U16 => quote!(::memscope_binary::LenWidth::U16),
        LenWidth::U32 => quote!(::memscope_binary::LenWidth::U32),
    }
}

/// A boolean expression, true in the layouts where a piece is written.
fn written_in(in_basic: bool, in_detailed: bool) -> TokenStream {
    match (in_basic, in_detailed) {
        (true, true) => quote!(true),
        (false, true) => quote!(__layout == ::memscope_binary::Layout::Detailed),
        (true, false) => quote!(__layout == ::memscope_binary::Layout::Basic),
        (false, false) => quote!(false),
    }
}

/// Path names of the pieces that are not fields.
const TAG_PATH: &str = "(tag)";
const FLAGS_PATH: &str = "(presence flags)";

fn expand_struct(s: &Struct) -> TokenStream {
    let ident = &s.original.ident;
    let type_name = ident.to_string();
    let generics = bound::with_field_bounds(s);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let fields: Vec<(&Field, FieldCodec)> = s
        .fields
        .iter()
        .filter(|f| f.attrs.skip.is_none())
        .map(|f| (f, FieldCodec::of(f)))
        .collect();
    let presence: Vec<&Field> = fields
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| f.attrs.presence_bit.is_some())
        .collect();
    let flags_mask: u8 = presence
        .iter()
        .filter_map(|f| f.attrs.presence_bit.as_ref())
        .fold(0, |mask, bit| mask | (1 << bit.value));
    // Validation made every presence field share one layout.
    let flags_written = presence
        .first()
        .map(|f| written_in(f.in_basic(), f.in_detailed()));

    let tag = s.attrs.tag.as_ref().map(|tag| {
        let bytes = tag.value;
        quote!([#(#bytes),*])
    });

    let size = |mode: Mode| {
        let tag = tag
            .as_ref()
            .map(|_| quote!(.then(::memscope_binary::EncodedSize::exact(4))));
        let parts = fields.iter().filter_map(|(f, codec)| {
            let written = match mode {
                Mode::Basic => f.in_basic(),
                Mode::Detailed => f.in_detailed(),
            };
            written.then(|| {
                let size = codec.size(mode, f.ty_span());
                quote!(.then(#size))
            })
        });
        let flags = presence.first().and_then(|f| {
            let written = match mode {
                Mode::Basic => f.in_basic(),
                Mode::Detailed => f.in_detailed(),
            };
            written.then(|| quote!(.then(::memscope_binary::EncodedSize::exact(1))))
        });
        quote!(::memscope_binary::EncodedSize::ZERO #tag #(#parts)* #flags)
    };
    let basic_size = size(Mode::Basic);
    let detailed_size = size(Mode::Detailed);

    let write = expand_struct_write(s, &type_name, &fields, tag.as_ref(), flags_written.as_ref());
    let read = expand_struct_read(
        s,
        &type_name,
        tag.as_ref(),
        flags_mask,
        flags_written.as_ref(),
    );
    let decode = expand_struct_decode(
        s,
        &type_name,
        tag.as_ref(),
        flags_mask,
        flags_written.as_ref(),
    );
    let len = expand_struct_len(&fields, tag.is_some(), flags_written.as_ref());
    let size_check = s
        .attrs
        .size
        .as_ref()
        .map(|size| size_assertion(ident, &type_name, size));

    quote! {
        #[automatically_derived]
        impl #impl_generics ::memscope_binary::BinaryRecord for #ident #ty_generics #where_clause {
            const BASIC_SIZE: ::memscope_binary::EncodedSize = #basic_size;
            const DETAILED_SIZE: ::memscope_binary::EncodedSize = #detailed_size;
            #write
            #read
            #decode
            #len
        }
        #size_check
    }
}

/// `{ let __at = __written; __written += <expr>.map_err(..)?; }`
fn write_step(type_name: &str, path: &str, expr: TokenStream) -> TokenStream {
    quote! {
        let __at = __written;
        __written += #expr.map_err(|e| e.in_field(#type_name, #path, __at))?;
    }
}

fn expand_struct_write(
    s: &Struct,
    type_name: &str,
    fields: &[(&Field, FieldCodec)],
    tag: Option<&TokenStream>,
    flags_written: Option<&TokenStream>,
) -> TokenStream {
    let tag = tag.map(|tag| {
        write_step(
            type_name,
            TAG_PATH,
            quote!(::memscope_binary::wire::write_bytes(__w, &#tag)),
        )
    });
    let has_flags = flags_written.is_some();
    let steps = fields.iter().map(|(field, codec)| {
        let member = &field.member;
        let span = field.ty_span();
        let step = match &field.attrs.presence_bit {
            None => write_step(
                type_name,
                &field.name,
                codec.write(&quote!(&self.#member), span),
            ),
            Some(bit) => {
                let mask = 1u8 << bit.value;
                let target = codec.target();
                let write = write_step(type_name, &field.name, codec.write(&quote!(__value), span));
                // An absent value is written as the empty value (a name of
                // length 0) with its presence bit clear.
                quote_spanned! {span=>
                    let __empty: #target;
                    let __value: &#target = match &self.#member {
                        ::core::option::Option::Some(__value) => {
                            __flags |= #mask;
                            __value
                        }
                        ::core::option::Option::None => {
                            __empty = <#target as ::core::default::Default>::default();
                            &__empty
                        }
                    };
                    #write
                }
            }
        };
        let written = written_in(field.in_basic(), field.in_detailed());
        quote!(if #written { #step })
    });
    let flags_init = has_flags.then(|| quote!(let mut __flags: u8 = 0;));
    let flags = flags_written.map(|written| {
        let step = write_step(
            type_name,
            FLAGS_PATH,
            quote!(::memscope_binary::wire::write_bytes(__w, &[__flags])),
        );
        quote!(if #written { #step })
    });
    let body = quote! {
        let mut __written: usize = 0;
        #flags_init
        #tag
        #(#steps)*
        #flags
    };
    // A record of known small size is assembled on the stack and handed to
    // the writer in one `write_all`: one capacity check in a `BufWriter`
    // instead of one per field. A concrete type gets a buffer of exactly its
    // size (so nothing is zeroed in vain); a generic one, the largest. The
    // conditions are constant per layout: the optimiser keeps one path.
    let fast_path = |buffer: TokenStream, condition: TokenStream| {
        quote! {
            if #condition {
                let mut __record = ::memscope_binary::__private::StackRecord::<{ #buffer }>::new();
                {
                    let __w = &mut __record;
                    #body
                }
                return ::memscope_binary::wire::write_bytes(__w, __record.as_slice());
            }
        }
    };
    let fast = if s.original.generics.params.is_empty() {
        let ident = &s.original.ident;
        let basic = quote!(::memscope_binary::__private::stack_len(
            <#ident as ::memscope_binary::BinaryRecord>::BASIC_SIZE
        ));
        let detailed = quote!(::memscope_binary::__private::stack_len(
            <#ident as ::memscope_binary::BinaryRecord>::DETAILED_SIZE
        ));
        let basic_path = fast_path(
            basic.clone(),
            quote!(__layout == ::memscope_binary::Layout::Basic && #basic > 0),
        );
        let detailed_path = fast_path(
            detailed.clone(),
            quote!(__layout == ::memscope_binary::Layout::Detailed && #detailed > 0),
        );
        quote!(#basic_path #detailed_path)
    } else {
        fast_path(
            quote!(::memscope_binary::__private::STACK_RECORD),
            quote!(
                ::memscope_binary::__private::stack_len(
                    <Self as ::memscope_binary::BinaryRecord>::encoded_size(__layout)
                ) > 0
            ),
        )
    };
    quote! {
        #[inline]
        #[allow(unused_mut, unused_variables)]
        fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
            &self,
            __w: &mut __W,
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
            #fast
            #body
            ::core::result::Result::Ok(__written)
        }
    }
}

/// The local variable that holds field `index` while it is decoded.
fn field_var(index: usize) -> syn::Ident {
    format_ident!("__field{}", index)
}

/// The shared shape of the `Read` and slice decoders: they differ only in
/// how one piece is pulled from the input.
struct DecodeSteps {
    /// Statements that bind every field (presence fields as `Option<Target>`
    /// before the flags are applied) and the flags byte.
    bind: TokenStream,
    /// The struct expression, `Self { .. }`.
    construct: TokenStream,
    /// The field initialisers alone, for a caller that must name the type.
    inits: TokenStream,
}

/// `pull(codec, span)` produces an expression of type
/// `Result<(Target, usize), CodecError>` for one field; `pull_raw(n)` one of
/// type `Result<([u8; n], usize), CodecError>` for the tag and flags bytes.
fn decode_steps(
    s: &Struct,
    type_name: &str,
    tag: Option<&TokenStream>,
    flags_mask: u8,
    flags_written: Option<&TokenStream>,
    pull: &dyn Fn(&FieldCodec, Span) -> TokenStream,
    pull_raw: &dyn Fn(usize) -> TokenStream,
) -> DecodeSteps {
    let mut bind = TokenStream::new();
    if let Some(tag) = tag {
        let pull = pull_raw(4);
        bind.extend(quote! {
            {
                let (__found, __used) = #pull.map_err(|e| e.in_field(#type_name, #TAG_PATH, 0))?;
                ::memscope_binary::__private::check_tag(__found, #tag)
                    .map_err(|e| e.in_field(#type_name, #TAG_PATH, 0))?;
                __offset += __used;
            }
        });
    }
    let mut presence = Vec::new();
    for (index, field) in s.fields.iter().enumerate() {
        let var = field_var(index);
        let ty = field.ty;
        let span = field.ty_span();
        if field.attrs.skip.is_some() {
            bind.extend(quote_spanned! {span=>
                let #var: #ty = ::core::default::Default::default();
            });
            continue;
        }
        let codec = FieldCodec::of(field);
        let name = &field.name;
        let pull = pull(&codec, span);
        let decoded = quote! {{
            let __at = __offset;
            let (__value, __used) = #pull.map_err(|e| e.in_field(#type_name, #name, __at))?;
            __offset += __used;
            __value
        }};
        let written = written_in(field.in_basic(), field.in_detailed());
        match &field.attrs.presence_bit {
            // Only a field missing from some layout needs `Default`.
            None if field.in_basic() => bind.extend(quote_spanned! {span=>
                let #var: #ty = #decoded;
            }),
            None => bind.extend(quote_spanned! {span=>
                let #var: #ty = if #written { #decoded } else { ::core::default::Default::default() };
            }),
            Some(bit) => {
                let at = format_ident!("__field{}_at", index);
                let target = codec.target();
                bind.extend(quote_spanned! {span=>
                    let #at = __offset;
                    let #var: ::core::option::Option<#target> =
                        if #written { ::core::option::Option::Some(#decoded) } else { ::core::option::Option::None };
                });
                presence.push((var, at, name, 1u8 << bit.value));
            }
        }
    }
    if let Some(written) = flags_written {
        let pull = pull_raw(1);
        bind.extend(quote! {
            let __flags: u8 = if #written {
                let __at = __offset;
                let (__found, __used) = #pull.map_err(|e| e.in_field(#type_name, #FLAGS_PATH, __at))?;
                __offset += __used;
                ::memscope_binary::__private::check_presence_flags(__found[0], #flags_mask)
                    .map_err(|e| e.in_field(#type_name, #FLAGS_PATH, __at))?
            } else {
                0
            };
        });
        for (var, at, name, mask) in presence {
            bind.extend(quote! {
                let #var = ::memscope_binary::__private::apply_presence(#var, __flags, #mask)
                    .map_err(|e| e.in_field(#type_name, #name, #at))?;
            });
        }
    }
    let inits = s.fields.iter().enumerate().map(|(index, field)| {
        let member = &field.member;
        let var = field_var(index);
        quote!(#member: #var)
    });
    let inits = quote!(#(#inits),*);
    DecodeSteps {
        bind,
        construct: quote!(Self { #inits }),
        inits,
    }
}

fn expand_struct_read(
    s: &Struct,
    type_name: &str,
    tag: Option<&TokenStream>,
    flags_mask: u8,
    flags_written: Option<&TokenStream>,
) -> TokenStream {
    let pull = |codec: &FieldCodec, span: Span| {
        let read = codec.read(span);
        let len = codec.len(&quote!(&__value), span);
        quote_spanned! {span=>
            #read.map(|__value| { let __used = #len; (__value, __used) })
        }
    };
    let pull_raw = |n: usize| quote!(::memscope_binary::wire::read_array::<#n, __R>(__r).map(|__bytes| (__bytes, #n)));
    let DecodeSteps {
        bind, construct, ..
    } = decode_steps(
        s,
        type_name,
        tag,
        flags_mask,
        flags_written,
        &pull,
        &pull_raw,
    );
    quote! {
        #[inline]
        #[allow(unused_mut, unused_variables, unused_assignments)]
        fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
            __r: &mut __R,
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
            let mut __offset: usize = 0;
            #bind
            ::core::result::Result::Ok(#construct)
        }
    }
}

fn expand_struct_decode(
    s: &Struct,
    type_name: &str,
    tag: Option<&TokenStream>,
    flags_mask: u8,
    flags_written: Option<&TokenStream>,
) -> TokenStream {
    let rest = quote!(::memscope_binary::__private::rest(__bytes, __offset));
    let pull = |codec: &FieldCodec, span: Span| codec.decode(&rest, span);
    let pull_raw = |n: usize| quote!(::memscope_binary::wire::take_array::<#n>(#rest).map(|__bytes| (__bytes, #n)));
    let DecodeSteps {
        bind,
        construct,
        inits,
    } = decode_steps(
        s,
        type_name,
        tag,
        flags_mask,
        flags_written,
        &pull,
        &pull_raw,
    );
    // When every value has the same size in a layout and the input holds
    // it, one check up front lets the optimiser drop the per-field ones,
    // and rebinding the layout as a constant drops the other layout's
    // fields: what is left is small enough to inline into a reader's loop.
    let fast_path = |layout: TokenStream, size: TokenStream| {
        quote! {
            if __layout == ::memscope_binary::Layout::#layout
                && let ::core::option::Option::Some(__n) =
                    <Self as ::memscope_binary::BinaryRecord>::#size.exact_len()
                && let ::core::option::Option::Some(__bytes) = __bytes.get(..__n)
            {
                let __layout = ::memscope_binary::Layout::#layout;
                let mut __offset: usize = 0;
                #bind
                return ::core::result::Result::Ok((#construct, __offset));
            }
        }
    };
    let fast_basic = fast_path(quote!(Basic), quote!(BASIC_SIZE));
    let fast_detailed = fast_path(quote!(Detailed), quote!(DETAILED_SIZE));
    // The field-by-field path finds and reports exactly what is missing. For
    // a concrete type it lives out of line, so it does not weigh on the
    // inlined fast paths; a nested function cannot name generics or `Self`,
    // so generic types and those naming `Self` in a field keep it inline.
    let ident = &s.original.ident;
    let names_self = s
        .fields
        .iter()
        .any(|f| mentions_self(quote::ToTokens::to_token_stream(f.ty)));
    let general = if s.original.generics.params.is_empty() && !names_self {
        quote! {
            #[inline(never)]
            #[allow(unused_mut, unused_variables, unused_assignments)]
            fn __decode_general(
                __bytes: &[u8],
                __layout: ::memscope_binary::Layout,
            ) -> ::core::result::Result<(#ident, usize), ::memscope_binary::CodecError> {
                let mut __offset: usize = 0;
                #bind
                ::core::result::Result::Ok((#ident { #inits }, __offset))
            }
            __decode_general(__bytes, __layout)
        }
    } else {
        quote! {
            let mut __offset: usize = 0;
            #bind
            ::core::result::Result::Ok((#construct, __offset))
        }
    };
    quote! {
        #[inline]
        #[allow(unused_mut, unused_variables, unused_assignments)]
        fn decode_slice(
            __bytes: &[u8],
            __layout: ::memscope_binary::Layout,
        ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
            #fast_basic
            #fast_detailed
            #general
        }
    }
}

/// Whether `tokens` name `Self` anywhere.
fn mentions_self(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == "Self",
        proc_macro2::TokenTree::Group(group) => mentions_self(group.stream()),
        _ => false,
    })
}

fn expand_struct_len(
    fields: &[(&Field, FieldCodec)],
    has_tag: bool,
    flags_written: Option<&TokenStream>,
) -> TokenStream {
    let tag = has_tag.then(|| quote!(__len += 4;));
    let parts = fields.iter().map(|(field, codec)| {
        let member = &field.member;
        let span = field.ty_span();
        let len = match &field.attrs.presence_bit {
            None => codec.len(&quote!(&self.#member), span),
            Some(_) => {
                let target = codec.target();
                let some = codec.len(&quote!(__value), span);
                let none = codec.len(
                    &quote!(&<#target as ::core::default::Default>::default()),
                    span,
                );
                quote! {
                    match &self.#member {
                        ::core::option::Option::Some(__value) => #some,
                        ::core::option::Option::None => #none,
                    }
                }
            }
        };
        let written = written_in(field.in_basic(), field.in_detailed());
        quote!(if #written { __len = __len.saturating_add(#len); })
    });
    let flags = flags_written.map(|written| quote!(if #written { __len += 1; }));
    quote! {
        #[inline]
        #[allow(unused_mut)]
        fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
            let mut __len: usize = 0;
            #tag
            #(#parts)*
            #flags
            __len
        }
    }
}

/// `#[binary(size = N)]`: a compile error, stating both numbers, when the
/// basic encoding is not exactly N bytes.
fn size_assertion(
    ident: &syn::Ident,
    type_name: &str,
    size: &crate::attr::Spanned<usize>,
) -> TokenStream {
    let declared = size.value;
    let not_fixed = format!(
        "`#[binary(size = {declared})]` cannot hold: the basic encoding of `{type_name}` has no fixed size (a field's length varies)"
    );
    quote_spanned! {size.span=>
        const _: () = {
            let __actual = <#ident as ::memscope_binary::BinaryRecord>::BASIC_SIZE.exact_len();
            ::core::assert!(__actual.is_some(), #not_fixed);
            // On a mismatch rustc reports "expected an array with a size of
            // <declared>, found one with a size of <actual>".
            let _: [(); #declared] = [(); match <#ident as ::memscope_binary::BinaryRecord>::BASIC_SIZE.exact_len() {
                ::core::option::Option::Some(__n) => __n,
                ::core::option::Option::None => #declared,
            }];
        };
    }
}

fn expand_enum(e: &Enum) -> TokenStream {
    let ident = &e.original.ident;
    let type_name = ident.to_string();
    let Some(repr) = &e.repr else {
        // Validation reported the missing repr.
        return TokenStream::new();
    };
    let (impl_generics, ty_generics, where_clause) = e.original.generics.split_for_impl();
    let variants: Vec<&syn::Ident> = e.variants.iter().map(|v| v.ident).collect();
    let tag = e.attrs.tag.as_ref().map(|tag| {
        let bytes = tag.value;
        quote!([#(#bytes),*])
    });
    let tag_size = tag
        .as_ref()
        .map(|_| quote!(.then(::memscope_binary::EncodedSize::exact(4))));
    let tag_len = tag.as_ref().map(|_| quote!(4 +));
    let write_tag = tag.as_ref().map(|tag| {
        write_step(
            &type_name,
            TAG_PATH,
            quote!(::memscope_binary::wire::write_bytes(__w, &#tag)),
        )
    });
    let read_tag = tag.as_ref().map(|tag| {
        quote! {
            let __found = ::memscope_binary::wire::read_array::<4, __R>(__r)
                .map_err(|e| e.in_field(#type_name, #TAG_PATH, 0))?;
            ::memscope_binary::__private::check_tag(__found, #tag)
                .map_err(|e| e.in_field(#type_name, #TAG_PATH, 0))?;
        }
    });
    let decode_tag = tag.as_ref().map(|tag| {
        quote! {
            let __found = ::memscope_binary::wire::take_array::<4>(__bytes)
                .map_err(|e| e.in_field(#type_name, #TAG_PATH, 0))?;
            ::memscope_binary::__private::check_tag(__found, #tag)
                .map_err(|e| e.in_field(#type_name, #TAG_PATH, 0))?;
        }
    });
    let tag_offset = if tag.is_some() { 4usize } else { 0 };
    let size_check = e
        .attrs
        .size
        .as_ref()
        .map(|size| size_assertion(ident, &type_name, size));
    quote! {
        #[automatically_derived]
        impl #impl_generics ::memscope_binary::BinaryRecord for #ident #ty_generics #where_clause {
            const BASIC_SIZE: ::memscope_binary::EncodedSize =
                ::memscope_binary::EncodedSize::ZERO #tag_size
                    .then(<#repr as ::memscope_binary::BinaryRecord>::BASIC_SIZE);
            const DETAILED_SIZE: ::memscope_binary::EncodedSize = Self::BASIC_SIZE;

            #[inline]
            fn write_with<__W: ::std::io::Write + ?::core::marker::Sized>(
                &self,
                __w: &mut __W,
                __layout: ::memscope_binary::Layout,
            ) -> ::core::result::Result<usize, ::memscope_binary::CodecError> {
                let mut __written: usize = 0;
                #write_tag
                let __discriminant: #repr = match self {
                    #(Self::#variants => Self::#variants as #repr,)*
                };
                let __at = __written;
                __written += <#repr as ::memscope_binary::BinaryRecord>::write_with(&__discriminant, __w, __layout)
                    .map_err(|e| e.in_field(#type_name, "(discriminant)", __at))?;
                ::core::result::Result::Ok(__written)
            }

            #[inline]
            fn read_with<__R: ::std::io::Read + ?::core::marker::Sized>(
                __r: &mut __R,
                __layout: ::memscope_binary::Layout,
            ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
                #read_tag
                let __discriminant = <#repr as ::memscope_binary::BinaryRecord>::read_with(__r, __layout)
                    .map_err(|e| e.in_field(#type_name, "(discriminant)", #tag_offset))?;
                Self::__memscope_from_discriminant(__discriminant, #tag_offset)
            }

            #[inline]
            fn decode_slice(
                __bytes: &[u8],
                __layout: ::memscope_binary::Layout,
            ) -> ::core::result::Result<(Self, usize), ::memscope_binary::CodecError> {
                #decode_tag
                let (__discriminant, __used) = <#repr as ::memscope_binary::BinaryRecord>::decode_slice(
                    ::memscope_binary::__private::rest(__bytes, #tag_offset),
                    __layout,
                )
                .map_err(|e| e.in_field(#type_name, "(discriminant)", #tag_offset))?;
                ::core::result::Result::Ok((
                    Self::__memscope_from_discriminant(__discriminant, #tag_offset)?,
                    #tag_offset + __used,
                ))
            }

            #[inline]
            fn encoded_len(&self, __layout: ::memscope_binary::Layout) -> usize {
                #tag_len <#repr as ::memscope_binary::BinaryRecord>::encoded_len(&0, __layout)
            }
        }

        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc(hidden)]
            fn __memscope_from_discriminant(
                __discriminant: #repr,
                __at: usize,
            ) -> ::core::result::Result<Self, ::memscope_binary::CodecError> {
                #(
                    if __discriminant == Self::#variants as #repr {
                        return ::core::result::Result::Ok(Self::#variants);
                    }
                )*
                ::core::result::Result::Err(::memscope_binary::__private::invalid_discriminant(
                    #type_name,
                    __discriminant as i128,
                    __at,
                ))
            }
        }
        #size_check
    }
}
