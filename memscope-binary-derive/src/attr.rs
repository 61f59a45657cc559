//! Parsing of `#[binary(...)]` attributes into plain values. Conflicts
//! between attributes are `valid.rs`'s business, not this file's.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;

use crate::ctxt::Ctxt;
use crate::symbol::{
    BIG_ENDIAN, BINARY, BITS, CONTAINER_KEYWORDS, COUNT, CRATE, DEFAULT, DETAIL, EXTENSIBLE,
    FIELD_KEYWORDS, LEN, LITTLE_ENDIAN, MAX_DEPTH, PRESENCE_BIT, SIZE, SKIP, Symbol, TAG, UNKNOWN,
    VARIANT_KEYWORDS, WITH,
};

/// A parsed value together with the span of the tokens it came from, so
/// later checks can point at them.
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// The width of a length prefix chosen by `len = ...`.
#[derive(Clone, Copy)]
pub enum LenWidth {
    U8,
    U16,
    U32,
}

/// `#[binary(...)]` on a struct or enum.
#[derive(Default)]
pub struct ContainerAttrs {
    /// `tag = b"STAT"`: the four bytes written first.
    pub tag: Option<Spanned<[u8; 4]>>,
    /// `size = 60`: the promised size of the basic encoding.
    pub size: Option<Spanned<usize>>,
    /// `crate = msb`: the path of the runtime crate, for a dependency
    /// renamed in Cargo.toml or a crate that re-exports it.
    pub krate: Option<syn::Path>,
    /// `max_depth = 64`: how deeply a recursive type may nest on decoding.
    pub max_depth: Option<Spanned<u32>>,
    /// `extensible`: the record (each variant of an enum) writes its own
    /// length, so readers of other versions can skip or default fields.
    pub extensible: Option<Span>,
    /// `big_endian`: the type's integers, floats, length prefixes, counts
    /// and enum tags are big-endian.
    pub big_endian: Option<Span>,
}

/// `#[binary(...)]` on a field.
#[derive(Default)]
pub struct FieldAttrs {
    /// `skip`: not written; `Default` on read.
    pub skip: Option<Span>,
    /// `detail`: written only in the detailed layout.
    pub detail: Option<Span>,
    /// `len = u8|u16|u32`: the width of the length prefix.
    pub len: Option<Spanned<LenWidth>>,
    /// `count = field`: no length prefix; the length is the value of the
    /// earlier field named (a name, or a position in a tuple struct).
    pub count: Option<Spanned<syn::Member>>,
    /// `with = Codec`: a `FieldCodec` for this field.
    pub with: Option<syn::Type>,
    /// `presence_bit = N`: an `Option` field whose presence is bit N of the
    /// trailing flags byte.
    pub presence_bit: Option<Spanned<u8>>,
    /// `default` or `default = path`: in an extensible record, a trailing
    /// field that an older writer may have left out; read as
    /// `Default::default()` or `path()` then.
    pub default: Option<Spanned<Option<syn::ExprPath>>>,
    /// `bits = N`: packed into N bits of a group shared with the bit fields
    /// next to it.
    pub bits: Option<Spanned<u32>>,
    /// `big_endian` or `little_endian`: this field's byte order, whatever
    /// the type's.
    pub big_endian: Option<Span>,
    pub little_endian: Option<Span>,
}

impl FieldAttrs {
    /// Whether any attribute is set.
    pub fn any(&self) -> bool {
        self.skip.is_some()
            || self.detail.is_some()
            || self.len.is_some()
            || self.count.is_some()
            || self.with.is_some()
            || self.presence_bit.is_some()
            || self.default.is_some()
            || self.bits.is_some()
            || self.big_endian.is_some()
            || self.little_endian.is_some()
    }
}

