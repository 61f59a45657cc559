//! Every `#[binary(...)]` attribute of `#[derive(BinaryRecord)]`, and every
//! shape the derive takes, each with an example that runs as a test. (A
//! documentation-only module: it holds no items.)
//!
//! | attribute | on | effect |
//! |---|---|---|
//! | [`tag = b"ABCD"`](#tag) | struct, enum | four bytes written first and checked on read |
//! | [`size = N`](#size) | struct, enum | a compile error unless the basic encoding is exactly N bytes (on an enum: every variant's) |
//! | [`max_depth = N`](#max_depth) | recursive type | how deeply decoding nests it (128 without it) |
//! | [`crate = path`](#crate) | struct, enum | the path of this crate, for a renamed dependency |
//! | [`big_endian`](#big_endian-and-little_endian) | struct, enum, field | its integers, floats, length prefixes, counts, enum tags and bit-field groups big-endian |
//! | [`little_endian`](#big_endian-and-little_endian) | field | one field of a `big_endian` type back to little-endian |
//! | [`extensible`](#extensible) | struct, enum | each body begins with its length (`u32`), so versions of the type read each other |
//! | [`unknown`](#unknown) | enum variant | keeps any tag this reader does not know (with its body, in an `extensible` enum), and writes it back as it was |
//! | [`skip`](#skip) | field | never written; `Default` on read |
//! | [`detail`](#detail) | field | written only in [`Layout::Detailed`](crate::Layout::Detailed) |
//! | [`len = u8\|u16\|u32`](#len) | sequence field | the width of its length prefix |
//! | [`count = field`](#count) | sequence field | no prefix: the length is an earlier field's value |
//! | [`with = Codec`](#with) | field | a [`FieldCodec`](crate::FieldCodec) of the field's type |
//! | [`presence_bit = N`](#presence_bit) | `Option` field | `None` vs `Some` in bit N of a flags byte that ends the record |
//! | [`bits = N`](#bits) | integer, `bool`, fieldless enum field | N bits of whole bytes shared with the bit fields next to it |
//! | [`default`, `default = path`](#default) | field of an `extensible` type | a trailing field an older writer may have left out: `Default::default()` or `path()` then |
//!
//! | shape | see |
//! |---|---|
//! | structs (named, tuple, unit, generic, `#[repr(packed)]`) | [structs](#structs) |
//! | enums with data, `#[repr(u8 \| u16 \| u32 ...)]` | [enums](#enums) |
//! | types with lifetimes: `&'a str`, `&'a [u8]`, `Cow` | [borrowed types](#borrowed-types) |
//! | types that contain themselves | [recursive types](#recursive-types) |
//! | plain structs, copied in bulk | [bulk copies](#bulk-copies) |
//!
//! # `tag`
//!
//! ```
//! use memscope_binary::{BinaryRecord, CodecError, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[binary(tag = b"STAT")]
//! struct Stats {
//!     total: u64,
//! }
//!
//! let bytes = Stats { total: 3 }.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(&bytes[..4], b"STAT");
//! let wrong = [b"STAX".as_slice(), &bytes[4..]].concat();
//! assert!(matches!(Stats::decode_slice(&wrong, Layout::Basic), Err(CodecError::TagMismatch { .. })));
//! ```
//!
//! # `size`
//!
//! The promise is checked at compile time; a mismatch is an error stating
//! both numbers (`expected an array with a size of 16, found one with a
//! size of 24`).
//!
//! ```
//! use memscope_binary::BinaryRecord;
//!
//! #[derive(BinaryRecord)]
//! #[binary(size = 24)]
//! struct Block {
//!     ptr: u64,
//!     size: u64,
//!     timestamp: u64,
//! }
//! assert_eq!(Block::BASIC_SIZE.exact_len(), Some(24));
//! ```
//!
//! # `max_depth`
//!
//! ```
//! use memscope_binary::{BinaryRecord, CodecError, Layout};
//!
//! #[derive(BinaryRecord, Debug)]
//! #[binary(max_depth = 3)]
//! struct List {
//!     value: u8,
//!     next: Option<Box<List>>,
//! }
//!
//! // Four nested lists: value 0, Some, value 0, Some, ... None.
//! let four = [0, 1, 0, 1, 0, 1, 0, 0];
//! assert!(matches!(List::decode_slice(&four, Layout::Basic), Err(CodecError::TooDeep { limit: 3, .. })));
//! assert!(List::decode_slice(&four[2..], Layout::Basic).is_ok());
//! ```
//!
//! # `crate`
//!
//! For a crate that depends on this one under another name
//! (`msb = { package = "memscope-binary", ... }` in Cargo.toml), or
//! re-exports it:
//!
//! ```
//! use memscope_binary as msb;
//!
//! #[derive(msb::BinaryRecord)]
//! #[binary(crate = msb)]
//! struct Renamed {
//!     value: u32,
//! }
//! ```
//!
//! # `big_endian` and `little_endian`
//!
//! Everything is little-endian unless a type or a field says otherwise.
//! `#[binary(big_endian)]` on a struct or enum covers its own integers,
//! floats, length prefixes, counts, enum tags, the lengths of an
//! [`extensible`](#extensible) type and its groups of [bit fields](#bits);
//! a nested derived type keeps its own order, decided by its own
//! declaration. On a field, `big_endian` turns that field big-endian (its
//! `Vec`'s count and elements, its `Option`'s value, its map's keys and
//! values), and `little_endian` turns one field of a big-endian type back.
//! Bulk copies of plain structs stay one `memcpy` only where the wire image
//! equals memory: a big-endian sequence is written element by element. A
//! field with a custom codec (`with`) has the codec's own order.
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[binary(big_endian)]
//! struct Header {
//!     length: u32,
//!     ports: Vec<u16>,
//!     #[binary(little_endian)]
//!     host: u16,
//! }
//!
//! let header = Header { length: 0x0102_0304, ports: vec![80], host: 1 };
//! let bytes = header.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes, [1, 2, 3, 4, 0, 0, 0, 1, 0, 80, 1, 0]);
//! assert_eq!(Header::decode_slice(&bytes, Layout::Basic).unwrap().0, header);
//! ```
//!
//! # `extensible`
//!
//! The record writes the length of its fields (a little-endian `u32`, after
//! its tag if it has one) before them. A reader built from an older
//! definition reads the fields it knows and skips the rest; one built from
//! a newer definition gives each trailing [`default`](#default) field its
//! default when the writer's record ends before it. A field added without
//! `default` stays required: reading an older record is then an error
//! naming it. It works nested, in sequences, in both layouts, owned and
//! borrowed; an extensible record has no upper size bound (`max` is
//! `None`), since a newer writer may have added fields. In an extensible
//! record the presence flags byte comes first, right after the length, so
//! that the fields after it can grow.
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! mod v1 {
//!     #[derive(memscope_binary::BinaryRecord, Debug, PartialEq)]
//!     #[binary(extensible)]
//!     pub struct Sample { pub id: u32 }
//! }
//! mod v2 {
//!     #[derive(memscope_binary::BinaryRecord, Debug, PartialEq)]
//!     #[binary(extensible)]
//!     pub struct Sample {
//!         pub id: u32,
//!         #[binary(default)]
//!         pub weight: u16,
//!     }
//! }
//!
//! let new = v2::Sample { id: 1, weight: 500 }.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(new, [6, 0, 0, 0, 1, 0, 0, 0, 0xf4, 0x01]); // length 6, id, weight
//! // An old reader skips the weight; a new one defaults it in an old record.
//! assert_eq!(v1::Sample::decode_slice(&new, Layout::Basic).unwrap(), (v1::Sample { id: 1 }, 10));
//! let old = v1::Sample { id: 1 }.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(v2::Sample::decode_slice(&old, Layout::Basic).unwrap().0, v2::Sample { id: 1, weight: 0 });
//! assert_eq!(v2::Sample::BASIC_SIZE.max, None);
//! ```
//!
//! # `default`
//!
//! On a field of an [`extensible`](#extensible) type: when the record ends
//! before it, the field is `Default::default()`, or `path()` with
//! `default = path`. Every field after a `default` field is `default` too
//! (a writer from before it left them all out), and a `default` field has
//! no presence bit (a reader from before it would refuse the bit).
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! fn grams() -> String { "g".into() }
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[binary(extensible)]
//! struct Sample {
//!     id: u32,
//!     #[binary(default = grams)]
//!     unit: String,
//! }
//!
//! // A record of the version before `unit`: its length, then the id alone.
//! let old = [4, 0, 0, 0, 9, 0, 0, 0];
//! assert_eq!(Sample::decode_slice(&old, Layout::Basic).unwrap().0, Sample { id: 9, unit: "g".into() });
//! ```
//!
//! # `unknown`
//!
//! In an [`extensible`](#extensible) enum every variant carries the length
//! of its body after its tag, so a reader can step over a variant it does
//! not know. The one `#[binary(unknown)]` variant keeps such a variant
//! whole: `tag`, of the enum's repr type, and `bytes`, the body without its
//! length (a `Vec<u8>`, `Box<[u8]>`, or in a borrowed enum `&[u8]` or
//! `Cow<[u8]>`: see [`UnknownBody`](crate::UnknownBody)); its fields are
//! named so, or positional in that order. Writing it back reproduces the
//! input byte for byte. Writing an unknown variant whose tag a known
//! variant claims is [`CodecError::ClaimedTag`](crate::CodecError::ClaimedTag):
//! those bytes would read back as the other variant. The unknown variant's
//! own discriminant is no tag on the wire.
//!
//! ```
//! use memscope_binary::{BinaryRecord, CodecError, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[binary(extensible)]
//! #[repr(u8)]
//! enum Event {
//!     Free(u64) = 2,
//!     #[binary(unknown)]
//!     Unknown { tag: u8, bytes: Vec<u8> },
//! }
//!
//! // Tag 9, a body of 2 bytes: a variant of a newer version.
//! let newer = [9, 2, 0, 0, 0, 0xAB, 0xCD];
//! let (event, _) = Event::decode_slice(&newer, Layout::Basic).unwrap();
//! assert_eq!(event, Event::Unknown { tag: 9, bytes: vec![0xAB, 0xCD] });
//! assert_eq!(event.to_bytes(Layout::Basic).unwrap(), newer);
//! let forged = Event::Unknown { tag: 2, bytes: vec![] };
//! assert!(matches!(forged.to_bytes(Layout::Basic), Err(CodecError::ClaimedTag { .. })));
//! ```
//!
//! On an enum whose other variants have no fields, a one-field variant
//! keeps any unclaimed tag, with no framing:
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[repr(u16)]
//! enum Kind {
//!     Heap = 1,
//!     Stack = 2,
//!     #[binary(unknown)]
//!     Other(u16),
//! }
//!
//! assert_eq!(Kind::decode_slice(&[7, 0], Layout::Basic).unwrap(), (Kind::Other(7), 2));
//! assert_eq!(Kind::Other(7).to_bytes(Layout::Basic).unwrap(), [7, 0]);
//! ```
//!
//! # `skip`
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Entry {
//!     id: u32,
//!     #[binary(skip)]
//!     cache: Vec<u8>,
//! }
//!
//! let bytes = Entry { id: 1, cache: vec![9; 100] }.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes, [1, 0, 0, 0]);
//! assert_eq!(Entry::decode_slice(&bytes, Layout::Basic).unwrap().0.cache, vec![]);
//! ```
//!
//! # `detail`
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord)]
//! struct Event {
//!     at: u64,
//!     #[binary(detail)]
//!     note: String,
//! }
//!
//! let event = Event { at: 7, note: "hi".into() };
//! assert_eq!(event.to_bytes(Layout::Basic).unwrap().len(), 8);
//! assert_eq!(event.to_bytes(Layout::Detailed).unwrap().len(), 8 + 2 + 2);
//! ```
//!
//! # `len`
//!
//! ```
//! use memscope_binary::{BinaryRecord, CodecError, Layout};
//!
//! #[derive(BinaryRecord)]
//! struct Short {
//!     #[binary(len = u8)]
//!     name: String,
//! }
//!
//! assert_eq!(Short { name: "abc".into() }.to_bytes(Layout::Basic).unwrap(), [3, b'a', b'b', b'c']);
//! let long = Short { name: "x".repeat(256) };
//! assert!(matches!(long.to_bytes(Layout::Basic), Err(CodecError::LengthOverflow { len: 256, .. })));
//! ```
//!
//! # `count`
//!
//! The length is written once, in its own field; writing a value whose
//! length differs is an error naming both fields.
//!
//! ```
//! use memscope_binary::{BinaryRecord, CodecError, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Trace {
//!     depth: u8,
//!     #[binary(count = depth)]
//!     frames: Vec<u32>,
//! }
//!
//! let trace = Trace { depth: 2, frames: vec![0x10, 0x20] };
//! let bytes = trace.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes, [2, 0x10, 0, 0, 0, 0x20, 0, 0, 0]);
//! assert_eq!(Trace::decode_slice(&bytes, Layout::Basic).unwrap(), (trace, 9));
//!
//! let wrong = Trace { depth: 3, frames: vec![1] };
//! let error = wrong.to_bytes(Layout::Basic).unwrap_err();
//! let CodecError::CountMismatch { details, .. } = &error else { panic!("{error}") };
//! assert_eq!((details.count_field, details.count, details.len), ("depth", 3, 1));
//! assert_eq!(error.path().to_string(), "Trace.frames");
//! ```
//!
//! # `with`
//!
//! See [`FieldCodec`](crate::FieldCodec) for a codec written out in full.
//!
//! # `presence_bit`
//!
//! An absent value is written as the empty value with its bit clear, so
//! `None` and `Some("")` stay distinct and every record of a layout has the
//! same fields.
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Named {
//!     #[binary(presence_bit = 0)]
//!     name: Option<String>,
//!     #[binary(presence_bit = 1)]
//!     alias: Option<String>,
//! }
//!
//! let named = Named { name: Some(String::new()), alias: None };
//! let bytes = named.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes, [0, 0, 0, 0, 0b01]); // two empty names, then the flags
//! assert_eq!(Named::decode_slice(&bytes, Layout::Basic).unwrap().0, named);
//! ```
//!
//! # `bits`
//!
//! Consecutive `#[binary(bits = N)]` fields (in wire order, written in the
//! same layouts) share whole bytes, packed from the least significant bit
//! up, as [`presence_bit`](#presence_bit) numbers its flags: the group is a
//! little-endian integer of as many bytes as its widths need, at most 64
//! bits. A bit field is an integer of up to 64 bits (signed ones in two's
//! complement, sign-extended on read), a `bool` (1 bit) or a fieldless enum
//! that derives `BinaryRecord` (its discriminant); see
//! [`BitField`](crate::BitField). Sizes stay known at compile time, and a
//! width wider than the field's type is a compile error at `N`. On write, a
//! value too wide for its bits is
//! [`CodecError::BitsOverflow`](crate::CodecError::BitsOverflow) naming the
//! field. On read every pattern of an integer's or a `bool`'s bits is a
//! value, which writes back to itself; an enum's pattern that names no
//! variant is refused with the field's path, and so is a set bit of the
//! group that no field uses
//! ([`CodecError::UnusedBits`](crate::CodecError::UnusedBits)).
//!
//! ```
//! use memscope_binary::{BinaryRecord, CodecError, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Flags {
//!     #[binary(bits = 1)]
//!     read: bool,
//!     #[binary(bits = 1)]
//!     write: bool,
//!     #[binary(bits = 4)]
//!     level: u8,
//! }
//!
//! let flags = Flags { read: true, write: false, level: 9 };
//! assert_eq!(flags.to_bytes(Layout::Basic).unwrap(), [0b10_0101]);
//! assert_eq!(Flags::BASIC_SIZE.exact_len(), Some(1));
//! let wide = Flags { read: true, write: true, level: 16 };
//! let error = wide.to_bytes(Layout::Basic).unwrap_err();
//! assert!(matches!(error, CodecError::BitsOverflow { .. }));
//! assert_eq!(error.path().to_string(), "Flags.level");
//! // Bits 6 and 7 belong to no field.
//! assert!(matches!(Flags::decode_slice(&[0b0100_0000], Layout::Basic), Err(CodecError::UnusedBits { .. })));
//! ```
//!
//! # Structs
//!
//! Named, tuple and unit structs, generic or not (a bound is added for each
//! field that mentions a type parameter), and `#[repr(packed)]` structs,
//! whose fields are copied out rather than referenced:
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
//! #[repr(C, packed)]
//! struct Header {
//!     kind: u8,
//!     len: u32,
//! }
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Pair<T>(T, T);
//!
//! let bytes = Header { kind: 1, len: 2 }.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes, [1, 2, 0, 0, 0]);
//! assert_eq!(Pair(1u16, 2).to_bytes(Layout::Basic).unwrap(), [1, 0, 2, 0]);
//! ```
//!
//! # Enums
//!
//! The discriminant as the `#[repr]` integer, then the variant's fields;
//! every field attribute works inside a variant.
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[repr(u16)]
//! enum Message {
//!     Ping,
//!     Text(#[binary(len = u8)] String) = 10,
//!     Named {
//!         id: u32,
//!         #[binary(detail, presence_bit = 0)]
//!         label: Option<String>,
//!     },
//! }
//!
//! let message = Message::Named { id: 1, label: None };
//! let bytes = message.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(bytes, [11, 0, 1, 0, 0, 0]); // Named = 11: after Text = 10
//! assert_eq!(Message::decode_slice(&bytes, Layout::Basic).unwrap().0, message);
//! ```
//!
//! # Borrowed types
//!
//! See [`BorrowRecord`](crate::BorrowRecord).
//!
//! ```
//! use std::borrow::Cow;
//! use memscope_binary::{BinaryRecord, BorrowRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! #[repr(u8)]
//! enum Token<'a> {
//!     Word(&'a str),
//!     Blob { len: u32, #[binary(count = len)] bytes: Cow<'a, [u8]> },
//! }
//!
//! let mut bytes = Vec::new();
//! Token::Word("hi").write_borrowed(&mut bytes, Layout::Basic).unwrap();
//! assert_eq!(Token::decode_borrowed(&bytes, Layout::Basic).unwrap(), (Token::Word("hi"), 5));
//! ```
//!
//! # Recursive types
//!
//! A field whose type names the type itself has an unknown size (not a
//! compile-time cycle), and decoding bounds the nesting (see
//! [`max_depth`](#max_depth)).
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout};
//!
//! #[derive(BinaryRecord, Debug, PartialEq)]
//! struct Node {
//!     value: u32,
//!     children: Vec<Node>,
//! }
//!
//! let tree = Node { value: 1, children: vec![Node { value: 2, children: vec![] }] };
//! let bytes = tree.to_bytes(Layout::Basic).unwrap();
//! assert_eq!(Node::decode_slice(&bytes, Layout::Basic).unwrap().0, tree);
//! assert_eq!(Node::BASIC_SIZE.max, None);
//! ```
//!
//! # Bulk copies
//!
//! See [`BinaryRecord::write_many`](crate::BinaryRecord::write_many): a
//! struct of fixed-size numbers laid out as on the wire is copied in one
//! piece, with no attribute.
