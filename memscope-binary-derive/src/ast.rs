//! A typed model of the derive input, built from syn, with the parsed
//! attributes attached. Shapes the derive cannot support at all (unions)
//! are rejected here; every other check lives in `valid.rs`.

use proc_macro2::Span;
use syn::spanned::Spanned as _;

use crate::attr::{self, ContainerAttrs, FieldAttrs};
use crate::ctxt::Ctxt;

/// The input of one derive.
pub enum Input<'a> {
    Struct(Struct<'a>),
    Enum(Enum<'a>),
}

/// A named, tuple or unit struct.
pub struct Struct<'a> {
    pub original: &'a syn::DeriveInput,
    pub attrs: ContainerAttrs,
    pub fields: Vec<Field<'a>>,
}

/// One field of a struct.
pub struct Field<'a> {
    pub attrs: FieldAttrs,
    /// `self.<member>`: a name or a position.
    pub member: syn::Member,
    /// The name used in error paths: `type_name`, or `0` for tuple fields.
    pub name: String,
    pub ty: &'a syn::Type,
}

/// A fieldless enum.
pub struct Enum<'a> {
    pub original: &'a syn::DeriveInput,
    pub attrs: ContainerAttrs,
    /// The integer type of `#[repr(...)]`, when there is one.
    pub repr: Option<syn::Ident>,
    pub variants: Vec<Variant<'a>>,
}

/// One variant of an enum.
pub struct Variant<'a> {
    pub original: &'a syn::Variant,
    pub ident: &'a syn::Ident,
}

impl<'a> Input<'a> {
    /// Builds the model, or `None` for an input that cannot be modelled
    /// (the reason is in `cx`).
    pub fn from_syn(cx: &mut Ctxt, input: &'a syn::DeriveInput) -> Option<Self> {
        match &input.data {
            syn::Data::Struct(data) => Some(Input::Struct(Struct::from_syn(cx, input, data))),
            syn::Data::Enum(data) => Some(Input::Enum(Enum::from_syn(cx, input, data))),
            syn::Data::Union(data) => {
                cx.syn_error(syn::Error::new(
                    data.union_token.span,
                    "BinaryRecord cannot be derived for a union: which field to write is not known; use a struct or a fieldless enum",
                ));
                None
            }
        }
    }
}

impl<'a> Struct<'a> {
    fn from_syn(cx: &mut Ctxt, input: &'a syn::DeriveInput, data: &'a syn::DataStruct) -> Self {
        let attrs = attr::container_attrs(cx, &input.attrs);
        let fields = data
            .fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field::from_syn(cx, index, field))
            .collect();
        Struct {
            original: input,
            attrs,
            fields,
        }
    }
}

impl<'a> Field<'a> {
    fn from_syn(cx: &mut Ctxt, index: usize, field: &'a syn::Field) -> Self {
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
        Field {
            attrs: attr::field_attrs(cx, &field.attrs),
            member,
            name,
            ty: &field.ty,
        }
    }

    /// Whether the field is written in the basic layout.
    pub fn in_basic(&self) -> bool {
        self.attrs.skip.is_none() && self.attrs.detail.is_none()
    }

    /// Whether the field is written in the detailed layout.
    pub fn in_detailed(&self) -> bool {
        self.attrs.skip.is_none()
    }

    /// The span of the field's type, where its codec's errors belong.
    pub fn ty_span(&self) -> Span {
        self.ty.span()
    }
}

impl<'a> Enum<'a> {
    fn from_syn(cx: &mut Ctxt, input: &'a syn::DeriveInput, data: &'a syn::DataEnum) -> Self {
        let attrs = attr::container_attrs(cx, &input.attrs);
        let variants = data
            .variants
            .iter()
            .map(|variant| {
                attr::no_attrs(cx, &variant.attrs, "an enum variant");
                Variant {
                    original: variant,
                    ident: &variant.ident,
                }
            })
            .collect();
        Enum {
            original: input,
            attrs,
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