/// Parses the `#[binary(...)]` attributes of a struct or enum.
pub fn container_attrs(cx: &mut Ctxt, attrs: &[syn::Attribute]) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    for attr in binary_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path == TAG {
                if let Some(tag) = parse_tag(cx, &meta)? {
                    set_once(cx, &meta, TAG, &mut out.tag, tag);
                }
            } else if meta.path == SIZE {
                let lit: syn::LitInt = meta.value()?.parse()?;
                let size = Spanned {
                    value: lit.base10_parse::<usize>()?,
                    span: lit.span(),
                };
                set_once(cx, &meta, SIZE, &mut out.size, size);
            } else if meta.path == CRATE {
                if let Some(path) = parse_crate_path(cx, &meta)? {
                    set_once(cx, &meta, CRATE, &mut out.krate, path);
                }
            } else if meta.path == EXTENSIBLE {
                let span = meta.path.span();
                set_once(cx, &meta, EXTENSIBLE, &mut out.extensible, span);
            } else if meta.path == BIG_ENDIAN {
                let span = meta.path.span();
                set_once(cx, &meta, BIG_ENDIAN, &mut out.big_endian, span);
            } else if meta.path == MAX_DEPTH {
                let lit: syn::LitInt = meta.value()?.parse()?;
                match lit.base10_parse::<u32>() {
                    Ok(depth) if depth > 0 => {
                        let depth = Spanned {
                            value: depth,
                            span: lit.span(),
                        };
                        set_once(cx, &meta, MAX_DEPTH, &mut out.max_depth, depth);
                    }
                    _ => cx.error_spanned_by(
                        &lit,
                        format!("`{MAX_DEPTH} = {lit}` is not a depth; expected a number of levels from 1 to {}", u32::MAX),
                    ),
                }
            } else if FIELD_KEYWORDS.iter().any(|key| meta.path == *key) {
                skip_value(&meta)?;
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "`{}` applies to fields, not to a whole struct or enum; move it onto a field",
                        path_name(&meta.path)
                    ),
                );
            } else if VARIANT_KEYWORDS.iter().any(|key| meta.path == *key) {
                skip_value(&meta)?;
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "`{}` applies to one variant of an enum, not to a whole struct or enum; move it onto the variant",
                        path_name(&meta.path)
                    ),
                );
            } else {
                skip_value(&meta)?;
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "unknown binary attribute `{}`; on a struct or enum, expected `{TAG} = b\"ABCD\"`, `{SIZE} = N`, `{MAX_DEPTH} = N`, `{EXTENSIBLE}`, `{BIG_ENDIAN}` or `{CRATE} = path`",
                        path_name(&meta.path)
                    ),
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

/// Parses the `#[binary(...)]` attributes of a field.
pub fn field_attrs(cx: &mut Ctxt, attrs: &[syn::Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in binary_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path == SKIP {
                let span = meta.path.span();
                set_once(cx, &meta, SKIP, &mut out.skip, span);
            } else if meta.path == DETAIL {
                let span = meta.path.span();
                set_once(cx, &meta, DETAIL, &mut out.detail, span);
            } else if meta.path == LEN {
                if let Some(width) = parse_len(cx, &meta)? {
                    set_once(cx, &meta, LEN, &mut out.len, width);
                }
            } else if meta.path == COUNT {
                let member: syn::Member = meta.value()?.parse()?;
                let count = Spanned {
                    span: member.span(),
                    value: member,
                };
                set_once(cx, &meta, COUNT, &mut out.count, count);
            } else if meta.path == BIG_ENDIAN {
                let span = meta.path.span();
                set_once(cx, &meta, BIG_ENDIAN, &mut out.big_endian, span);
            } else if meta.path == LITTLE_ENDIAN {
                let span = meta.path.span();
                set_once(cx, &meta, LITTLE_ENDIAN, &mut out.little_endian, span);
            } else if meta.path == BITS {
                let lit: syn::LitInt = meta.value()?.parse()?;
                match lit.base10_parse::<u32>() {
                    Ok(bits) if (1..=64).contains(&bits) => {
                        let bits = Spanned {
                            value: bits,
                            span: lit.span(),
                        };
                        set_once(cx, &meta, BITS, &mut out.bits, bits);
                    }
                    _ => cx.error_spanned_by(
                        &lit,
                        format!("`{BITS} = {lit}` is not a width; a bit field is 1 to 64 bits wide"),
                    ),
                }
            } else if meta.path == DEFAULT {
                let span = meta.path.span();
                let path = match meta.input.peek(syn::Token![=]) {
                    true => Some(meta.value()?.parse::<syn::ExprPath>()?),
                    false => None,
                };
                let default = Spanned { value: path, span };
                set_once(cx, &meta, DEFAULT, &mut out.default, default);
            } else if meta.path == WITH {
                let codec: syn::Type = meta.value()?.parse()?;
                set_once(cx, &meta, WITH, &mut out.with, codec);
            } else if meta.path == PRESENCE_BIT {
                let lit: syn::LitInt = meta.value()?.parse()?;
                match lit.base10_parse::<u8>() {
                    Ok(bit) if bit <= 7 => {
                        let bit = Spanned {
                            value: bit,
                            span: lit.span(),
                        };
                        set_once(cx, &meta, PRESENCE_BIT, &mut out.presence_bit, bit);
                    }
                    _ => cx.error_spanned_by(
                        &lit,
                        format!(
                            "presence bit {lit} does not exist: the flags byte has bits 0 to 7"
                        ),
                    ),
                }
            } else if CONTAINER_KEYWORDS.iter().any(|key| meta.path == *key) {
                skip_value(&meta)?;
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "`{}` applies to a whole struct or enum, not to a field; move it above the type",
                        path_name(&meta.path)
                    ),
                );
            } else if VARIANT_KEYWORDS.iter().any(|key| meta.path == *key) {
                skip_value(&meta)?;
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "`{}` applies to an enum variant, not to a field; move it onto the variant",
                        path_name(&meta.path)
                    ),
                );
            } else {
                skip_value(&meta)?;
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "unknown binary attribute `{}`; on a field, expected `{SKIP}`, `{DETAIL}`, `{LEN} = u8|u16|u32`, `{COUNT} = field`, `{WITH} = Codec`, `{PRESENCE_BIT} = N`, `{BITS} = N`, `{DEFAULT}`, `{BIG_ENDIAN}` or `{LITTLE_ENDIAN}`",
                        path_name(&meta.path)
                    ),
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

