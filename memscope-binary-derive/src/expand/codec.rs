//! One field's call into its codec: the only generated code that carries
//! the field's span, so that a missing `BinaryRecord`, `BorrowRecord`,
//! `LengthPrefixed` or `FieldCodec` impl is reported at the field's type.
//! Its arguments are call-site tokens (`__w`, `__layout`, ...), which
//! resolve with the rest of the generated code.
//!
//! One family: every field writes, measures and sizes itself through
//! `BinaryRecord` (`LengthPrefixed` for a sequence with `len` or `count`);
//! an owned type's fields decode through the owned methods, a borrowed
//! type's through `BorrowRecord<'__de>` (`BorrowPrefixed<'__de>`). A
//! big-endian field calls the byte-order-generic twins of the same methods
//! (`__write_ordered::<_, true>`, ...); a little-endian one the plain
//! methods, as it always did. A custom codec is the same in both worlds
//! and has one byte order, its own.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::attr::LenWidth;
use crate::plan::{Codec, Field, Plan, World, de_lifetime};

/// The layout whose size constant to name.
#[derive(Clone, Copy)]
pub enum SizeOf {
    Basic,
    Detailed,
}

/// The calls for one written field.
pub struct CodecCall<'a> {
    krate: &'a syn::Path,
    world: World,
    codec: &'a Codec<'a>,
    span: Span,
    recursive: bool,
    big_endian: bool,
}

/// The operations a generated call performs.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    Write,
    Read,
    Decode,
    Len,
}

impl<'a> CodecCall<'a> {
    pub fn new(plan: &'a Plan, field: &'a Field, codec: &'a Codec<'a>) -> Self {
        CodecCall {
            krate: &plan.krate,
            world: plan.world,
            codec,
            span: field.span,
            recursive: field.recursive,
            big_endian: field.wire.as_ref().is_some_and(|wire| wire.big_endian),
        }
    }

