//! The layout of a memscope file ([FORMAT.md](crate::spec), version 1), in
//! one table: the writer, the reader, `inspect` and every byte offset in an
//! error message take the segment order, tags, sizes and offsets from here.
//!
//! Each fixed piece is a derived [`BinaryRecord`] whose size is checked at
//! compile time: [`FileHeader`], `MemoryStats` (the stats segment),
//! [`AllocationSegmentHeader`] and [`Footer`]. [`SEGMENTS`] lists them in
//! file order; the offsets below are sums over that list.
//!
//! ```
//! use memscope_export::format::{self, SEGMENTS};
//!
//! let names: Vec<_> = SEGMENTS.iter().map(|s| s.name).collect();
//! assert_eq!(names, ["header", "stats segment", "allocation segment", "footer"]);
//! assert_eq!(format::RECORDS_OFFSET, 24 + 60 + 8);
//! assert_eq!(format::COUNT_OFFSET, 88);
//! ```

use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::{AllocationInfo, MemoryStats};

/// The eight bytes every file starts with.
pub const MAGIC: [u8; 8] = *b"MEMSCOPE";

/// The newest format version this crate writes and reads. A file is
/// written as version 1 unless it carries call stacks ([`Flags::STACKS`])
/// or threads.
pub const VERSION: u32 = 2;

/// The header's flag bits.
///
/// ```
/// use memscope_export::format::Flags;
///
/// let flags = Flags::DETAILS | Flags::CHECKSUM;
/// assert!(flags.contains(Flags::CHECKSUM));
/// assert!(!flags.contains(Flags::COMPRESSED));
/// assert_eq!(flags.bits(), 0b101);
/// assert_eq!(flags.to_string(), "DETAILS | CHECKSUM");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(u32);

impl Flags {
    /// No flag set.
    pub const NONE: Flags = Flags(0);
    /// Bit 0: allocation records use the detailed layout.
    pub const DETAILS: Flags = Flags(1 << 0);
    /// Bit 1: the record bytes are one zstd frame.
    pub const COMPRESSED: Flags = Flags(1 << 1);
    /// Bit 2: an 8-byte CRC-32 footer ends the file.
    pub const CHECKSUM: Flags = Flags(1 << 2);
    /// Bit 3 (version 2): the call-stack segments follow the records.
    pub const STACKS: Flags = Flags(1 << 3);
    /// Every bit version 1 defines.
    pub const KNOWN: Flags = Flags(Self::DETAILS.0 | Self::COMPRESSED.0 | Self::CHECKSUM.0);

    /// Every bit `version` defines; `None` for a version this crate does
    /// not know. The one place versions and their flags are listed.
    pub const fn known_in(version: u32) -> Option<Flags> {
        match version {
            1 => Some(Self::KNOWN),
            2 => Some(Flags(Self::KNOWN.0 | Self::STACKS.0)),
            _ => None,
        }
    }

    /// The flags of a header's bits, defined or not.
    pub const fn from_bits(bits: u32) -> Self {
        Flags(bits)
    }

    /// The bits, as the header stores them.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The lowest set bit outside `known`, if any.
    pub const fn first_bit_outside(self, known: Flags) -> Option<u32> {
        let unknown = self.0 & !known.0;
        if unknown == 0 {
            None
        } else {
            Some(unknown.trailing_zeros())
        }
    }

    /// The layout the allocation records use.
    pub const fn layout(self) -> Layout {
        if self.contains(Self::DETAILS) {
            Layout::Detailed
        } else {
            Layout::Basic
        }
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;

    fn bitor(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, other: Flags) {
        self.0 |= other.0;
    }
}

impl std::fmt::Display for Flags {
    /// The set flags in words, e.g. `DETAILS | CHECKSUM`, or `none`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = [
            (Self::DETAILS, "DETAILS"),
            (Self::COMPRESSED, "COMPRESSED"),
            (Self::CHECKSUM, "CHECKSUM"),
            (Self::STACKS, "STACKS"),
        ];
        let mut parts = Vec::with_capacity(names.len() + 1);
        for (flag, name) in names {
            if self.contains(flag) {
                parts.push(name.to_owned());
            }
        }
        let unknown = self.0 & !Self::KNOWN.0 & !Self::STACKS.0;
        if unknown != 0 {
            parts.push(format!("unknown {unknown:#x}"));
        }
        if parts.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&parts.join(" | "))
        }
    }
}

