//! The records a tracker keeps: one [`AllocationInfo`] per live heap block
//! and the running [`MemoryStats`]. Both derive [`BinaryRecord`], and their
//! encodings are exactly the records of the file format (`memscope-export/FORMAT.md`).

use memscope_binary::BinaryRecord;

/// One live heap allocation, exactly as the file format carries it.
///
/// The basic encoding is the file format's 24-byte allocation record (`ptr`,
/// `size`, `timestamp_alloc`); the detailed encoding adds the two names as
/// u16-prefixed UTF-8 and a flags byte whose bit 0 says `var_name` is
/// present and bit 1 says `type_name` is. What only the tracker knows (the
/// allocating thread) is in its [`LiveBlock`](crate::LiveBlock)s.
///
/// ```
/// use memscope_binary::{BinaryRecord, Layout};
/// use memscope_tracker::AllocationInfo;
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

/// Running totals of a tracker: the stats segment of the file format, exactly 60
/// bytes with its `STAT` tag.
///
/// ```
/// use memscope_binary::BinaryRecord;
/// use memscope_tracker::MemoryStats;
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
    /// Distinct call stacks recorded. Not exported.
    #[binary(skip)]
    pub call_stacks: u64,
    /// Bytes the stack table holds (bounded). Not exported.
    #[binary(skip)]
    pub call_stack_bytes: u64,
    /// Allocations whose stack came after the stack table was full. Not
    /// exported.
    #[binary(skip)]
    pub call_stacks_dropped: u64,
}

impl MemoryStats {
    /// The counters the file format carries, named, in the stats segment's
    /// order: the one list of them that the JSON document, the command-line
    /// tool and anything else that shows the stats go through.
    ///
    /// ```
    /// use memscope_tracker::MemoryStats;
    ///
    /// let stats = MemoryStats { active_memory: 96, ..Default::default() };
    /// let counters = stats.exported_counters();
    /// assert_eq!(counters.len(), 7);
    /// assert_eq!((counters[3].name, counters[3].value), ("active_memory", 96));
    /// assert!(counters[3].is_bytes && !counters[2].is_bytes);
    /// ```
    pub fn exported_counters(&self) -> [Counter; 7] {
        let blocks = |name, value| Counter {
            name,
            value,
            is_bytes: false,
        };
        let bytes = |name, value| Counter {
            name,
            value,
            is_bytes: true,
        };
        [
            blocks("total_allocations", self.total_allocations),
            blocks("total_deallocations", self.total_deallocations),
            blocks("active_allocations", self.active_allocations),
            bytes("active_memory", self.active_memory),
            bytes("peak_memory", self.peak_memory),
            bytes("total_allocated", self.total_allocated),
            bytes("total_deallocated", self.total_deallocated),
        ]
    }
}

/// One counter of [`MemoryStats::exported_counters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    /// The field's name, as the JSON document and the tools show it.
    pub name: &'static str,
    /// Its value.
    pub value: u64,
    /// Whether it counts bytes (else blocks or operations).
    pub is_bytes: bool,
}

#[cfg(test)]
mod tests {
    use memscope_binary::Layout;

    use super::*;

    #[test]
    fn exported_counters_follow_the_stats_segment_byte_for_byte() {
        let stats = MemoryStats {
            total_allocations: 1,
            total_deallocations: 2,
            active_allocations: 3,
            active_memory: 4,
            peak_memory: 5,
            total_allocated: 6,
            total_deallocated: 7,
            total_reallocations: 8,
            peak_allocations: 9,
            call_stacks: 10,
            call_stack_bytes: 11,
            call_stacks_dropped: 12,
        };
        let bytes = stats.to_bytes(Layout::Basic).unwrap();
        let on_the_wire: Vec<u64> = bytes[4..]
            .chunks(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let listed: Vec<u64> = stats.exported_counters().iter().map(|c| c.value).collect();
        assert_eq!(on_the_wire, listed);
    }
}
