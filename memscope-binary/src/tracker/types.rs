//! The records a tracker keeps: one [`AllocationInfo`] per live heap block
//! and the running [`MemoryStats`]. Both derive [`BinaryRecord`], and their
//! encodings are exactly the records of `FORMAT.md`.

use crate::BinaryRecord;

/// One live heap allocation.
///
/// The basic encoding is FORMAT.md's 24-byte allocation record (`ptr`,
/// `size`, `timestamp_alloc`); the detailed encoding adds the two names as
/// u16-prefixed UTF-8 and a flags byte whose bit 0 says `var_name` is
/// present and bit 1 says `type_name` is. The remaining fields are the
/// tracker's own and are not in the file.
///
/// ```
/// use memscope_binary::{AllocationInfo, BinaryRecord, Layout};
///
/// assert_eq!(AllocationInfo::BASIC_SIZE.exact_len(), Some(24));
/// let mut info = AllocationInfo::new(0x1000, 64, 5);
/// info.type_name = Some("Vec<u8>".into());
/// // 24 bytes + (2 + 0) for the absent var_name + (2 + 7) + 1 flags byte
/// assert_eq!(info.encoded_len(Layout::Detailed), 36);
/// ```
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
#[binary(size = 24)]
pub struct AllocationInfo {
    /// The block's address.
    pub ptr: usize,
    /// The block's size in bytes.
    pub size: usize,
    /// When it was allocated, in nanoseconds since the UNIX epoch.
    pub timestamp_alloc: u64,
    /// The variable it was attached to with `track_var!`, if any.
    #[binary(detail, presence_bit = 0)]
    pub var_name: Option<String>,
    /// The type of that variable, if known.
    #[binary(detail, presence_bit = 1)]
    pub type_name: Option<String>,
    /// The scope the variable was tracked in, if any. Not exported.
    #[binary(skip)]
    pub scope_name: Option<String>,
    /// When it was freed, for records kept after deallocation. Not exported.
    #[binary(skip)]
    pub timestamp_dealloc: Option<u64>,
    /// An id of the thread that allocated it. Not exported.
    #[binary(skip)]
    pub thread_id: u64,
}

impl AllocationInfo {
    /// A record of a block with no names attached.
    pub fn new(ptr: usize, size: usize, timestamp_alloc: u64) -> Self {
        AllocationInfo {
            ptr,
            size,
            timestamp_alloc,
            ..Default::default()
        }
    }
}

/// Running totals of a tracker: the stats segment of FORMAT.md, exactly 60
/// bytes with its `STAT` tag.
///
/// ```
/// use memscope_binary::{BinaryRecord, MemoryStats};
///
/// assert_eq!(MemoryStats::BASIC_SIZE.exact_len(), Some(60));
/// ```
#[derive(BinaryRecord, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[binary(tag = b"STAT", size = 60)]
pub struct MemoryStats {
    /// Allocations ever recorded (a reallocation counts as one more).
    pub total_allocations: u64,
    /// Deallocations ever recorded (a reallocation counts as one more).
    pub total_deallocations: u64,
    /// Blocks live now.
    pub active_allocations: u64,
    /// Bytes live now.
    pub active_memory: u64,
    /// The most bytes ever live at once.
    pub peak_memory: u64,
    /// Bytes ever allocated.
    pub total_allocated: u64,
    /// Bytes ever freed.
    pub total_deallocated: u64,
    /// Reallocations recorded. Not exported.
    #[binary(skip)]
    pub total_reallocations: u64,
    /// The most blocks ever live at once. Not exported.
    #[binary(skip)]
    pub peak_allocations: u64,
}