/// The 24-byte file header.
///
/// ```
/// use memscope_binary::{BinaryRecord, Layout};
/// use memscope_export::format::{FileHeader, Flags};
///
/// let header = FileHeader::new(Flags::CHECKSUM, 1_700_000_000_000_000_000);
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
    /// The header of a file with `flags`: version 2 when it carries call
    /// stacks, else version 1 (so that every file without them stays
    /// readable by version-1 tools).
    pub const fn new(flags: Flags, timestamp: u64) -> Self {
        FileHeader {
            magic: MAGIC,
            version: if flags.contains(Flags::STACKS) { 2 } else { 1 },
            flags: flags.bits(),
            timestamp,
        }
    }

    /// The header of a file with `flags` and extension segments (call
    /// stacks, threads): version 2 whatever the flags.
    pub const fn with_extensions(flags: Flags, timestamp: u64) -> Self {
        FileHeader {
            version: 2,
            ..FileHeader::new(flags, timestamp)
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

/// One segment of a file, as [`SEGMENTS`] lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Its name in messages: `header`, `stats segment`, ...
    pub name: &'static str,
    /// The four bytes it starts with, if it has a tag.
    pub tag: Option<[u8; 4]>,
    /// Its size in bytes, not counting the records that follow the
    /// allocation segment's tag and count.
    pub fixed_size: usize,
    /// The flag that makes it present; `None` for a segment every file has.
    pub only_with: Option<Flags>,
}

impl Segment {
    /// Whether a file with `flags` has this segment.
    pub const fn present(&self, flags: Flags) -> bool {
        match self.only_with {
            Some(flag) => flags.contains(flag),
            None => true,
        }
    }
}

/// The exact size of a fixed-size record, at compile time.
const fn fixed<T: BinaryRecord>() -> usize {
    match T::BASIC_SIZE.exact_len() {
        Some(n) => n,
        None => panic!("a segment of the layout table has no fixed size"),
    }
}

/// The header: magic, version, flags, export timestamp.
pub const HEADER: Segment = Segment {
    name: "header",
    tag: None,
    fixed_size: fixed::<FileHeader>(),
    only_with: None,
};

/// The stats segment: `STAT` and the seven counters of `MemoryStats`.
pub const STATS: Segment = Segment {
    name: "stats segment",
    tag: Some(*b"STAT"),
    fixed_size: fixed::<MemoryStats>(),
    only_with: None,
};

/// The allocation segment: `ALOC`, the u32 record count, then the records
/// (plain, or one zstd frame with [`Flags::COMPRESSED`]).
pub const ALLOCATIONS: Segment = Segment {
    name: "allocation segment",
    tag: Some(*b"ALOC"),
    fixed_size: fixed::<AllocationSegmentHeader>(),
    only_with: None,
};

/// The footer: `CSUM` and the CRC-32 of every byte before it.
pub const FOOTER: Segment = Segment {
    name: "footer",
    tag: Some(*b"CSUM"),
    fixed_size: fixed::<Footer>(),
    only_with: Some(Flags::CHECKSUM),
};

/// Every segment of a version-1 file, in file order. The records sit
/// between the allocation segment's head and the footer.
pub const SEGMENTS: [Segment; 4] = [HEADER, STATS, ALLOCATIONS, FOOTER];

/// The layout of one frame of the frames segment (`sFRM`, version 2),
/// field by field: what FORMAT.md's frame table shows, for tools that lay
/// out or check the bytes. The [`Frame`](crate::Frame) of the model is
/// the same frame with its names as typed ids.
pub fn frame_schema() -> memscope_binary::Schema {
    use memscope_binary::BinaryRecord;
    crate::wire::stacks::FrameEntry::schema(memscope_binary::Layout::Basic)
}

/// Where the segment at `index` of [`SEGMENTS`] begins, for the segments
/// before the records.
const fn offset_of(index: usize) -> usize {
    let mut offset = 0;
    let mut i = 0;
    while i < index {
        offset += SEGMENTS[i].fixed_size;
        i += 1;
    }
    offset
}

/// Where the stats segment begins.
pub const STATS_OFFSET: usize = offset_of(1);
/// Where the allocation segment (its tag) begins.
pub const ALLOCATIONS_OFFSET: usize = offset_of(2);
/// Where the record count is, after the allocation segment's tag.
pub const COUNT_OFFSET: usize = ALLOCATIONS_OFFSET + 4;
/// Where the allocation records begin.
pub const RECORDS_OFFSET: usize = offset_of(3);
/// Where the header's version is, after the magic.
pub const VERSION_OFFSET: usize = MAGIC.len();
/// Where the header's flags are, after the version.
pub const FLAGS_OFFSET: usize = VERSION_OFFSET + 4;

/// The byte ranges of one file's segments, given its flags and how many
/// bytes its records occupy as stored (compressed, when they are).
///
/// ```
/// use memscope_export::format::{FileLayout, Flags};
///
/// // Two basic records and a checksum: 24 + 60 + 8 + 48 + 8.
/// let layout = FileLayout::new(Flags::CHECKSUM, 48);
/// assert_eq!(layout.file_size(), 148);
/// assert_eq!(layout.footer_offset(), Some(140));
/// assert_eq!(layout.allocation_segment_size(), 56);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLayout {
    /// The header's flags.
    pub flags: Flags,
    /// Bytes of the records as stored.
    pub record_bytes: u64,
}

