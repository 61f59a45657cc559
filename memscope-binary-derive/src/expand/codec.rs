//! One field's call into its codec: the only generated code that carries
//! the field's span, so that a missing `BinaryRecord`, `LengthPrefixed` or
//! `FieldCodec` impl is reported at the field's type. Its arguments are
//! call-site tokens (`__w`, `__layout`, ...), which resolve with the rest of
//! the generated code.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::attr::LenWidth;
use crate::plan::{Codec, Field, Plan};

/// The layout whose size constant to name.
#[derive(Clone, Copy)]
pub enum SizeOf {
    Basic,
    Detailed,
}

/// The calls for one written field.
pub struct CodecCall<'a> {
    krate: &'a syn::Path,
    codec: &'a Codec<'a>,
    span: Span,
}

impl<'a> CodecCall<'a> {
    pub fn new(plan: &'a Plan, field: &'a Field, codec: &'a Codec<'a>) -> Self {
        CodecCall {
            krate: &plan.krate,
            codec,
            span: field.span,
        }
    }

    /// `Result<usize, CodecError>`: writes `value` (a `&Target`) to `__w`.
    pub fn write(&self, value: TokenStream) -> TokenStream {
        let (method, width) = self.method("write_with", "write_prefixed");
        quote!(#method(#value, __w, #width __layout))
    }

    /// `Result<Target, CodecError>`: reads from `__r`.
    pub fn read(&self) -> TokenStream {
        let (method, width) = self.method("read_with", "read_prefixed");
        quote!(#method(__r, #width __layout))
    }

    /// `Result<(Target, usize), CodecError>`: decodes from the bytes after
    /// `__offset`.
    pub fn decode(&self) -> TokenStream {
        let krate = self.krate;
        let (method, width) = self.method("decode_slice", "decode_prefixed");
        quote!(#method(#krate::__private::rest(__bytes, __offset), #width __layout))
    }

    /// `usize`: the encoded length of `value` (a `&Target`).
    pub fn len(&self, value: TokenStream) -> TokenStream {
        let (method, width) = self.method("encoded_len", "prefixed_len");
        quote!(#method(#value, #width __layout))
    }

    /// A constant `EncodedSize`: the bounds of the target in one layout.
    pub fn size(&self, layout: SizeOf) -> TokenStream {
        let krate = self.krate;
        let span = self.span;
        let (size, element) = match layout {
            SizeOf::Basic => (quote!(BASIC_SIZE), quote!(BASIC_ELEMENT)),
            SizeOf::Detailed => (quote!(DETAILED_SIZE), quote!(DETAILED_ELEMENT)),
        };
        match self.codec {
            Codec::Record { target } => {
                quote_spanned!(span=> <#target as #krate::BinaryRecord>::#size)
            }
            Codec::Prefixed { target, width } => {
                let width = width_tokens(krate, *width);
                let element = quote_spanned!(span=> <#target as #krate::LengthPrefixed>::#element);
                quote!(#krate::EncodedSize::length_prefixed(#width, #element))
            }
            Codec::With { target, codec } => {
                quote_spanned!(span=> <#codec as #krate::FieldCodec<#target>>::#size)
            }
        }
    }

    /// The codec's method, `<Target as Trait>::name`, spanned at the field,
    /// and the prefix width argument (with its comma) for `LengthPrefixed`.
    fn method(&self, name: &str, prefixed_name: &str) -> (TokenStream, Option<TokenStream>) {
        let krate = self.krate;
        let span = self.span;
        match self.codec {
            Codec::Record { target } => {
                let name = syn::Ident::new(name, span);
                (
                    quote_spanned!(span=> <#target as #krate::BinaryRecord>::#name),
                    None,
                )
            }
            Codec::Prefixed { target, width } => {
                let name = syn::Ident::new(prefixed_name, span);
                let width = width_tokens(krate, *width);
                (
                    quote_spanned!(span=> <#target as #krate::LengthPrefixed>::#name),
                    Some(quote!(#width,)),
                )
            }
            Codec::With { target, codec } => {
                let name = syn::Ident::new(name, span);
                (
                    quote_spanned!(span=> <#codec as #krate::FieldCodec<#target>>::#name),
                    None,
                )
            }
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
