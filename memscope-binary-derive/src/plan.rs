//! What to generate for one input, decided once, after validation: the
//! runtime crate's path, the tag, each field's codec and the layouts it is
//! written in, the presence flags byte. Code generation reads the plan and
//! decides nothing on its own.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
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
    /// Owned (`BinaryRecord`, and `BorrowRecord` by delegation) or borrowed
    /// (`BorrowRecord` alone).
    pub world: World,
    /// Whether the type has type or const parameters.
    pub has_type_params: bool,
    /// For a recursive type: how deeply it may nest when decoded.
    pub max_depth: Option<u32>,
    /// `#[binary(extensible)]`: every body is framed by its length.
    pub extensible: bool,
    /// `#[binary(big_endian)]`: the enum tag and frame lengths, and every
    /// field without its own byte order, are big-endian.
    pub big_endian: bool,
    pub shape: Shape<'a>,
}

/// How deeply a recursive type nests, unless `max_depth` says.
pub const DEFAULT_MAX_DEPTH: u32 = 128;

/// Which traits a type implements, and so which ones its fields go through.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum World {
    /// Decoded into owned values: `BinaryRecord` and `LengthPrefixed`.
    Owned,
    /// Borrows from the input: `BorrowRecord<'__de>` and
    /// `BorrowPrefixed<'__de>`.
    Borrowed,
}

pub enum Shape<'a> {
    Struct(Body<'a>),
    Enum(Enum<'a>),
}

/// The fields of a struct, or of one enum variant: what is written after
/// the tags, in wire order.
pub struct Body<'a> {
    /// Every field in declaration order, which is also the wire order;
    /// skipped fields too, since the constructor names them all.
    pub fields: Vec<Field<'a>>,
    /// The flags byte, when a field has a presence bit: it ends the body,
    /// or in a framed body begins it.
    pub flags: Option<Flags>,
    /// In an extensible type: the body starts with its length (after the
    /// tags), so that a reader skips the fields it does not know and
    /// defaults the `default` ones the writer did not know.
    pub framed: bool,
    /// The path that constructs it: `Self` or `Self::Alloc`.
    pub ctor: syn::Path,
    /// How generated code reaches a field's value.
    pub access: Access,
}

/// Where a field's value is, while it is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `&self.<member>`: a struct's field.
    SelfField,
    /// `__fieldN`, a reference to a copy of a `#[repr(packed)]` struct's
    /// field: a reference to the field itself could be unaligned.
    Copied,
    /// `__fieldN`, a reference bound by the `match` on an enum's variant.
    Binding,
}

pub struct Field<'a> {
    /// `self.<member>`, or the member in a variant's pattern.
    pub member: &'a syn::Member,
    /// The field's name in error paths: `ptr`, or `Alloc.ptr` in a variant.
    pub name: &'a str,
    /// The local that holds the field while it is read or decoded (and,
    /// in a variant, the binding while it is written).
    pub var: syn::Ident,
    pub ty: &'a syn::Type,
    /// The span of the type: where a missing trait impl is reported.
    pub span: Span,
    /// Whether the type contains the type being derived: its size is not
    /// asked for (it would be a cycle), nor are bounds on it.
    pub recursive: bool,
    /// How the field is written; `None` when it is skipped.
    pub wire: Option<Wire<'a>>,
}

/// The value of a `default` field that an older writer left out.
#[derive(Clone, Copy)]
pub enum Fallback<'a> {
    /// `default`: `Default::default()`.
    Default,
    /// `default = path`: `path()`.
    Path(&'a syn::ExprPath),
}

/// How a written field is encoded.
pub struct Wire<'a> {
    pub layouts: Layouts,
    pub codec: Codec<'a>,
    /// `presence_bit = N` on an `Option<T>`: the mask of bit N. The codec
    /// then encodes the `T`.
    pub presence: Option<u8>,
    /// `default`: in a framed body, the field may be missing at its end.
    pub fallback: Option<Fallback<'a>>,
    /// Whether its integers, floats, prefixes and counts are big-endian:
    /// the field's `big_endian` or `little_endian`, else the type's.
    pub big_endian: bool,
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
    /// `count = field`: the target's elements alone (`LengthPrefixed`), as
    /// many as the earlier field `count` says.
    Counted {
        target: &'a syn::Type,
        count: Counter<'a>,
    },
    /// `with = Codec`: a `FieldCodec<Target>`.
    With {
        target: &'a syn::Type,
        codec: &'a syn::Type,
    },
    /// `bits = N`: N bits of a group shared with the bit fields next to it
    /// (`BitField`).
    Bits {
        target: &'a syn::Type,
        slot: BitSlot,
    },
}