    /// `Result<usize, CodecError>`: writes `value` (a `&Target`) to `__w`.
    pub fn write(&self, value: TokenStream) -> TokenStream {
        let (method, width) = self.method(Op::Write);
        quote!(#method(#value, __w, #width __layout))
    }

    /// `Result<Target, CodecError>`: reads from `__r` (owned types only).
    pub fn read(&self) -> TokenStream {
        let (method, width) = self.method(Op::Read);
        quote!(#method(__r, #width __layout))
    }

    /// `Result<(Target, usize), CodecError>`: decodes from the bytes after
    /// `__offset`.
    pub fn decode(&self) -> TokenStream {
        let krate = self.krate;
        let (method, width) = self.method(Op::Decode);
        quote!(#method(#krate::__private::rest(__bytes, __offset), #width __layout))
    }

    /// `usize`: the encoded length of `value` (a `&Target`). A bit field's
    /// group is counted at its first field.
    pub fn len(&self, value: TokenStream) -> TokenStream {
        if let Codec::Bits { slot, .. } = self.codec {
            let bytes = match slot.first {
                true => slot.bytes,
                false => 0,
            };
            return quote!(#bytes);
        }
        let (method, width) = self.method(Op::Len);
        quote!(#method(#value, #width __layout))
    }

    /// A constant `EncodedSize`: the bounds of the target in one layout.
    /// Unknown for a field that contains the type being derived: its size
    /// would depend on itself.
    pub fn size(&self, layout: SizeOf) -> TokenStream {
        let krate = self.krate;
        let span = self.span;
        if self.recursive {
            return quote!(#krate::EncodedSize::UNKNOWN);
        }
        let (size, element) = match layout {
            SizeOf::Basic => ("BASIC_SIZE", "BASIC_ELEMENT"),
            SizeOf::Detailed => ("DETAILED_SIZE", "DETAILED_ELEMENT"),
        };
        match self.codec {
            Codec::Record { target } => {
                let size = format_ident!("{size}", span = span);
                quote_spanned!(span=> <#target as #krate::BinaryRecord>::#size)
            }
            Codec::Prefixed { target, width } => {
                let width = width_tokens(krate, *width);
                let element = format_ident!("{element}", span = span);
                let element = quote_spanned!(span=> <#target as #krate::LengthPrefixed>::#element);
                quote!(#krate::EncodedSize::length_prefixed(#width, #element))
            }
            Codec::Counted { target, count } => {
                let element = format_ident!("{element}", span = span);
                let element = quote_spanned!(span=> <#target as #krate::LengthPrefixed>::#element);
                let counter = count.ty;
                let most = quote!(<#counter as #krate::__private::Count>::MAX);
                quote!(#krate::EncodedSize::up_to(#most, #element))
            }
            Codec::With { target, codec } => {
                let size = format_ident!("{size}", span = span);
                quote_spanned!(span=> <#codec as #krate::FieldCodec<#target>>::#size)
            }
            // The group's bytes, counted at its first field.
            Codec::Bits { slot, .. } => {
                let bytes = match slot.first {
                    true => slot.bytes,
                    false => 0,
                };
                quote!(#krate::EncodedSize::exact(#bytes))
            }
        }
    }

    /// For `count = field`: a statement that checks, before the field is
    /// written, that its length is the counting field's value (`count`, an
    /// expression of the counter's integer type); `None` for other codecs.
    pub fn check_count(
        &self,
        value: TokenStream,
        count: TokenStream,
        context: &TokenStream,
    ) -> Option<TokenStream> {
        let Codec::Counted {
            target,
            count: counter,
        } = self.codec
        else {
            return None;
        };
        let krate = self.krate;
        let span = self.span;
        let len = format_ident!("element_count", span = span);
        let len = quote_spanned!(span=> <#target as #krate::LengthPrefixed>::#len(#value));
        let counter_name = member_name(counter.member);
        Some(quote! {
            #krate::__private::check_count(
                #krate::__private::Count::count(#count),
                #len,
                #counter_name,
            ) #context?;
        })
    }

    /// The trait a call goes through: the encoding side and owned decoding
    /// are `BinaryRecord`'s (`LengthPrefixed`'s); a borrowed type decodes
    /// through `BorrowRecord<'__de>` (`BorrowPrefixed<'__de>`).
    fn traits(&self, op: Op) -> (TokenStream, TokenStream) {
        let krate = self.krate;
        match (op, self.world) {
            (Op::Decode, World::Borrowed) => {
                let de = de_lifetime();
                (
                    quote!(#krate::BorrowRecord<#de>),
                    quote!(#krate::BorrowPrefixed<#de>),
                )
            }
            _ => (quote!(#krate::BinaryRecord), quote!(#krate::LengthPrefixed)),
        }
    }

    /// The codec's method, `<Target as Trait>::name`, spanned at the field,
    /// and the extra arguments before the layout: a sequence's prefix
    /// width, or the count of `count = field`.
    fn method(&self, op: Op) -> (TokenStream, Option<TokenStream>) {
        let krate = self.krate;
        let span = self.span;
        let (record, sequence) = self.traits(op);
        let be = self.big_endian;
        let borrowed = self.world == World::Borrowed;
        // `name::<...>` with the byte order where the method takes one.
        let call = |name: &str, order: TokenStream| {
            let name = syn::Ident::new(name, span);
            quote_spanned!(span=> #name::<#order>)
        };
        let writer = quote!(_, #be);
        let reader = quote!(_, #be);
        let decoder = quote!(#be);
        match self.codec {
            Codec::Record { target } => {
                let method = match (op, be, borrowed) {
                    (Op::Len, ..) => {
                        let name = syn::Ident::new("encoded_len", span);
                        quote!(#name)
                    }
                    (Op::Write, false, _) => quote!(write_with),
                    (Op::Write, true, _) => call("__write_ordered", writer),
                    (Op::Read, false, _) => quote!(read_with),
                    (Op::Read, true, _) => call("__read_ordered", reader),
                    (Op::Decode, false, false) => quote!(decode_slice),
                    (Op::Decode, true, false) => call("__decode_ordered", decoder),
                    (Op::Decode, false, true) => quote!(decode_borrowed),
                    (Op::Decode, true, true) => call("__decode_borrowed_ordered", decoder),
                };
                let method = respan(method, span);
                (quote_spanned!(span=> <#target as #record>::#method), None)
            }
            Codec::Prefixed { target, width } => {
                let width = width_tokens(krate, *width);
                let method = match (op, borrowed) {
                    (Op::Len, _) => quote!(prefixed_len),
                    (Op::Write, _) => call("write_prefixed", writer),
                    (Op::Read, _) => call("read_prefixed", reader),
                    (Op::Decode, false) => call("decode_prefixed", decoder),
                    (Op::Decode, true) => call("decode_borrowed_prefixed", decoder),
                };
                let method = respan(method, span);
                (
                    quote_spanned!(span=> <#target as #sequence>::#method),
                    Some(quote!(#width,)),
                )
            }
            Codec::Counted { target, count } => {
                let method = match (op, borrowed) {
                    (Op::Len, _) => quote!(elements_len),
                    (Op::Write, _) => call("write_elements", writer),
                    (Op::Read, _) => call("read_elements", reader),
                    (Op::Decode, false) => call("decode_elements", decoder),
                    (Op::Decode, true) => call("decode_borrowed_elements", decoder),
                };
                let method = respan(method, span);
                let count = &count.var;
                let count = matches!(op, Op::Read | Op::Decode)
                    .then(|| quote!(#krate::__private::Count::count(#count),));
                (
                    quote_spanned!(span=> <#target as #sequence>::#method),
                    count,
                )
            }
            Codec::With { target, codec } => {
                let name = match op {
                    Op::Write => "write_with",
                    Op::Read => "read_with",
                    Op::Decode => "decode_slice",
                    Op::Len => "encoded_len",
                };
                let name = syn::Ident::new(name, span);
                (
                    quote_spanned!(span=> <#codec as #krate::FieldCodec<#target>>::#name),
                    None,
                )
            }
            // `read.rs` and `write.rs` read and write a bit field with its
            // group, never through this call.
            Codec::Bits { .. } => (
                quote!(::core::compile_error!(
                    "memscope-binary-derive: a bit field is read and written with its group"
                )),
                None,
            ),
        }
    }
}

/// `tokens` with every token spanned at `span`, where a missing method or
/// impl is reported.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                return proc_macro2::TokenTree::Group(inner);
            }
            tree.set_span(span);
            tree
        })
        .collect()
}

/// `<Type as Default>::default()`, for a field or value that a layout does
/// not write; spanned at the field, where a missing `Default` is reported.
pub fn default_value(field: &Field, ty: &syn::Type) -> TokenStream {
    quote_spanned!(field.span=> <#ty as ::core::default::Default>::default())
}

fn width_tokens(krate: &syn::Path, width: LenWidth) -> TokenStream {
    match width {
        LenWidth::U8 => quote!(#krate::LenWidth::U8),
        LenWidth::U16 => quote!(#krate::LenWidth::U16),
        LenWidth::U32 => quote!(#krate::LenWidth::U32),
    }
}

/// A field's name as written: `size`, or `0` in a tuple.
fn member_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}
