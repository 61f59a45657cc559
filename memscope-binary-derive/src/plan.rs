//! What to generate for one input, decided once, after validation: the
//! runtime crate's path, the tag, each field's codec and the layouts it is
//! written in, the presence flags byte. Code generation reads the plan and
//! decides nothing on its own.

use proc_macro2::Span;
use syn::parse_quote;

use crate::ast::{self, Data, Input};
use crate::attr::{LenWidth, Spanned};

/// Everything the generated code depends on.
pub struct Plan<'a> {
    /// The runtime crate: `::memscope_binary`, or `#[binary(crate = ...)]`.
    pub krate: syn::Path,
    pub ident: &'a syn::Ident,
    /// The type's name in error paths (`Stats.total`).
    pub type_name: String,
    pub generics: &'a syn::Generics,
    /// `#[binary(tag = ...)]`: four bytes written first.
    pub tag: Option<[u8; 4]>,
    /// `#[binary(size = N)]`: the promised size of the basic layout.
    pub size: Option<&'a Spanned<usize>>,
    pub shape: Shape<'a>,
}

pub enum Shape<'a> {
    Struct(Struct<'a>),
    Enum(Enum<'a>),
}

pub struct Struct<'a> {
    /// Every field in declaration order, which is also the wire order;
    /// skipped fields too, since the constructor names them all.
    pub fields: Vec<Field<'a>>,
    /// The flags byte that ends the record, when a field has a presence bit.
    pub flags: Option<Flags>,
}

pub struct Field<'a> {
    /// `self.<member>`.
    pub member: &'a syn::Member,
    /// The field's name in error paths.
    pub name: &'a str,
    /// The local that holds the field while it is read or decoded.
    pub var: syn::Ident,
    pub ty: &'a syn::Type,
    /// The span of the type: where a missing trait impl is reported.
    pub span: Span,
    /// How the field is written; `None` when it is skipped.
    pub wire: Option<Wire<'a>>,
}

/// How a written field is encoded.
pub struct Wire<'a> {
    pub layouts: Layouts,
    pub codec: Codec<'a>,
    /// `presence_bit = N` on an `Option<T>`: the mask of bit N. The codec
    /// then encodes the `T`.
    pub presence: Option<u8>,
}

/// Which layouts a piece of the record is written in. Nothing is written
/// in the basic layout only.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layouts {
    Both,
    DetailedOnly,
}

/// The trait that encodes a field. The *target* is the type it sees: the
/// field's type, or `T` for an `Option<T>` with a presence bit.
pub enum Codec<'a> {
    /// The target's own `BinaryRecord` impl.
    Record { target: &'a syn::Type },
    /// `len = ...`: the target's `LengthPrefixed` impl, with that width.
    Prefixed {
        target: &'a syn::Type,
        width: LenWidth,
    },
    /// `with = Codec`: a `FieldCodec<Target>`.
    With {
        target: &'a syn::Type,
        codec: &'a syn::Type,
    },
}

/// The presence flags byte.
pub struct Flags {
    /// The bits that some field uses; any other set bit is an error.
    pub mask: u8,
    /// Written where the presence fields are (validation made them agree).
    pub layouts: Layouts,
}

pub struct Enum<'a> {
    /// The `#[repr]` integer, which is what is written.
    pub repr: &'a syn::Ident,
    pub variants: Vec<&'a syn::Ident>,
}

impl<'a> Plan<'a> {
    /// The plan for an input that passed validation.
    pub fn new(input: &'a Input<'a>) -> Self {
        let shape = match &input.data {
            Data::Struct(fields) => Shape::Struct(Struct::new(fields)),
            Data::Enum(e) => Shape::Enum(Enum {
                repr: e
                    .repr
                    .as_ref()
                    .expect("valid.rs rejects an enum without an integer repr"),
                variants: e.variants.iter().map(|variant| &variant.ident).collect(),
            }),
            Data::Union(_) => unreachable!("valid.rs rejects unions"),
        };
        Plan {
            krate: crate_path(input),
            ident: input.ident(),
            type_name: input.ident().to_string(),
            generics: input.generics(),
            tag: input.attrs.tag.as_ref().map(|tag| tag.value),
            size: input.attrs.size.as_ref(),
            shape,
        }
    }
}

/// The path through which generated code names the runtime crate.
pub fn crate_path(input: &Input) -> syn::Path {
    match &input.attrs.krate {
        Some(path) => path.clone(),
        None => parse_quote!(::memscope_binary),
    }
}

impl<'a> Struct<'a> {
    fn new(fields: &'a [ast::Field<'a>]) -> Self {
        let fields: Vec<Field> = fields.iter().enumerate().map(Field::new).collect();
        let presence: Vec<&Wire> = fields
            .iter()
            .filter_map(|field| field.wire.as_ref())
            .filter(|wire| wire.presence.is_some())
            .collect();
        let flags = presence.first().map(|first| Flags {
            mask: presence
                .iter()
                .filter_map(|wire| wire.presence)
                .fold(0, |a, b| a | b),
            layouts: first.layouts,
        });
        Struct { fields, flags }
    }

    /// The fields that are written, with how, in wire order.
    pub fn written(&self) -> impl Iterator<Item = (&Field<'a>, &Wire<'a>)> {
        self.fields
            .iter()
            .filter_map(|field| Some((field, field.wire.as_ref()?)))
    }
}

impl<'a> Field<'a> {
    fn new((index, field): (usize, &'a ast::Field<'a>)) -> Self {
        let attrs = &field.attrs;
        let wire = attrs.skip.is_none().then(|| {
            let target = match attrs.presence_bit {
                Some(_) => field.option_inner().unwrap_or(field.ty),
                None => field.ty,
            };
            let codec = match (&attrs.with, &attrs.len) {
                (Some(codec), _) => Codec::With { target, codec },
                (None, Some(width)) => Codec::Prefixed {
                    target,
                    width: width.value,
                },
                (None, None) => Codec::Record { target },
            };
            Wire {
                layouts: match attrs.detail {
                    Some(_) => Layouts::DetailedOnly,
                    None => Layouts::Both,
                },
                codec,
                presence: attrs.presence_bit.as_ref().map(|bit| 1 << bit.value),
            }
        });
        Field {
            member: &field.member,
            name: &field.name,
            var: quote::format_ident!("__field{}", index),
            ty: field.ty,
            span: field.ty_span(),
            wire,
        }
    }
}

impl<'a> Codec<'a> {
    pub fn target(&self) -> &'a syn::Type {
        match self {
            Codec::Record { target }
            | Codec::Prefixed { target, .. }
            | Codec::With { target, .. } => target,
        }
    }
}