/// Where a bit field lies in its group.
#[derive(Clone)]
pub struct BitSlot {
    /// Its width, and the `bits = N` literal's span.
    pub width: u32,
    pub width_span: Span,
    /// How many bits of the group come before it.
    pub shift: u32,
    /// The group's local: `__bits0`, ...
    pub group: syn::Ident,
    /// Whether it is the group's first field (which reads the group) and
    /// last (which writes it).
    pub first: bool,
    pub last: bool,
    /// The group's bytes, and the mask of the bits its fields use.
    pub bytes: usize,
    pub used: u64,
    /// The group's name in error paths: `(bits of a..c)`.
    pub path: String,
}

/// The earlier field that holds a `count = field` field's length.
pub struct Counter<'a> {
    /// Its member, to read it while writing.
    pub member: &'a syn::Member,
    /// Its local, which holds it once decoded.
    pub var: syn::Ident,
    /// Its unsigned integer type.
    pub ty: &'a syn::Type,
}

/// The presence flags byte.
pub struct Flags {
    /// The bits that some field uses; any other set bit is an error.
    pub mask: u8,
    /// Written where the presence fields are (validation made them agree).
    pub layouts: Layouts,
}

pub struct Enum<'a> {
    /// The `#[repr]` integer: the type of the tag that is written.
    pub repr: &'a syn::Ident,
    pub variants: Vec<Variant<'a>>,
}

pub struct Variant<'a> {
    pub ident: &'a syn::Ident,
    /// `#[binary(unknown)]`: the variant holds a tag no other variant
    /// claims (and its body); its own body is then empty.
    pub unknown: Option<Unknown<'a>>,
    /// The constant that holds the variant's tag: `__TAG0`, ...
    pub tag: syn::Ident,
    /// Its value: the explicit discriminant, or the previous one plus 1, as
    /// Rust numbers variants.
    pub tag_value: TokenStream,
    pub body: Body<'a>,
}

/// What the `unknown` variant holds.
pub enum Unknown<'a> {
    /// In an extensible enum: the tag and the body it framed.
    Framed {
        tag: &'a syn::Member,
        bytes: &'a syn::Member,
        bytes_ty: &'a syn::Type,
    },
    /// In an enum whose other variants have no fields: the tag alone.
    Bare { tag: &'a syn::Member },
}

impl<'a> Plan<'a> {
    /// The plan for an input that passed validation.
    pub fn new(input: &'a Input<'a>) -> Self {
        let extensible = input.attrs.extensible.is_some();
        let big_endian = input.attrs.big_endian.is_some();
        let shape = match &input.data {
            Data::Struct(fields) => {
                let access = match input.is_packed() {
                    true => Access::Copied,
                    false => Access::SelfField,
                };
                Shape::Struct(Body::new(
                    fields,
                    parse_quote!(Self),
                    access,
                    extensible,
                    big_endian,
                ))
            }
            Data::Enum(e) => Shape::Enum(Enum::new(e, extensible, big_endian)),
            Data::Union(_) => unreachable!("valid.rs rejects unions"),
        };
        Plan {
            krate: crate_path(input),
            ident: input.ident(),
            type_name: input.ident().to_string(),
            generics: input.generics(),
            tag: input.attrs.tag.as_ref().map(|tag| tag.value),
            size: input.attrs.size.as_ref(),
            world: world(input),
            has_type_params: input.has_type_params(),
            extensible,
            big_endian,
            max_depth: input.is_recursive().then(|| {
                input
                    .attrs
                    .max_depth
                    .as_ref()
                    .map_or(DEFAULT_MAX_DEPTH, |depth| depth.value)
            }),
            shape,
        }
    }
}

impl<'a> Enum<'a> {
    fn new(e: &'a ast::Enum<'a>, extensible: bool, big_endian: bool) -> Self {
        let repr = e
            .repr
            .as_ref()
            .expect("valid.rs rejects an enum without an integer repr");
        let mut previous: Option<syn::Ident> = None;
        let variants = e
            .variants
            .iter()
            .enumerate()
            .map(|(index, variant)| {
                let tag = format_ident!("__TAG{}", index);
                let tag_value = match (variant.discriminant, &previous) {
                    (Some(expr), _) => quote!(#expr),
                    (None, Some(previous)) => quote!(#previous + 1),
                    (None, None) => quote!(0),
                };
                previous = Some(tag.clone());
                let ident = variant.ident;
                let unknown = variant.attrs.unknown.map(|_| match extensible {
                    true => Unknown::Framed {
                        tag: &variant.fields[0].member,
                        bytes: &variant.fields[1].member,
                        bytes_ty: variant.fields[1].ty,
                    },
                    false => Unknown::Bare {
                        tag: &variant.fields[0].member,
                    },
                });
                // The unknown variant's fields are not a body: what it
                // holds is written as it was read.
                let fields: &'a [ast::Field<'a>] = match unknown {
                    Some(_) => &[],
                    None => &variant.fields,
                };
                Variant {
                    ident,
                    unknown,
                    tag,
                    tag_value,
                    body: Body::new(
                        fields,
                        parse_quote!(Self::#ident),
                        Access::Binding,
                        extensible,
                        big_endian,
                    ),
                }
            })
            .collect();
        Enum { repr, variants }
    }

    /// Whether no variant carries data or a frame: the enum is its tag
    /// alone.
    pub fn is_fieldless(&self) -> bool {
        self.variants.iter().all(|variant| match &variant.unknown {
            Some(Unknown::Bare { .. }) => true,
            Some(Unknown::Framed { .. }) => false,
            None => variant.body.fields.is_empty() && !variant.body.framed,
        })
    }

    /// The variants this reader knows: all but the `unknown` one.
    pub fn known(&self) -> impl Iterator<Item = &Variant<'a>> {
        self.variants.iter().filter(|v| v.unknown.is_none())
    }

    /// The `unknown` variant, if there is one.
    pub fn unknown(&self) -> Option<&Variant<'a>> {
        self.variants.iter().find(|v| v.unknown.is_some())
    }
}

