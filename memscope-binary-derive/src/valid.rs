//! Every semantic check of the model, each error spanned at the tokens at
//! fault and saying what to do. All of them run, so one compile reports
//! every mistake.

use crate::ast::{Data, Enum, Field, Input, Variant};
use crate::ctxt::Ctxt;
use crate::symbol::{
    BIG_ENDIAN, BINARY, BITS, COUNT, DEFAULT, DETAIL, EXTENSIBLE, LEN, LITTLE_ENDIAN, MAX_DEPTH,
    PRESENCE_BIT, SIZE, SKIP, UNKNOWN, WITH,
};

/// Checks the whole input.
pub fn validate(cx: &mut Ctxt, input: &Input) {
    validate_extensible(cx, input);
    if let Some(depth) = &input.attrs.max_depth
        && !input.is_recursive()
    {
        cx.syn_error(syn::Error::new(
            depth.span,
            format!("`{MAX_DEPTH}` bounds how deeply a recursive type nests, but no written field of `{}` contains it; remove `{MAX_DEPTH}`", input.ident()),
        ));
    }
    match &input.data {
        Data::Struct(fields) => validate_struct(cx, input, fields),
        Data::Enum(e) => validate_enum(cx, input, e),
        Data::Union(union) => cx.syn_error(syn::Error::new(
            union.union_token.span,
            "BinaryRecord cannot be derived for a union: which field to write is not known; use a struct or an enum",
        )),
    }
}

fn validate_struct(cx: &mut Ctxt, input: &Input, fields: &[Field]) {
    validate_size(cx, input);
    validate_fields(cx, input, fields);
}

/// `extensible` records grow: no fixed size can be promised for them.
fn validate_extensible(cx: &mut Ctxt, input: &Input) {
    if let (Some(_), Some(size)) = (input.attrs.extensible, &input.attrs.size) {
        cx.syn_error(syn::Error::new(
            size.span,
            format!("`{SIZE}` promises a fixed size, but an `{EXTENSIBLE}` record writes its own length and grows when a newer version adds fields; remove `{SIZE}` or `{EXTENSIBLE}`"),
        ));
    }
}

/// `default` fields: only in an extensible record (where a reader can tell
/// that the writer left them out), at the end (a writer that predates one
/// left out every field after it too), and without a presence bit (a
/// reader that predates it would refuse the bit).
fn validate_defaults(cx: &mut Ctxt, input: &Input, fields: &[Field]) {
    let mut first_default: Option<&Field> = None;
    for field in fields.iter().filter(|f| f.attrs.skip.is_none()) {
        match (&field.attrs.default, first_default) {
            (Some(default), _) => {
                if input.attrs.extensible.is_none() {
                    cx.syn_error(syn::Error::new(
                        default.span,
                        format!("`{DEFAULT}` gives a field its default value when an older writer left it out, which only a record that writes its own length can tell; add `#[{BINARY}({EXTENSIBLE})]` to `{}` or remove `{DEFAULT}`", input.ident()),
                    ));
                }
                if let Some(bit) = &field.attrs.presence_bit {
                    cx.syn_error(syn::Error::new(
                        bit.span,
                        format!("`{DEFAULT}` and `{PRESENCE_BIT}` together: a reader from before this field would refuse its bit in the flags byte; use a plain `Option<T>` (a tag byte) for a field added later"),
                    ));
                }
                first_default.get_or_insert(field);
            }
            (None, Some(first)) => cx.error_spanned_by(
                &field.member,
                format!(
                    "`{}` comes after the `{DEFAULT}` field `{}`, so it must be `{DEFAULT}` too: a writer from before `{}` left out every field after it; mark it `#[{BINARY}({DEFAULT})]` or move it above `{}`",
                    field.name, first.name, first.name, first.name
                ),
            ),
            (None, None) => {}
        }
    }
}

/// `size = N` is checked against constants, which type parameters make
/// unknowable.
fn validate_size(cx: &mut Ctxt, input: &Input) {
    if let Some(size) = &input.attrs.size
        && input.has_type_params()
    {
        cx.syn_error(syn::Error::new(
                size.span,
                format!("`{SIZE}` cannot be checked on a generic type: its size depends on the type parameters; remove `{SIZE}` or make the type concrete"),
            ));
    }
}

