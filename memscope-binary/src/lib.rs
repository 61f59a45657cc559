//! A fast, compact, validated little-endian binary encoding for plain Rust
//! types, driven by `#[derive(BinaryRecord)]`.
//!
//! The heart of the crate is [`BinaryRecord`], a little-endian encoding
//! with two [`Layout`]s (basic and detailed), and its derive:
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[binary(size = 24)]
//! struct Allocation {
//!     ptr: usize,
//!     size: usize,
//!     timestamp: u64,
//!     #[binary(detail, presence_bit = 0)]
//!     var_name: Option<String>,
//!     #[binary(skip)]
//!     thread_id: u64,
//! }
//!
//! let a = Allocation { ptr: 0x1000, size: 64, timestamp: 7, var_name: Some("buf".into()), thread_id: 3 };
//! let basic = a.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(basic.len(), 24);
//! let detailed = a.to_bytes(Layout::Detailed).unwrap();
//! assert_eq!(detailed.len(), 24 + 2 + 3 + 1);
//!
//! let (back, used) = Allocation::decode_slice(&detailed, Layout::Detailed).unwrap();
//! assert_eq!(used, detailed.len());
//! assert_eq!(back.var_name.as_deref(), Some("buf"));
//! assert_eq!(back.thread_id, 0); // skipped: `Default` on read
//! ```
//!
//! # Attributes of `#[derive(BinaryRecord)]`
//!
//! Each is shown with an example in [`attributes`]:
//!
//! | attribute | on | effect |
//! |---|---|---|
//! | `#[binary(tag = b"STAT")]` | struct, enum | four bytes written first and checked on read; a wrong tag is [`CodecError::TagMismatch`] |
//! | `#[binary(size = 60)]` | struct, enum | a compile error, stating both numbers, unless the basic encoding is exactly 60 bytes (on an enum: unless every variant's is) |
//! | `#[binary(max_depth = 64)]` | recursive type | how many levels of it decoding accepts, 128 without it; one more is [`CodecError::TooDeep`], never a stack overflow |
//! | `#[binary(crate = msb)]` | struct, enum | the path through which the generated code names this crate, `::memscope_binary` by default: for a dependency renamed in Cargo.toml or a crate that re-exports this one |
//! | `#[binary(big_endian)]` | struct, enum, field | its integers, floats, length prefixes, counts, enum tags, frame lengths and bit-field groups are big-endian (a nested derived type keeps its own order) |
//! | `#[binary(little_endian)]` | field | one field of a `big_endian` type back to little-endian |
//! | `#[binary(extensible)]` | struct, enum | each body (the struct's, each variant's) begins with its length, a `u32`: older readers skip fields they do not know, newer ones default the `default` fields an older writer left out; no upper size bound |
//! | `#[binary(unknown)]` | enum variant | keeps a tag no other variant claims: with its body (`tag`, `bytes`) in an `extensible` enum, alone (`Other(u16)`) when the other variants have no fields; written back byte for byte |
//! | `#[binary(skip)]` | field | never written; `Default::default()` on read |
//! | `#[binary(detail)]` | field | written only in [`Layout::Detailed`]; `Default` when reading the basic layout |
//! | `#[binary(len = u8 \| u16 \| u32)]` | sequence | the width of its length prefix (default `u16` for strings, `u32` otherwise); a longer value is an error on write |
//! | `#[binary(count = field)]` | sequence | no length prefix: its length is the value of the earlier unsigned integer field named, written once; on write, a length that differs is [`CodecError::CountMismatch`] |
//! | `#[binary(with = Codec)]` | field | encode with `Codec: `[`FieldCodec`]`<FieldType>` |
//! | `#[binary(presence_bit = N)]` | `Option<T>` | written as `T` (the empty `T::default()` when `None`), and bit N of a flags byte that ends the record says which it is, so `None` and `Some("")` stay distinct |
//! | `#[binary(bits = N)]` | integer, `bool`, fieldless enum | N bits; consecutive bit fields share whole bytes, from the least significant bit up; a value too wide is [`CodecError::BitsOverflow`] naming the field, an unused bit set is [`CodecError::UnusedBits`] |
//! | `#[binary(default)]`, `#[binary(default = path)]` | trailing field of an `extensible` type | when an older writer's record ends before it: `Default::default()`, or `path()` |
//!
//! Structs may be named, tuple or unit structs, generic or not. Enums need
//! an integer `#[repr]`: a value is its discriminant as that integer,
//! little-endian, then the fields of its variant, with every field
//! attribute working inside a variant. A discriminant that names no
//! variant is a [`CodecError::InvalidDiscriminant`] naming the enum, the
//! value and the offset.
//!
//! ```
//! use memscope_binary::{BinaryRecord, EncodedSize, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[repr(u8)]
//! enum Event {
//!     Alloc { ptr: u64, size: u64 } = 1,
//!     Free { ptr: u64 } = 2,
//!     Realloc { old: u64, new: u64, size: u64 } = 3,
//! }
//!
//! let free = Event::Free { ptr: 0x1000 };
//! let bytes = free.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes, [2, 0x00, 0x10, 0, 0, 0, 0, 0, 0]);
//! assert_eq!(Event::decode_slice(&bytes, Layout::Basic).unwrap(), (free, 9));
//! // The tag, then the smallest and the largest variant.
//! assert_eq!(Event::BASIC_SIZE, EncodedSize { min: 9, max: Some(25) });
//! assert!(Event::decode_slice(&[4, 0, 0, 0, 0, 0, 0, 0, 0], Layout::Basic).is_err());
//! ```
//!
//! # Std types
//!
//! | type | on the wire |
//! |---|---|
//! | `u8` ... `u128`, `i8` ... `i128`, `f32`, `f64` | little-endian |
//! | `usize`, `isize` | 8 bytes, so 32- and 64-bit machines read each other; a value that does not fit is an error |
//! | `bool`, `char` | 1 byte (0 or 1), 4 bytes (a Unicode scalar value) |
//! | `String`, `Box<str>`, `Rc<str>`, `Arc<str>`, `Cow<str>`, `&str` | a `u16` length, then UTF-8 |
//! | `Vec<T>`, `Box<[T]>`, `Rc<[T]>`, `Arc<[T]>`, `Cow<[T]>`, `&[u8]` | a `u32` count, then the elements |
//! | `HashMap`, `BTreeMap`, `HashSet`, `BTreeSet` | a `u32` count, then the entries (key, value) in a canonical order: a B-tree's key order; a hash table's keys sorted by their encodings (as byte strings), whatever the insertion order, capacity or hasher seed, so equal maps give equal bytes. Any order decodes; a repeated key is [`CodecError::DuplicateKey`] |
//! | `Option<T>` | a tag byte (0 or 1), then the value |
//! | `[T; N]`, tuples | the elements, no count |
//! | `Box<T>`, `Rc<T>`, `Arc<T>` | `T` |
//! | `Duration` | seconds (`u64`), then nanoseconds (`u32`, under 1,000,000,000) |
//! | `NonZeroU32` and the other `NonZero` integers | the integer; zero is [`CodecError::InvalidValue`] |
//! | `Ipv4Addr`, `Ipv6Addr` | the 4 or 16 octets |
//!
//! A `#[repr(packed)]` struct derives too: its fields are copied out, never
//! referenced, so they must be `Copy`.
//!
//! ```
//! use std::collections::BTreeMap;
//! use std::time::Duration;
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Timings {
//!     by_phase: BTreeMap<Box<str>, Duration>,
//! }
//!
//! let timings = Timings { by_phase: [("parse".into(), Duration::from_millis(3))].into() };
//! let bytes = timings.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes.len(), 4 + (2 + 5) + (8 + 4));
//! assert_eq!(Timings::decode_slice(&bytes, Layout::Basic).unwrap().0, timings);
//! ```
//!
//! # Bulk copies
//!
//! A struct whose fields are fixed-size integers, floats, or arrays and
//! structs of them, and which lies in memory exactly as on the wire
//! (declaration order, no padding, a little-endian target) is *plain*: a
//! `Vec`, slice, boxed slice or array of it is written with one `write_all`
//! and decoded with one `memcpy`. The derive decides this at compile time
//! with `offset_of!` and `size_of`, with no attribute; any other struct, or
//! any target where the proof fails, is encoded field by field, to the same
//! bytes. `Vec<u8>`, `&[u8]`, `String` and `&str` are one copy too. See
//! [`BinaryRecord::write_many`] and [`BinaryRecord::decode_many`].
//!
//! # Borrowed decoding: one trait family
//!
//! [`BinaryRecord`] is the one trait every encodable type implements, owned
//! or borrowed: its encoding (`write_with`, `to_bytes`, `encoded_len`),
//! its sizes and its [`Schema`]. Decoding from a slice that outlives the
//! value is its subtrait [`BorrowRecord<'de>`](BorrowRecord), as serde's
//! `Deserialize<'de>`. A type whose written fields name one of its
//! lifetimes (`&'a str`, `&'a [u8]`, `Cow<'a, str>`, `Cow<'a, [u8]>`, or
//! derived types with lifetimes) decodes straight from the input slice,
//! with `decode_borrowed`, its strings and byte slices pointing into it;
//! every other type also decodes owned (`decode_slice`, `read_with`). The
//! bytes are those of the owned type with the same fields, checked the
//! same way, and owned types implement `BorrowRecord` too, so the two
//! nest:
//!
//! ```
//! use memscope_binary::{BinaryRecord, BorrowRecord, Layout};
//!
//! #[derive(BinaryRecord)]
//! struct Owned {
//!     ptr: u64,
//!     #[binary(detail, presence_bit = 0)]
//!     name: Option<String>,
//! }
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Borrowed<'a> {
//!     ptr: u64,
//!     #[binary(detail, presence_bit = 0)]
//!     name: Option<&'a str>,
//! }
//!
//! let bytes = Owned { ptr: 1, name: Some("buf".into()) }.to_bytes(Layout::Detailed).unwrap();
//! let (record, used) = Borrowed::decode_borrowed(&bytes, Layout::Detailed).unwrap();
//! assert_eq!((&record, used), (&Borrowed { ptr: 1, name: Some("buf") }, bytes.len()));
//! // And it writes what it read, with the same methods as any record.
//! assert_eq!(record.to_bytes(Layout::Detailed).unwrap(), bytes);
//! ```
//!
//! # Reflection
//!
//! [`BinaryRecord::schema`] describes a type's wire layout in a layout: its
//! name, tag and size, and each piece in wire order with its type as
//! written, its offset (until a piece of variable size) and its size; a
//! [`Schema::fingerprint`] changes with any of it. [`hexdump::annotate`]
//! shows one record's bytes piece by piece, each with its field path.
//! FORMAT.md's record tables are checked against `schema()` by
//! `memscope-export/tests/format_tables.rs`.
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout, hexdump};
//!
//! #[derive(BinaryRecord)]
//! struct Block { ptr: u64, #[binary(len = u8)] name: String }
//!
//! let schema = Block::schema(Layout::Basic);
//! assert_eq!((schema.fields[1].name, schema.fields[1].offset), ("name", Some(8)));
//! let bytes = Block { ptr: 1, name: "a".into() }.to_bytes(Layout::Basic).unwrap();
//! let dump = hexdump::annotate::<Block>(&bytes, Layout::Basic).unwrap();
//! assert_eq!(dump.pieces[1].path, "Block.name");
//! ```
//!
//! # Errors
//!
//! Every codec failure is a [`CodecError`] naming the field path and the byte
//! offset, e.g. `invalid utf-8 at byte 40 in AllocationInfo.type_name`.
//!
//! # Without `std`
//!
//! With `default-features = false` the crate needs `alloc` alone: `String`,
//! `Vec`, `Box`, `Rc`, `Arc`, `Cow`, `BTreeMap` and `BTreeSet` keep their
//! encodings, readers and writers are [`io::Read`] and [`io::Write`] (the
//! crate's own traits, implemented for `&[u8]` and `Vec<u8>`; with `std`
//! they are `std::io`'s), and a `#![no_std]` crate derives `BinaryRecord`
//! as any other. Hash maps and sets need `std`. Recursion depth is then
//! counted in one atomic for the program instead of per thread.
//! `memscope-binary/no-std-check/` is such a crate; `.ci/run` builds it for
//! `thumbv7em-none-eabi`.
//!
//! # The rest of the workspace
//!
//! This crate is the framework alone: its only dependencies are the derive
//! and `thiserror` (and, without `std`, the `alloc` crate). The memory tracker (`memscope-tracker`) and the file
//! export and reader (`memscope-export`) are built on it.
#![deny(missing_docs)]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;
// Generated code names this crate `::memscope_binary`, also from inside it.
extern crate self as memscope_binary;

pub mod attributes;
mod bits;
mod codec;
mod error;
pub mod hexdump;
pub mod io;
#[macro_use]
mod impls;
mod plain;
mod record;
mod schema;
pub mod wire;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// `docs/derive.md`, the derive's guide: its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/derive.md")]
mod derive_guide {}

/// What `std`'s prelude gives, from `alloc`, for the crate's modules with
/// and without `std`.
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::format;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
}

pub use bits::BitField;
pub use codec::{BorrowPrefixed, FieldCodec, LengthPrefixed, UnknownBody};
pub use error::{
    BitsDetails, CodecError, CountDetails, DiscriminantDetails, FieldPath, LenWidth, Location,
    PathSegment, RangeDetails, TagBytes, ValueDetails,
};
pub use impls::containers::{STRING_LEN, VEC_LEN};
pub use memscope_binary_derive::BinaryRecord;
pub use record::{BinaryRecord, BorrowRecord, EncodedSize, Layout};
pub use schema::{FieldSchema, Schema};