impl<'a> Plan<'a> {
    /// Every body: the struct's, or each variant's.
    pub fn bodies(&self) -> Vec<&Body<'a>> {
        match &self.shape {
            Shape::Struct(body) => vec![body],
            Shape::Enum(e) => e.variants.iter().map(|variant| &variant.body).collect(),
        }
    }
}

/// The world of an input: borrowed when a written field names one of its
/// lifetimes.
pub fn world(input: &Input) -> World {
    match input.borrows() {
        true => World::Borrowed,
        false => World::Owned,
    }
}

/// The lifetime of the input that `BorrowRecord` and `Fields` impls decode
/// from.
pub fn de_lifetime() -> syn::Lifetime {
    syn::Lifetime::new("'__de", Span::call_site())
}

impl Plan<'_> {
    /// The type with `'static` for each lifetime, when it has no type
    /// parameters: what constants that name its sizes write, since a
    /// constant cannot name the impl's lifetimes.
    pub fn static_self(&self) -> Option<TokenStream> {
        if self.has_type_params {
            return None;
        }
        let ident = self.ident;
        let lifetimes = self.generics.lifetimes().map(|_| quote!('static));
        Some(match self.generics.params.is_empty() {
            true => quote!(#ident),
            false => quote!(#ident<#(#lifetimes),*>),
        })
    }
}

impl<'a> Plan<'a> {
    /// The struct whose layout the derive tries to prove plain (its memory
    /// its encoding): an owned struct without tag or flags whose every
    /// field is written, in both layouts, by its own `BinaryRecord` impl.
    /// Whether it is plain is then decided by the compiler, from the
    /// fields' own plainness, `offset_of!` and `size_of`.
    pub fn plain_candidate(&self) -> Option<&Body<'a>> {
        let Shape::Struct(body) = &self.shape else {
            return None;
        };
        let every_field_as_is = body.fields.iter().all(|field| {
            !field.recursive
                && field.wire.as_ref().is_some_and(|wire| {
                    !wire.big_endian
                        && wire.layouts == Layouts::Both
                        && wire.presence.is_none()
                        && matches!(wire.codec, Codec::Record { .. })
                })
        });
        (self.world == World::Owned
            && !self.extensible
            && self.tag.is_none()
            && body.flags.is_none()
            && every_field_as_is)
            .then_some(body)
    }
}

/// The path through which generated code names the runtime crate.
pub fn crate_path(input: &Input) -> syn::Path {
    match &input.attrs.krate {
        Some(path) => path.clone(),
        None => parse_quote!(::memscope_binary),
    }
}

impl<'a> Body<'a> {
    fn new(
        fields: &'a [ast::Field<'a>],
        ctor: syn::Path,
        access: Access,
        framed: bool,
        big_endian: bool,
    ) -> Self {
        let all = fields;
        let mut fields: Vec<Field> = fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field::new(index, field, all, big_endian))
            .collect();
        group_bits(&mut fields);
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
        Body {
            fields,
            flags,
            framed,
            ctor,
            access,
        }
    }

    /// The fields that are written, with how, in wire order.
    pub fn written(&self) -> impl Iterator<Item = (&Field<'a>, &Wire<'a>)> {
        self.fields
            .iter()
            .filter_map(|field| Some((field, field.wire.as_ref()?)))
    }
}

