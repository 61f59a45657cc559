//! A typed model of the derive input, built from syn, with the parsed
//! attributes attached. Every input gets a model, unions too, so that
//! `valid.rs` can report what is wrong with it alongside any attribute
//! errors, and the fallback impl after an error knows the type's name.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens as _;
use syn::spanned::Spanned as _;

use crate::attr::{self, ContainerAttrs, FieldAttrs, VariantAttrs};
use crate::ctxt::Ctxt;

/// The input of one derive.
pub struct Input<'a> {
    pub original: &'a syn::DeriveInput,
    pub attrs: ContainerAttrs,
    pub data: Data<'a>,
}

/// What kind of type the input is.
pub enum Data<'a> {
    /// A named, tuple or unit struct, with its fields in declaration order.
    Struct(Vec<Field<'a>>),
    Enum(Enum<'a>),
    /// Not supported: `valid.rs` says why.
    Union(&'a syn::DataUnion),
}

/// One field of a struct.
pub struct Field<'a> {
    pub attrs: FieldAttrs,
    /// `self.<member>`: a name or a position.
    pub member: syn::Member,
    /// The name used in error paths: `type_name`, or `0` for tuple fields.
    pub name: String,
    pub ty: &'a syn::Type,
    /// Whether the type names the input's own type (or `Self`): a field
    /// through which the type contains itself.
    pub recursive: bool,
}

/// An enum; `valid.rs` checks that it has an integer repr and that its
/// explicit discriminants fit it.
pub struct Enum<'a> {
    /// The integer type of `#[repr(...)]`, when there is one.
    pub repr: Option<syn::Ident>,
    pub variants: Vec<Variant<'a>>,
}

/// One variant of an enum: its fields are modelled like a struct's.
pub struct Variant<'a> {
    pub attrs: VariantAttrs,
    pub ident: &'a syn::Ident,
    /// `= 1`: the explicit discriminant, when there is one.
    pub discriminant: Option<&'a syn::Expr>,
    pub fields: Vec<Field<'a>>,
    /// `Struct { .. }`, `Tuple(..)` or `Unit`.
    pub style: &'a syn::Fields,
}

impl<'a> Input<'a> {
    pub fn from_syn(cx: &mut Ctxt, input: &'a syn::DeriveInput) -> Self {
        let attrs = attr::container_attrs(cx, &input.attrs);
        let data = match &input.data {
            syn::Data::Struct(data) => {
                Data::Struct(fields_from_syn(cx, &data.fields, None, &input.ident))
            }
            syn::Data::Enum(data) => Data::Enum(Enum::from_syn(cx, input, data)),
            syn::Data::Union(data) => Data::Union(data),
        };
        Input {
            original: input,
            attrs,
            data,
        }
    }

    pub fn ident(&self) -> &'a syn::Ident {
        &self.original.ident
    }

    pub fn generics(&self) -> &'a syn::Generics {
        &self.original.generics
    }

    /// Every field of the input: a struct's, or every variant's.
    pub fn fields(&self) -> Vec<&Field<'a>> {
        match &self.data {
            Data::Struct(fields) => fields.iter().collect(),
            Data::Enum(e) => e.variants.iter().flat_map(|v| &v.fields).collect(),
            Data::Union(_) => Vec::new(),
        }
    }

    /// Whether the type borrows from the input it is decoded from: some
    /// written field names one of its lifetimes (`&'a str`, `Cow<'a, str>`,
    /// `Entry<'a>`). Such a type implements `BorrowRecord<'de>` only; any
    /// other type, lifetimes or not, is owned and implements both traits.
    pub fn borrows(&self) -> bool {
        let lifetimes: Vec<&syn::Ident> = self
            .generics()
            .lifetimes()
            .map(|param| &param.lifetime.ident)
            .collect();
        !lifetimes.is_empty()
            && self
                .fields()
                .iter()
                .filter(|field| field.attrs.skip.is_none())
                .any(|field| mentions_lifetime(field.ty.to_token_stream(), &lifetimes))
    }

    /// Whether a written field contains the type itself.
    pub fn is_recursive(&self) -> bool {
        self.fields()
            .iter()
            .any(|field| field.recursive && field.attrs.skip.is_none())
    }

    /// Whether the type is `#[repr(packed)]`: its fields may be unaligned,
    /// so they are copied out, never referenced.
    pub fn is_packed(&self) -> bool {
        let mut packed = false;
        for attr in self
            .original
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("repr"))
        {
            // Malformed reprs are rustc's to report.
            let _ = attr.parse_nested_meta(|meta| {
                packed |= meta.path.is_ident("packed");
                if meta.input.peek(syn::token::Paren) {
                    let _group: proc_macro2::Group = meta.input.parse()?;
                }
                Ok(())
            });
        }
        packed
    }

    /// Whether the type has type or const parameters (lifetimes aside):
    /// then its sizes depend on them and cannot be named in a constant.
    pub fn has_type_params(&self) -> bool {
        self.generics()
            .params
            .iter()
            .any(|param| !matches!(param, syn::GenericParam::Lifetime(_)))
    }
}