/// The checks that apply to the fields of a struct and of each variant.
fn validate_fields(cx: &mut Ctxt, input: &Input, fields: &[Field]) {
    for field in fields {
        validate_field(cx, input, field);
    }
    validate_presence_bits(cx, fields);
    validate_bit_groups(cx, fields);
    validate_counts(cx, fields);
    validate_defaults(cx, input, fields);
}

fn validate_field(cx: &mut Ctxt, input: &Input, field: &Field) {
    let attrs = &field.attrs;
    if let Some(skip) = attrs.skip {
        let conflicts = [
            (DETAIL, attrs.detail.is_some()),
            (LEN, attrs.len.is_some()),
            (COUNT, attrs.count.is_some()),
            (WITH, attrs.with.is_some()),
            (PRESENCE_BIT, attrs.presence_bit.is_some()),
            (DEFAULT, attrs.default.is_some()),
            (BITS, attrs.bits.is_some()),
        ];
        for (other, present) in conflicts {
            if present {
                cx.syn_error(syn::Error::new(
                    skip,
                    format!("`{SKIP}` and `{other}` together: a skipped field is never written; remove one of them"),
                ));
            }
        }
        // A skipped field is never encoded, so its type does not matter.
        return;
    }
    if let (Some(big), Some(_)) = (attrs.big_endian, attrs.little_endian) {
        cx.syn_error(syn::Error::new(
            big,
            format!("`{BIG_ENDIAN}` and `{LITTLE_ENDIAN}` together: a field has one byte order; keep one"),
        ));
    }
    if attrs.with.is_some() {
        for order in [attrs.big_endian, attrs.little_endian]
            .into_iter()
            .flatten()
        {
            cx.syn_error(syn::Error::new(
                order,
                format!("a byte order and `{WITH}` together: a custom codec writes its own bytes, in its own order; remove the byte order"),
            ));
        }
    }
    if let Some(bits) = &attrs.bits {
        let conflicts = [
            (LEN, attrs.len.is_some(), "a bit field has no length"),
            (COUNT, attrs.count.is_some(), "a bit field has no length"),
            (
                WITH,
                attrs.with.is_some(),
                "a custom codec writes whole bytes",
            ),
            (
                PRESENCE_BIT,
                attrs.presence_bit.is_some(),
                "an optional field is not a bit field; give `Option` a bit field of its own, or use a `bool` bit field beside the value",
            ),
            (
                DEFAULT,
                attrs.default.is_some(),
                "a field added later starts its own bytes, so a reader from before it can skip them",
            ),
        ];
        for (other, present, why) in conflicts {
            if present {
                cx.syn_error(syn::Error::new(
                    bits.span,
                    format!("`{BITS}` and `{other}` together: {why}; remove one of them"),
                ));
            }
        }
    }
    if let (Some(len), Some(_)) = (&attrs.len, &attrs.with) {
        cx.syn_error(syn::Error::new(
            len.span,
            format!("`{LEN}` and `{WITH}` together: a custom codec writes its own length; remove one of them"),
        ));
    }
    if let Some(count) = &attrs.count {
        let conflicts = [
            (
                LEN,
                attrs.len.is_some(),
                "the length is the counting field's value, not a prefix",
            ),
            (
                WITH,
                attrs.with.is_some(),
                "a custom codec writes its own length",
            ),
            (
                PRESENCE_BIT,
                attrs.presence_bit.is_some(),
                "an absent value has no length to count",
            ),
        ];
        for (other, present, why) in conflicts {
            if present {
                cx.syn_error(syn::Error::new(
                    count.span,
                    format!("`{COUNT}` and `{other}` together: {why}; remove one of them"),
                ));
            }
        }
    }
    if let Some(bit) = &attrs.presence_bit
        && field.recursive
    {
        cx.syn_error(syn::Error::new(
                bit.span,
                format!("`{PRESENCE_BIT}` on a field that contains the type itself: an absent value is written as the empty value, whose own field would be written as the empty value, forever; drop `{PRESENCE_BIT}` (an `Option` is then a tag byte and the value)"),
            ));
    }
    if let Some(bit) = &attrs.presence_bit
        && field.option_inner().is_none()
    {
        cx.syn_error(syn::Error::new(
                bit.span,
                format!("`{PRESENCE_BIT}` marks an optional field, but this field is not an `Option<T>`; change its type or remove the attribute"),
            ));
    }
    check_reference(cx, input, field.ty);
    if field.attrs.presence_bit.is_some()
        && let Some(inner) = field.option_inner()
    {
        check_reference(cx, input, inner);
    }
}

