//! One field's call into its codec: the only generated code that carries
//! the field's span, so that a missing `BinaryRecord`, `BorrowRecord`,
//! `LengthPrefixed` or `FieldCodec` impl is reported at the field's type.
//! Its arguments are call-site tokens (`__w`, `__layout`, ...), which
//! resolve with the rest of the generated code.
//!
//! An owned type's fields go through the owned traits, a borrowed type's
//! through the borrowed ones (`BorrowRecord<'__de>`, `BorrowPrefixed<'__de>`),
//! whose methods have their own names; a custom codec is the same in both.

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
}

/// The operations a generated call performs, each with its method's name in
/// the owned and borrowed traits.
#[derive(Clone, Copy)]
enum Op {
    Write,
    Read,
    Decode,
    Len,
}

impl Op {
    /// `(record method, sequence method)` in `world`.
    fn names(self, world: World) -> (&'static str, &'static str) {
        match (self, world) {
            (Op::Write, World::Owned) => ("write_with", "write_prefixed"),
            (Op::Write, World::Borrowed) => ("write_borrowed", "write_borrowed_prefixed"),
            (Op::Read, _) => ("read_with", "read_prefixed"),
            (Op::Decode, World::Owned) => ("decode_slice", "decode_prefixed"),
            (Op::Decode, World::Borrowed) => ("decode_borrowed", "decode_borrowed_prefixed"),
            (Op::Len, World::Owned) => ("encoded_len", "prefixed_len"),
            (Op::Len, World::Borrowed) => ("borrowed_len", "borrowed_prefixed_len"),
        }
    }

    /// The sequence method on the elements alone, for `count = field`.
    fn elements_name(self, world: World) -> &'static str {
        match (self, world) {
            (Op::Write, World::Owned) => "write_elements",
            (Op::Write, World::Borrowed) => "write_borrowed_elements",
            (Op::Read, _) => "read_elements",
            (Op::Decode, World::Owned) => "decode_elements",
            (Op::Decode, World::Borrowed) => "decode_borrowed_elements",
            (Op::Len, World::Owned) => "elements_len",
            (Op::Len, World::Borrowed) => "borrowed_elements_len",
        }
    }

    /// A custom codec has one set of names.
    fn codec_name(self) -> &'static str {
        match self {
            Op::Write => "write_with",
            Op::Read => "read_with",
            Op::Decode => "decode_slice",
            Op::Len => "encoded_len",
        }
    }
}

impl<'a> CodecCall<'a> {
    pub fn new(plan: &'a Plan, field: &'a Field, codec: &'a Codec<'a>) -> Self {
        CodecCall {
            krate: &plan.krate,
            world: plan.world,
            codec,
            span: field.span,
            recursive: field.recursive,
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
        let prefix = match self.world {
            World::Owned => "",
            World::Borrowed => "BORROWED_",
        };
        let (size, element) = match layout {
            SizeOf::Basic => ("BASIC_SIZE", "BASIC_ELEMENT"),
            SizeOf::Detailed => ("DETAILED_SIZE", "DETAILED_ELEMENT"),
        };
        match self.codec {
            Codec::Record { target } => {
                let record = self.record_trait();
                let size = format_ident!("{prefix}{size}", span = span);
                quote_spanned!(span=> <#target as #record>::#size)
            }
            Codec::Prefixed { target, width } => {
                let width = width_tokens(krate, *width);
                let sequence = self.sequence_trait();
                let element = format_ident!("{prefix}{element}", span = span);
                let element = quote_spanned!(span=> <#target as #sequence>::#element);
                quote!(#krate::EncodedSize::length_prefixed(#width, #element))
            }
            Codec::Counted { target, count } => {
                let sequence = self.sequence_trait();
                let element = format_ident!("{prefix}{element}", span = span);
                let element = quote_spanned!(span=> <#target as #sequence>::#element);
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
        let sequence = self.sequence_trait();
        let len = match self.world {
            World::Owned => format_ident!("element_count", span = span),
            World::Borrowed => format_ident!("borrowed_element_count", span = span),
        };
        let len = quote_spanned!(span=> <#target as #sequence>::#len(#value));
        let counter_name = member_name(counter.member);
        Some(quote! {
            #krate::__private::check_count(
                #krate::__private::Count::count(#count),
                #len,
                #counter_name,
            ) #context?;
        })
    }

    /// `BinaryRecord`, or `BorrowRecord<'__de>`.
    fn record_trait(&self) -> TokenStream {
        let krate = self.krate;
        match self.world {
            World::Owned => quote!(#krate::BinaryRecord),
            World::Borrowed => {
                let de = de_lifetime();
                quote!(#krate::BorrowRecord<#de>)
            }
        }
    }

    /// `LengthPrefixed`, or `BorrowPrefixed<'__de>`.
    fn sequence_trait(&self) -> TokenStream {
        let krate = self.krate;
        match self.world {
            World::Owned => quote!(#krate::LengthPrefixed),
            World::Borrowed => {
                let de = de_lifetime();
                quote!(#krate::BorrowPrefixed<#de>)
            }
        }
    }

    /// The codec's method, `<Target as Trait>::name`, spanned at the field,
    /// and the prefix width argument (with its comma) for a sequence.
    fn method(&self, op: Op) -> (TokenStream, Option<TokenStream>) {
        let krate = self.krate;
        let span = self.span;
        let (record_name, sequence_name) = op.names(self.world);
        match self.codec {
            Codec::Record { target } => {
                let record = self.record_trait();
                let name = syn::Ident::new(record_name, span);
                (quote_spanned!(span=> <#target as #record>::#name), None)
            }
            Codec::Prefixed { target, width } => {
                let sequence = self.sequence_trait();
                let name = syn::Ident::new(sequence_name, span);
                let width = width_tokens(krate, *width);
                (
                    quote_spanned!(span=> <#target as #sequence>::#name),
                    Some(quote!(#width,)),
                )
            }
            Codec::Counted { target, count } => {
                let sequence = self.sequence_trait();
                let name = syn::Ident::new(op.elements_name(self.world), span);
                let count = &count.var;
                let count = matches!(op, Op::Read | Op::Decode)
                    .then(|| quote!(#krate::__private::Count::count(#count),));
                (quote_spanned!(span=> <#target as #sequence>::#name), count)
            }
            Codec::With { target, codec } => {
                let name = syn::Ident::new(op.codec_name(), span);
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