/// Whether `tokens` name one of `lifetimes` (`'a` is a `'` then `a`).
fn mentions_lifetime(tokens: TokenStream, lifetimes: &[&syn::Ident]) -> bool {
    let mut after_quote = false;
    for tree in tokens {
        match tree {
            TokenTree::Punct(punct) => after_quote = punct.as_char() == '\'',
            TokenTree::Ident(ident) if after_quote => {
                if lifetimes.contains(&&ident) {
                    return true;
                }
                after_quote = false;
            }
            TokenTree::Group(group) => {
                if mentions_lifetime(group.stream(), lifetimes) {
                    return true;
                }
                after_quote = false;
            }
            _ => after_quote = false,
        }
    }
    false
}

/// The fields of a struct, or of the variant `variant`, in declaration order.
fn fields_from_syn<'a>(
    cx: &mut Ctxt,
    fields: &'a syn::Fields,
    variant: Option<&syn::Ident>,
    owner: &syn::Ident,
) -> Vec<Field<'a>> {
    fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let mut field = Field::from_syn(cx, index, field, variant);
            field.recursive = names_type(field.ty.to_token_stream(), owner);
            field
        })
        .collect()
}

/// Whether `tokens` name the type `owner` or `Self`.
fn names_type(tokens: TokenStream, owner: &syn::Ident) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == *owner || ident == "Self",
        TokenTree::Group(group) => names_type(group.stream(), owner),
        _ => false,
    })
}

impl<'a> Field<'a> {
    fn from_syn(
        cx: &mut Ctxt,
        index: usize,
        field: &'a syn::Field,
        variant: Option<&syn::Ident>,
    ) -> Self {
        let (member, name) = match &field.ident {
            Some(ident) => (syn::Member::Named(ident.clone()), ident.to_string()),
            None => (
                syn::Member::Unnamed(syn::Index {
                    index: index as u32,
                    span: field.ty.span(),
                }),
                index.to_string(),
            ),
        };
        // In error paths a variant's field is `Event.Alloc.ptr`.
        let name = match variant {
            Some(variant) => format!("{variant}.{name}"),
            None => name,
        };
        Field {
            attrs: attr::field_attrs(cx, &field.attrs),
            member,
            name,
            ty: &field.ty,
            recursive: false,
        }
    }

    /// The span of the field's type, where its codec's errors belong.
    pub fn ty_span(&self) -> Span {
        self.ty.span()
    }

    /// `T` when the field's type is written `Option<T>` (or a path ending
    /// in `Option<T>`).
    pub fn option_inner(&self) -> Option<&'a syn::Type> {
        let mut ty = self.ty;
        // A type that came through a `macro_rules!` `$t:ty` is wrapped in
        // an invisible group.
        while let syn::Type::Group(syn::TypeGroup { elem, .. })
        | syn::Type::Paren(syn::TypeParen { elem, .. }) = ty
        {
            ty = elem;
        }
        let syn::Type::Path(path) = ty else {
            return None;
        };
        if path.qself.is_some() {
            return None;
        }
        let last = path.path.segments.last()?;
        if last.ident != "Option" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        let mut types = args.args.iter().filter_map(|arg| match arg {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        });
        match (types.next(), types.next()) {
            (Some(inner), None) => Some(inner),
            _ => None,
        }
    }
}

impl<'a> Enum<'a> {
    fn from_syn(cx: &mut Ctxt, input: &'a syn::DeriveInput, data: &'a syn::DataEnum) -> Self {
        let variants = data
            .variants
            .iter()
            .map(|variant| Variant {
                attrs: attr::variant_attrs(cx, &variant.attrs),
                ident: &variant.ident,
                discriminant: variant.discriminant.as_ref().map(|(_, expr)| expr),
                fields: fields_from_syn(cx, &variant.fields, Some(&variant.ident), &input.ident),
                style: &variant.fields,
            })
            .collect();
        Enum {
            repr: int_repr(&input.attrs),
            variants,
        }
    }
}

/// The integer named in `#[repr(...)]`, ignoring `C`, `align` and the like.
fn int_repr(attrs: &[syn::Attribute]) -> Option<syn::Ident> {
    const INTS: [&str; 12] = [
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    let mut found = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("repr")) {
        // Malformed reprs are rustc's to report.
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(ident) = meta.path.get_ident()
                && INTS.contains(&ident.to_string().as_str())
            {
                found = Some(ident.clone());
            }
            if meta.input.peek(syn::token::Paren) {
                let _group: proc_macro2::Group = meta.input.parse()?;
            }
            Ok(())
        });
    }
    found
}