impl FileLayout {
    /// The layout of a file with `flags` whose records occupy
    /// `record_bytes` as stored.
    pub const fn new(flags: Flags, record_bytes: u64) -> Self {
        FileLayout {
            flags,
            record_bytes,
        }
    }

    /// The allocation segment: tag, count and records.
    pub const fn allocation_segment_size(&self) -> u64 {
        ALLOCATIONS.fixed_size as u64 + self.record_bytes
    }

    /// Where the footer begins, when the file has one.
    pub const fn footer_offset(&self) -> Option<u64> {
        if FOOTER.present(self.flags) {
            Some(RECORDS_OFFSET as u64 + self.record_bytes)
        } else {
            None
        }
    }

    /// The whole file.
    pub const fn file_size(&self) -> u64 {
        match self.footer_offset() {
            Some(footer) => footer + FOOTER.fixed_size as u64,
            None => RECORDS_OFFSET as u64 + self.record_bytes,
        }
    }

    /// Bytes after the records: the footer's, or none.
    pub const fn trailer_size(&self) -> u64 {
        if FOOTER.present(self.flags) {
            FOOTER.fixed_size as u64
        } else {
            0
        }
    }
}

// The layout promises of FORMAT.md, checked where the types are defined and
// again here, where a reader of this file looks for them.
const _: () = {
    assert!(HEADER.fixed_size == 24);
    assert!(STATS.fixed_size == 60);
    assert!(ALLOCATIONS.fixed_size == 8);
    assert!(FOOTER.fixed_size == 8);
    assert!(RECORDS_OFFSET == 92);
    assert!(matches!(AllocationInfo::BASIC_SIZE.exact_len(), Some(24)));
    // 24 + (2 + 65,535) + (2 + 65,535) + 1: FORMAT.md's bound for readers.
    assert!(matches!(AllocationInfo::DETAILED_SIZE.max, Some(131_099)));
    assert!(AllocationInfo::DETAILED_SIZE.min == 29);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tagged_segment_declares_the_tag_its_record_writes() {
        let stats = MemoryStats::default().to_bytes(Layout::Basic).unwrap();
        let head = AllocationSegmentHeader { count: 0 }
            .to_bytes(Layout::Basic)
            .unwrap();
        let footer = Footer { crc32: 0 }.to_bytes(Layout::Basic).unwrap();
        for (segment, bytes) in [(STATS, stats), (ALLOCATIONS, head), (FOOTER, footer)] {
            assert_eq!(segment.tag.as_ref(), Some(&bytes[..4].try_into().unwrap()));
            assert_eq!(segment.fixed_size, bytes.len(), "{}", segment.name);
        }
    }

    #[test]
    fn a_file_without_checksum_ends_with_its_records() {
        let layout = FileLayout::new(Flags::DETAILS, 29);
        assert_eq!(layout.footer_offset(), None);
        assert_eq!(layout.file_size(), 24 + 60 + 8 + 29);
    }

    #[test]
    fn flags_show_unknown_bits_in_hex() {
        assert_eq!(Flags::NONE.to_string(), "none");
        assert_eq!(
            (Flags::COMPRESSED | Flags::from_bits(0x30)).to_string(),
            "COMPRESSED | unknown 0x30"
        );
        assert_eq!(Flags::STACKS.to_string(), "STACKS");
        assert_eq!(
            Flags::from_bits(0x18).first_bit_outside(Flags::KNOWN),
            Some(3)
        );
    }
}