/// A reference field borrows from the input it is decoded from, so it must
/// be shared and name one of the type's lifetimes; a raw pointer has no
/// encoding at all.
fn check_reference(cx: &mut Ctxt, input: &Input, ty: &syn::Type) {
    match ty {
        syn::Type::Reference(reference) => {
            let lifetimes: Vec<&syn::Lifetime> =
                input.generics().lifetimes().map(|param| &param.lifetime).collect();
            if reference.mutability.is_some() {
                cx.error_spanned_by(
                    ty,
                    format!("a mutable reference cannot be decoded: decoding borrows the input it reads, which is shared; use `&'a [u8]`, `&'a str` or an owned type, or `#[{BINARY}({SKIP})]`"),
                );
            } else if !reference
                .lifetime
                .as_ref()
                .is_some_and(|lifetime| lifetimes.contains(&lifetime))
            {
                let ident = input.ident();
                let lifetime = match &reference.lifetime {
                    Some(lifetime) => format!("`{lifetime}`, which is not a lifetime of `{ident}`"),
                    None => "no lifetime".to_owned(),
                };
                cx.error_spanned_by(
                    ty,
                    format!("a reference field borrows from the bytes it is decoded from, so `{ident}` needs a lifetime for it, but this one has {lifetime}; write `struct {ident}<'a> {{ field: &'a str }}`, use an owned type (`String`, `Vec<u8>`), or `#[{BINARY}({SKIP})]`"),
                );
            }
        }
        syn::Type::Ptr(_) => cx.error_spanned_by(
            ty,
            format!("a raw pointer has no portable encoding; store the address as `usize` or mark the field `#[{BINARY}({SKIP})]`"),
        ),
        syn::Type::Group(group) => check_reference(cx, input, &group.elem),
        syn::Type::Paren(paren) => check_reference(cx, input, &paren.elem),
        _ => {}
    }
}

/// Presence bits are unique, and all written in the same layouts: the flags
/// byte must mean the same thing wherever it appears.
fn validate_presence_bits(cx: &mut Ctxt, fields: &[Field]) {
    let mut seen: [Option<&str>; 8] = [None; 8];
    let mut first_detail: Option<bool> = None;
    for field in fields.iter().filter(|f| f.attrs.skip.is_none()) {
        let Some(bit) = &field.attrs.presence_bit else {
            continue;
        };
        let slot = &mut seen[usize::from(bit.value)];
        match slot {
            Some(other) => cx.syn_error(syn::Error::new(
                bit.span,
                format!(
                    "presence bit {} is already used by `{other}`; give each optional field its own bit",
                    bit.value
                ),
            )),
            None => *slot = Some(&field.name),
        }
        let detail = field.attrs.detail.is_some();
        match first_detail {
            None => first_detail = Some(detail),
            Some(first) if first != detail => cx.syn_error(syn::Error::new(
                bit.span,
                format!("fields with `{PRESENCE_BIT}` must all be `{DETAIL}` or all not: the flags byte is written in the layouts where they are"),
            )),
            Some(_) => {}
        }
    }
}

/// Each group of consecutive bit fields (written in the same layouts) fits
/// in 64 bits: the group is read and written as one integer.
fn validate_bit_groups(cx: &mut Ctxt, fields: &[Field]) {
    let mut total = 0;
    let mut detail = None;
    for field in fields.iter().filter(|f| f.attrs.skip.is_none()) {
        let Some(bits) = &field.attrs.bits else {
            (total, detail) = (0, None);
            continue;
        };
        let this_detail = field.attrs.detail.is_some();
        if detail != Some(this_detail) {
            (total, detail) = (0, Some(this_detail));
        }
        total += bits.value;
        if total > 64 && total - bits.value <= 64 {
            cx.syn_error(syn::Error::new(
                bits.span,
                format!(
                    "this bit field makes its group {total} bits wide, but a group of consecutive bit fields holds at most 64; put a field that is not a bit field between two groups, or narrow the fields"
                ),
            ));
        }
    }
}

