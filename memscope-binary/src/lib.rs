//! A fast, compact, validated binary encoding for memory-tracking data.
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
//! On a struct or enum:
//!
//! | attribute | effect |
//! |---|---|
//! | `#[binary(tag = b"STAT")]` | four bytes written first and checked on read; a wrong tag is [`CodecError::TagMismatch`] |
//! | `#[binary(size = 60)]` | a compile error, stating both numbers, unless the basic encoding is exactly 60 bytes |
//! | `#[binary(crate = msb)]` | the path through which the generated code names this crate, `::memscope_binary` by default: for a dependency renamed in Cargo.toml (`msb = { package = "memscope-binary", ... }`) or a crate that re-exports this one |
//!
//! On a field:
//!
//! | attribute | effect |
//! |---|---|
//! | `#[binary(skip)]` | never written; `Default::default()` on read |
//! | `#[binary(detail)]` | written only in [`Layout::Detailed`]; `Default` when reading the basic layout |
//! | `#[binary(len = u8 \| u16 \| u32)]` | the width of a `String`'s or `Vec`'s length prefix (default `u16` for `String`, `u32` for `Vec`); a longer value is an error on write |
//! | `#[binary(with = Codec)]` | encode with `Codec: `[`FieldCodec`]`<FieldType>` |
//! | `#[binary(presence_bit = N)]` | on an `Option<T>`: written as `T` (the empty `T::default()` when `None`), and bit N of a flags byte that ends the record says which it is, so `None` and `Some("")` stay distinct |
//!
//! Structs may be named, tuple or unit structs, generic or not; enums must
//! be fieldless with an integer `#[repr]`, encoded as that integer.
//!
//! # Tracking and export
//!
//! A [`MemoryTracker`] records live heap blocks and running
//! [`MemoryStats`]; install the [`TrackingAllocator`] as the global
//! allocator to feed the process-wide [`global_tracker()`], and name
//! blocks with [`track_var!`]. Exporters, such as [`export_to_json`], read
//! a consistent view through [`MemoryTracker::with_live_allocations`].
//!
//! # Errors
//!
//! Every codec failure is a [`CodecError`] naming the field path and the byte
//! offset, e.g. `invalid utf-8 at byte 40 in AllocationInfo.type_name`.
//! Tracking and export failures are [`TrackingError`]s.
#![deny(missing_docs)]

// Generated code names this crate `::memscope_binary`, also from inside it.
extern crate self as memscope_binary;

mod codec;
mod error;
mod export;
pub mod format;
mod read;
mod impls {
    pub(crate) mod containers;
    mod scalars;
}
mod record;
mod tracker;
pub mod wire;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use codec::{FieldCodec, LengthPrefixed};
pub use error::{
    CodecError, FieldPath, LenWidth, Location, PathSegment, TagBytes, TrackingError, TrackingResult,
};
pub use export::binary::{
    BinaryExportConfig, BinaryExportStats, BinaryExporter, TrackerBinaryExport, export_to_binary,
    export_to_binary_with_config,
};
pub use export::json::{
    JSON_FORMAT_VERSION, JsonDocumentWriter, JsonExportStats, export_to_json, export_to_json_writer,
};
pub use impls::containers::{STRING_LEN, VEC_LEN};
pub use memscope_binary_derive::BinaryRecord;
pub use read::{BinaryFile, BinaryReader, Records, convert_to_json, read_file};
pub use record::{BinaryRecord, EncodedSize, Layout};
pub use tracker::types::{AllocationInfo, MemoryStats};
pub use tracker::{LiveAllocations, MemoryTracker, Trackable, TrackingAllocator, global_tracker};