/// `#[binary(...)]` on an enum variant.
#[derive(Default)]
pub struct VariantAttrs {
    /// `unknown`: the variant that keeps any tag this reader does not know.
    pub unknown: Option<Span>,
}

/// Parses the `#[binary(...)]` attributes of an enum variant.
pub fn variant_attrs(cx: &mut Ctxt, attrs: &[syn::Attribute]) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for attr in binary_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path == UNKNOWN {
                let span = meta.path.span();
                set_once(cx, &meta, UNKNOWN, &mut out.unknown, span);
            } else {
                skip_value(&meta)?;
                let elsewhere = if FIELD_KEYWORDS.iter().any(|key| meta.path == *key) {
                    "; it applies to fields, so move it onto one"
                } else if CONTAINER_KEYWORDS.iter().any(|key| meta.path == *key) {
                    "; it applies to the whole enum, so move it above the enum"
                } else {
                    ""
                };
                cx.error_spanned_by(
                    &meta.path,
                    format!(
                        "`{}` does not apply to an enum variant, where only `{UNKNOWN}` does{elsewhere}",
                        path_name(&meta.path)
                    ),
                );
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

fn binary_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|attr| attr.path() == BINARY)
}

fn set_once<T>(cx: &mut Ctxt, meta: &ParseNestedMeta, key: Symbol, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(&meta.path, format!("duplicate `{key}` attribute; keep one"));
    } else {
        *slot = Some(value);
    }
}

/// `Err` for tokens that do not parse (parsing of this attribute stops);
/// `Ok(None)` for a value that parses but is wrong (recorded in `cx`, and
/// parsing goes on to the next key).
fn parse_tag(cx: &mut Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Spanned<[u8; 4]>>> {
    let lit: syn::Lit = meta.value()?.parse()?;
    let syn::Lit::ByteStr(bytes) = &lit else {
        cx.error_spanned_by(
            &lit,
            format!("expected a byte string of four bytes, like `{TAG} = b\"STAT\"`"),
        );
        return Ok(None);
    };
    let value = bytes.value();
    match <[u8; 4]>::try_from(value.as_slice()) {
        Ok(tag) => Ok(Some(Spanned {
            value: tag,
            span: lit.span(),
        })),
        Err(_) => {
            cx.error_spanned_by(
                &lit,
                format!("a tag is exactly 4 bytes, this one has {}", value.len()),
            );
            Ok(None)
        }
    }
}

/// Like [`parse_tag`]. A path, like `msb` or `::memscope_binary`, written
/// without quotes: it is resolved where the derive is used.
fn parse_crate_path(cx: &mut Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<syn::Path>> {
    let value = meta.value()?;
    if let Ok(lit) = value.fork().parse::<syn::Lit>() {
        let _: syn::Lit = value.parse()?;
        let hint = match &lit {
            syn::Lit::Str(path) => {
                format!("; write it without quotes: `{CRATE} = {}`", path.value())
            }
            _ => String::new(),
        };
        cx.error_spanned_by(
            &lit,
            format!("expected the path of the memscope-binary crate, like `{CRATE} = msb`{hint}"),
        );
        return Ok(None);
    }
    value.call(syn::Path::parse_mod_style).map(Some)
}

/// Like [`parse_tag`]: `Err` only for tokens that do not parse.
fn parse_len(cx: &mut Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Spanned<LenWidth>>> {
    let ident: syn::Ident = meta.value()?.parse()?;
    let value = match ident.to_string().as_str() {
        "u8" => LenWidth::U8,
        "u16" => LenWidth::U16,
        "u32" => LenWidth::U32,
        other => {
            cx.error_spanned_by(
                &ident,
                format!("`{other}` is not a length prefix width; expected `{LEN} = u8`, `{LEN} = u16` or `{LEN} = u32`"),
            );
            return Ok(None);
        }
    };
    Ok(Some(Spanned {
        value,
        span: ident.span(),
    }))
}

/// Consumes `= value` after an unknown or misplaced key so parsing can go
/// on to the next key and report its errors too.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _group: proc_macro2::Group = meta.input.parse()?;
    }
    Ok(())
}

fn path_name(path: &syn::Path) -> String {
    quote::ToTokens::to_token_stream(path)
        .to_string()
        .replace(' ', "")
}