impl<'a> Field<'a> {
    /// The plan of `field`, the `index`-th of `all`.
    fn new(
        index: usize,
        field: &'a ast::Field<'a>,
        all: &'a [ast::Field<'a>],
        big_endian: bool,
    ) -> Self {
        let attrs = &field.attrs;
        let wire = attrs.skip.is_none().then(|| {
            let target = match attrs.presence_bit {
                Some(_) => field.option_inner().unwrap_or(field.ty),
                None => field.ty,
            };
            // `valid.rs` made `count` name an earlier integer field, and
            // rejected it together with `with` or `len`.
            let counter = attrs.count.as_ref().and_then(|count| {
                let position = all.iter().position(|f| f.member == count.value)?;
                Some(Counter {
                    member: &all[position].member,
                    var: field_var(position),
                    ty: all[position].ty,
                })
            });
            let codec = match (&attrs.with, &attrs.len, counter) {
                // `valid.rs` rejected `bits` with the others.
                _ if attrs.bits.is_some() => Codec::Bits {
                    target,
                    slot: attrs
                        .bits
                        .as_ref()
                        .map(|bits| BitSlot {
                            width: bits.value,
                            width_span: bits.span,
                            shift: 0,
                            group: format_ident!("__bits"),
                            first: false,
                            last: false,
                            bytes: 0,
                            used: 0,
                            path: String::new(),
                        })
                        .expect("checked `is_some`"),
                },
                (Some(codec), _, _) => Codec::With { target, codec },
                (None, _, Some(count)) => Codec::Counted { target, count },
                (None, Some(width), None) => Codec::Prefixed {
                    target,
                    width: width.value,
                },
                (None, None, None) => Codec::Record { target },
            };
            Wire {
                layouts: match attrs.detail {
                    Some(_) => Layouts::DetailedOnly,
                    None => Layouts::Both,
                },
                codec,
                presence: attrs.presence_bit.as_ref().map(|bit| 1 << bit.value),
                fallback: attrs.default.as_ref().map(|default| match &default.value {
                    Some(path) => Fallback::Path(path),
                    None => Fallback::Default,
                }),
                big_endian: match (attrs.big_endian, attrs.little_endian) {
                    (Some(_), _) => true,
                    (None, Some(_)) => false,
                    (None, None) => big_endian,
                },
            }
        });
        Field {
            member: &field.member,
            name: &field.name,
            var: field_var(index),
            ty: field.ty,
            span: field.ty_span(),
            recursive: field.recursive,
            wire,
        }
    }
}

/// Lays out the bit fields: each run of consecutive bit fields (in wire
/// order, written in the same layouts) is a group of whole bytes, the
/// first field in its lowest bits. `valid.rs` kept every group to 64 bits.
fn group_bits(fields: &mut [Field]) {
    let written: Vec<usize> = (0..fields.len())
        .filter(|&i| fields[i].wire.is_some())
        .collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut previous: Option<(Layouts, bool)> = None;
    for &index in &written {
        let wire = fields[index].wire.as_ref().expect("written");
        let key = (wire.layouts, wire.big_endian);
        match (&wire.codec, previous) {
            (Codec::Bits { .. }, Some(open)) if open == key => {
                groups.last_mut().expect("a group is open").push(index);
            }
            (Codec::Bits { .. }, _) => {
                groups.push(vec![index]);
                previous = Some(key);
            }
            _ => previous = None,
        }
    }
    for (number, group) in groups.iter().enumerate() {
        let width = |index: usize| match &fields[index].wire {
            Some(Wire {
                codec: Codec::Bits { slot, .. },
                ..
            }) => slot.width,
            _ => 0,
        };
        let total: u32 = group.iter().map(|&index| width(index)).sum();
        let path = match (group.first(), group.last()) {
            (Some(&first), Some(&last)) if first != last => {
                format!("(bits of {}..{})", fields[first].name, fields[last].name)
            }
            _ => format!("(bits of {})", fields[group[0]].name),
        };
        let mut shift = 0;
        for (position, &index) in group.iter().enumerate() {
            if let Some(Wire {
                codec: Codec::Bits { slot, .. },
                ..
            }) = &mut fields[index].wire
            {
                slot.shift = shift;
                slot.group = format_ident!("__bits{}", number);
                slot.first = position == 0;
                slot.last = position + 1 == group.len();
                slot.bytes = total.div_ceil(8) as usize;
                slot.used = match total {
                    64.. => u64::MAX,
                    _ => (1 << total) - 1,
                };
                slot.path.clone_from(&path);
                shift += slot.width;
            }
        }
    }
}

/// The local that holds the `index`-th field.
fn field_var(index: usize) -> syn::Ident {
    format_ident!("__field{}", index)
}

impl<'a> Codec<'a> {
    pub fn target(&self) -> &'a syn::Type {
        match self {
            Codec::Record { target }
            | Codec::Prefixed { target, .. }
            | Codec::Counted { target, .. }
            | Codec::With { target, .. }
            | Codec::Bits { target, .. } => target,
        }
    }
}
