//! Every attribute keyword, named once, as serde_derive's `symbol.rs` does:
//! `attr.rs` parses them, `valid.rs` names them in its messages, and a
//! keyword cannot be misspelt in one place only.

use std::fmt::{self, Display};

/// A keyword of `#[binary(...)]`.
#[derive(Clone, Copy)]
pub struct Symbol(&'static str);

/// The attribute namespace: `#[binary(...)]`.
pub const BINARY: Symbol = Symbol("binary");

// On a struct or enum.
pub const BIG_ENDIAN: Symbol = Symbol("big_endian");
pub const CRATE: Symbol = Symbol("crate");
pub const EXTENSIBLE: Symbol = Symbol("extensible");
pub const MAX_DEPTH: Symbol = Symbol("max_depth");
pub const SIZE: Symbol = Symbol("size");
pub const TAG: Symbol = Symbol("tag");

// On an enum variant.
pub const UNKNOWN: Symbol = Symbol("unknown");

// On a field.
pub const BITS: Symbol = Symbol("bits");
pub const COUNT: Symbol = Symbol("count");
pub const DEFAULT: Symbol = Symbol("default");
pub const DETAIL: Symbol = Symbol("detail");
pub const LEN: Symbol = Symbol("len");
pub const LITTLE_ENDIAN: Symbol = Symbol("little_endian");
pub const PRESENCE_BIT: Symbol = Symbol("presence_bit");
pub const SKIP: Symbol = Symbol("skip");
pub const WITH: Symbol = Symbol("with");

/// The keywords that belong on a field, for the error that finds one on a
/// whole struct or enum.
/// (`big_endian` belongs on both.)
pub const FIELD_KEYWORDS: [Symbol; 9] = [
    SKIP,
    DETAIL,
    LEN,
    COUNT,
    WITH,
    PRESENCE_BIT,
    DEFAULT,
    BITS,
    LITTLE_ENDIAN,
];

/// The keywords that belong on a whole struct or enum, for the error that
/// finds one on a field.
pub const CONTAINER_KEYWORDS: [Symbol; 5] = [TAG, SIZE, CRATE, MAX_DEPTH, EXTENSIBLE];

/// The keywords that belong on an enum variant.
pub const VARIANT_KEYWORDS: [Symbol; 1] = [UNKNOWN];

impl PartialEq<Symbol> for syn::Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &syn::Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