/// `count = field` names an earlier field of the same struct or variant,
/// an unsigned integer written wherever the counted field is: the decoder
/// must have read the count before it reads the elements.
fn validate_counts(cx: &mut Ctxt, fields: &[Field]) {
    for (index, field) in fields.iter().enumerate() {
        let Some(count) = &field.attrs.count else {
            continue;
        };
        if field.attrs.skip.is_some() {
            continue;
        }
        let name = member_name(&field.member);
        let Some(position) = fields.iter().position(|f| f.member == count.value) else {
            cx.syn_error(syn::Error::new(
                count.span,
                format!("`{COUNT} = {}`: there is no such field here; name an earlier field that holds the length", member_name(&count.value)),
            ));
            continue;
        };
        let counter = &fields[position];
        let counter_name = member_name(&counter.member);
        if position == index {
            cx.syn_error(syn::Error::new(
                count.span,
                format!("`{COUNT}` names `{name}` itself: a field cannot hold its own length; name an earlier field that holds it"),
            ));
            continue;
        }
        if position > index {
            cx.syn_error(syn::Error::new(
                count.span,
                format!("`{COUNT}` names `{counter_name}`, which comes after `{name}`: a decoder reads the length before `{name}`, so the counting field must come first; move `{counter_name}` above `{name}`"),
            ));
            continue;
        }
        if counter.attrs.skip.is_some() {
            cx.syn_error(syn::Error::new(
                count.span,
                format!("`{COUNT}` names `{counter_name}`, which is `{SKIP}`ped: a length that is never written cannot be read back; remove `{SKIP}` from it"),
            ));
        } else if counter.attrs.detail.is_some() && field.attrs.detail.is_none() {
            cx.syn_error(syn::Error::new(
                count.span,
                format!("`{COUNT}` names `{counter_name}`, which is `{DETAIL}` while `{name}` is not: in the basic layout `{name}` would have no length; make both `{DETAIL}` or neither"),
            ));
        } else if !is_unsigned_integer(counter.ty) {
            let ty = quote::ToTokens::to_token_stream(counter.ty)
                .to_string()
                .replace(' ', "");
            cx.syn_error(syn::Error::new(
                count.span,
                format!("`{COUNT}` names `{counter_name}`, which is `{ty}`, not an unsigned integer; the length must be held in a `u8`, `u16`, `u32`, `u64` or `usize` field"),
            ));
        }
    }
}

/// `u8`, `u16`, `u32`, `u64` or `usize`, written as such.
pub fn is_unsigned_integer(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            path.path.get_ident().is_some_and(|ident| {
                ["u8", "u16", "u32", "u64", "usize"].contains(&ident.to_string().as_str())
            })
        }
        syn::Type::Group(group) => is_unsigned_integer(&group.elem),
        syn::Type::Paren(paren) => is_unsigned_integer(&paren.elem),
        _ => false,
    }
}

fn member_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}

fn validate_enum(cx: &mut Ctxt, input: &Input, e: &Enum) {
    validate_size(cx, input);
    match &e.repr {
        None => cx.error_spanned_by(
            input.ident(),
            "an enum needs an integer representation to be encoded; add `#[repr(u8)]` (or another integer type) above it",
        ),
        Some(repr) => {
            for variant in &e.variants {
                validate_discriminant(cx, repr, variant);
            }
        }
    }
    for variant in &e.variants {
        validate_fields(cx, input, &variant.fields);
    }
    validate_unknown(cx, input, e);
}

