//! Types that derive `BinaryRecord` with `memscope-binary` renamed to `msb`
//! in Cargo.toml, as serde tests its `crate = "..."`: with a real renamed
//! dependency. `tests/round_trip.rs` round-trips them.
//!
//! Without `#[binary(crate = msb)]` the generated code names
//! `::memscope_binary`, which does not exist here:
//!
//! ```compile_fail
//! #[derive(msb::BinaryRecord)]
//! struct Plain {
//!     ptr: u64,
//! }
//! ```
#![forbid(unsafe_code)]

use std::io::{Read, Write};

use msb::{BinaryRecord, CodecError, EncodedSize, FieldCodec, Layout, wire};

/// Fixed size with a tag, and a size checked at compile time.
#[derive(BinaryRecord, Debug, Clone, PartialEq, Default)]
#[binary(crate = msb, tag = b"STAT", size = 20)]
pub struct Stats {
    pub total: u64,
    pub peak: u64,
}

/// Stores a `u64` as a `u32`.
pub struct Narrow;

impl FieldCodec<u64> for Narrow {
    const BASIC_SIZE: EncodedSize = EncodedSize::exact(4);
    const DETAILED_SIZE: EncodedSize = EncodedSize::exact(4);

    fn write_with<W: Write + ?Sized>(
        value: &u64,
        w: &mut W,
        _: Layout,
    ) -> Result<usize, CodecError> {
        let narrow = u32::try_from(*value).map_err(|_| CodecError::invalid(0, "over u32::MAX"))?;
        wire::write_bytes(w, &narrow.to_le_bytes())
    }

    fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<u64, CodecError> {
        Ok(u64::from(u32::from_le_bytes(wire::read_array(r)?)))
    }
}

/// Every field attribute.
#[derive(BinaryRecord, Debug, Clone, PartialEq, Default)]
#[binary(crate = msb)]
pub struct Allocation {
    pub ptr: usize,
    #[binary(with = Narrow)]
    pub size: u64,
    #[binary(detail, presence_bit = 0)]
    pub var_name: Option<String>,
    #[binary(detail, presence_bit = 1, len = u8)]
    pub type_name: Option<String>,
    #[binary(len = u8)]
    pub frames: Vec<u16>,
    #[binary(skip)]
    pub thread_id: u64,
    pub stats: Stats,
}

/// A generic struct: its `where` bounds name the crate too.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(crate = msb)]
pub struct Wrapper<T> {
    pub value: T,
    #[binary(detail)]
    pub note: Option<T>,
}

/// A tuple struct, with the crate named by an absolute path.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(crate = ::msb)]
pub struct Pair(pub u32, #[binary(len = u8)] pub String);

/// A unit struct.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(crate = msb)]
pub struct Marker;

/// A fieldless enum with a tag.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
#[binary(crate = msb)]
#[binary(tag = b"KIND")]
#[repr(u16)]
pub enum Kind {
    Heap = 1,
    Stack = 7,
}
