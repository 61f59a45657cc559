//! The fixed pieces of a memscope binary file (`FORMAT.md`, version 1):
//! header, allocation segment header and checksum footer, each a derived
//! [`BinaryRecord`] whose size is checked at compile time, plus the flag
//! bits and the bounds readers use.

use crate::{AllocationInfo, BinaryRecord, MemoryStats};

/// The eight bytes every file starts with.
pub const MAGIC: [u8; 8] = *b"MEMSCOPE";

/// The format version this crate writes and the newest it reads.
pub const VERSION: u32 = 1;

/// The header's flag bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(pub u32);

impl Flags {
    /// Bit 0: allocation records use the detailed layout.
    pub const DETAILS: u32 = 1 << 0;
    /// Bit 1: the record bytes are one zstd frame.
    pub const COMPRESSED: u32 = 1 << 1;
    /// Bit 2: an 8-byte CRC-32 footer ends the file.
    pub const CHECKSUM: u32 = 1 << 2;
    /// Every bit version 1 defines.
    pub const KNOWN: u32 = Self::DETAILS | Self::COMPRESSED | Self::CHECKSUM;

    /// Whether every bit of `bits` is set.
    pub const fn contains(self, bits: u32) -> bool {
        self.0 & bits == bits
    }

    /// The lowest set bit that version 1 does not define, if any.
    pub const fn first_unknown_bit(self) -> Option<u32> {
        let unknown = self.0 & !Self::KNOWN;
        if unknown == 0 {
            None
        } else {
            Some(unknown.trailing_zeros())
        }
    }

    /// The layout the allocation records use.
    pub const fn layout(self) -> crate::Layout {
        if self.contains(Self::DETAILS) {
            crate::Layout::Detailed
        } else {
            crate::Layout::Basic
        }
    }
}

impl std::fmt::Display for Flags {
    /// The set flags in words, e.g. `DETAILS | CHECKSUM`, or `none`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = [
            (Self::DETAILS, "DETAILS"),
            (Self::COMPRESSED, "COMPRESSED"),
            (Self::CHECKSUM, "CHECKSUM"),
        ];
        let mut first = true;
        for (bit, name) in names {
            if self.contains(bit) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        let unknown = self.0 & !Self::KNOWN;
        if unknown != 0 {
            if !first {
                f.write_str(" | ")?;
            }
            write!(f, "unknown {unknown:#x}")?;
            first = false;
        }
        if first {
            f.write_str("none")?;
        }
        Ok(())
    }
}

/// The 24-byte file header.
///
/// ```
/// use memscope_binary::{BinaryRecord, Layout};
/// use memscope_binary::format::{FileHeader, Flags};
///
/// let header = FileHeader::new(Flags(Flags::CHECKSUM), 1_700_000_000_000_000_000);
/// let bytes = header.to_bytes(Layout::Basic).unwrap();
/// assert_eq!(&bytes[..8], b"MEMSCOPE");
/// assert_eq!(bytes.len(), 24);
/// ```
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(size = 24)]
pub struct FileHeader {
    /// [`MAGIC`] in a valid file.
    pub magic: [u8; 8],
    /// The format version.
    pub version: u32,
    /// The flag bits, see [`Flags`].
    pub flags: u32,
    /// Export time, nanoseconds since the UNIX epoch.
    pub timestamp: u64,
}

impl FileHeader {
    /// A version-[`VERSION`] header.
    pub const fn new(flags: Flags, timestamp: u64) -> Self {
        FileHeader {
            magic: MAGIC,
            version: VERSION,
            flags: flags.0,
            timestamp,
        }
    }

    /// The flag bits.
    pub const fn flags(&self) -> Flags {
        Flags(self.flags)
    }
}

/// The first 8 bytes of the allocation segment: its tag and record count.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(tag = b"ALOC", size = 8)]
pub struct AllocationSegmentHeader {
    /// How many records follow.
    pub count: u32,
}

/// The 8-byte footer present when [`Flags::CHECKSUM`] is set.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(tag = b"CSUM", size = 8)]
pub struct Footer {
    /// CRC-32 (IEEE, as zlib computes it) of every byte before the footer.
    pub crc32: u32,
}

/// Size of the header in bytes.
pub const HEADER_SIZE: usize = 24;
/// Size of the stats segment in bytes.
pub const STATS_SIZE: usize = 60;
/// Size of the allocation segment's tag and count.
pub const ALLOCATION_SEGMENT_HEADER_SIZE: usize = 8;
/// Size of the checksum footer.
pub const FOOTER_SIZE: usize = 8;
/// Where the allocation records begin.
pub const RECORDS_OFFSET: usize = HEADER_SIZE + STATS_SIZE + ALLOCATION_SEGMENT_HEADER_SIZE;

// The layout promises of FORMAT.md, checked where the types are defined and
// again here, where a reader of this file looks for them.
const _: () = {
    assert!(matches!(
        FileHeader::BASIC_SIZE.exact_len(),
        Some(HEADER_SIZE)
    ));
    assert!(matches!(
        MemoryStats::BASIC_SIZE.exact_len(),
        Some(STATS_SIZE)
    ));
    assert!(matches!(
        AllocationSegmentHeader::BASIC_SIZE.exact_len(),
        Some(ALLOCATION_SEGMENT_HEADER_SIZE)
    ));
    assert!(matches!(Footer::BASIC_SIZE.exact_len(), Some(FOOTER_SIZE)));
    assert!(matches!(AllocationInfo::BASIC_SIZE.exact_len(), Some(24)));
    // 24 + (2 + 65,535) + (2 + 65,535) + 1: FORMAT.md's bound for readers.
    assert!(matches!(AllocationInfo::DETAILED_SIZE.max, Some(131_099)));
    assert!(AllocationInfo::DETAILED_SIZE.min == 29);
};