/// `unknown` marks one variant, which keeps any tag the reader does not
/// know: with its body, in an extensible enum (`tag` and `bytes`), or as
/// the tag alone when the other variants have no fields (`Other(u16)`).
fn validate_unknown(cx: &mut Ctxt, input: &Input, e: &Enum) {
    let mut unknowns = e.variants.iter().filter(|v| v.attrs.unknown.is_some());
    let Some(unknown) = unknowns.next() else {
        return;
    };
    for other in unknowns {
        if let Some(span) = other.attrs.unknown {
            cx.syn_error(syn::Error::new(
                span,
                format!("`{UNKNOWN}` is already on `{}`: one variant keeps every tag this reader does not know; remove one of them", unknown.ident),
            ));
        }
    }
    let span = unknown.attrs.unknown.expect("filtered on `unknown`");
    let ident = unknown.ident;
    for field in &unknown.fields {
        if field.attrs.any() {
            cx.error_spanned_by(
                &field.member,
                format!("the fields of the `{UNKNOWN}` variant `{ident}` hold what was read as it was; they take no `#[{BINARY}(...)]` attributes"),
            );
        }
    }
    let repr = e.repr.as_ref();
    let others_fieldless = e
        .variants
        .iter()
        .filter(|v| v.attrs.unknown.is_none())
        .all(|v| v.fields.is_empty());
    if input.attrs.extensible.is_some() {
        // `tag` and `bytes`, named or positional.
        let names_ok = match unknown.style {
            syn::Fields::Named(_) => {
                unknown.fields.len() == 2
                    && unknown.fields[0].name.ends_with(".tag")
                    && unknown.fields[1].name.ends_with(".bytes")
            }
            syn::Fields::Unnamed(_) => unknown.fields.len() == 2,
            syn::Fields::Unit => false,
        };
        if !names_ok {
            cx.syn_error(syn::Error::new(
                span,
                format!("the `{UNKNOWN}` variant of an `{EXTENSIBLE}` enum keeps the tag and the body it read: give it two fields, `{ident} {{ tag: {repr}, bytes: Vec<u8> }}` or `{ident}({repr}, Vec<u8>)`", repr = repr_name(repr)),
            ));
        } else {
            check_tag_type(cx, unknown, &unknown.fields[0], repr);
        }
    } else if others_fieldless {
        if unknown.fields.len() != 1 {
            cx.syn_error(syn::Error::new(
                span,
                format!("the `{UNKNOWN}` variant of an enum whose variants have no fields keeps the tag it read, and nothing else: give it one field, `{ident}({})`", repr_name(repr)),
            ));
        } else {
            check_tag_type(cx, unknown, &unknown.fields[0], repr);
        }
    } else {
        cx.syn_error(syn::Error::new(
            span,
            format!("`{UNKNOWN}` keeps a variant this reader does not know, and to step over its body the reader needs its length: add `#[{BINARY}({EXTENSIBLE})]` to `{}` (every variant then carries its length), or keep `{UNKNOWN}` to enums whose other variants have no fields", input.ident()),
        ));
    }
}

/// The tag field of an `unknown` variant has the enum's repr type.
fn check_tag_type(cx: &mut Ctxt, unknown: &Variant, field: &Field, repr: Option<&syn::Ident>) {
    let Some(repr) = repr else {
        return; // reported: the enum has no repr
    };
    let matches = match strip_groups(field.ty) {
        syn::Type::Path(path) => path.qself.is_none() && path.path.is_ident(repr),
        _ => false,
    };
    if !matches {
        cx.error_spanned_by(
            field.ty,
            format!("the tag of the `{UNKNOWN}` variant `{}` is a discriminant, so its type is the enum's `#[repr({repr})]`; write `{repr}` here", unknown.ident),
        );
    }
}

fn repr_name(repr: Option<&syn::Ident>) -> String {
    repr.map_or_else(|| "u8".to_owned(), ToString::to_string)
}

fn strip_groups(ty: &syn::Type) -> &syn::Type {
    match ty {
        syn::Type::Group(group) => strip_groups(&group.elem),
        syn::Type::Paren(paren) => strip_groups(&paren.elem),
        _ => ty,
    }
}

/// An explicit discriminant written as an integer literal must fit the
/// `#[repr]` integer it is written as. (Other expressions are rustc's to
/// evaluate and check.)
fn validate_discriminant(cx: &mut Ctxt, repr: &syn::Ident, variant: &Variant) {
    let Some(expr) = variant.discriminant else {
        return;
    };
    let Some(value) = literal_value(expr) else {
        return;
    };
    let Some((min, max)) = repr_range(repr) else {
        return;
    };
    if value < min || value > max {
        cx.error_spanned_by(
            expr,
            format!(
                "discriminant {value} of `{}` does not fit `#[repr({repr})]`, which holds {min} to {max}; the discriminant is the tag on the wire, so change it or widen the repr",
                variant.ident
            ),
        );
    }
}

/// The value of `123`, `-5` or `0x1F`, when `expr` is an integer literal.
fn literal_value(expr: &syn::Expr) -> Option<i128> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse::<i128>().ok(),
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => literal_value(expr).map(|value| -value),
        syn::Expr::Group(group) => literal_value(&group.expr),
        syn::Expr::Paren(paren) => literal_value(&paren.expr),
        _ => None,
    }
}

/// The values a `#[repr]` integer holds; `None` for the pointer-sized ones,
/// whose range depends on the target.
fn repr_range(repr: &syn::Ident) -> Option<(i128, i128)> {
    Some(match repr.to_string().as_str() {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    })
}
