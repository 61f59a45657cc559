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

/// One allocation record borrowed from its encoding: the same bytes as
/// [`AllocationInfo`] in both layouts, with the names pointing into the
/// input instead of copied. Readers hand these out to visit a file without
/// building an owned record (and two `String`s) per block.
///
/// ```
/// use memscope_binary::{BinaryRecord, BorrowRecord, Layout};
/// use memscope_tracker::{AllocationInfo, AllocationRecord};
///
/// let mut info = AllocationInfo::new(0x1000, 64, 5);
/// info.var_name = Some("buf".into());
/// let bytes = info.to_bytes(Layout::Detailed).unwrap();
/// let (record, used) = AllocationRecord::decode_borrowed(&bytes, Layout::Detailed).unwrap();
/// assert_eq!((record.size, record.var_name, used), (64, Some("buf"), bytes.len()));
/// assert_eq!(record.to_info(), info);
/// ```
#[derive(BinaryRecord, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[binary(size = 24)]
pub struct AllocationRecord<'a> {
    /// The block's address.
    pub ptr: usize,
    /// The block's size in bytes.
    pub size: usize,
    /// When it was allocated, in nanoseconds since the UNIX epoch.
    pub timestamp_alloc: u64,
    /// The variable it was attached to with `track_var!`, if any.
    #[binary(detail, presence_bit = 0)]
    pub var_name: Option<&'a str>,
    /// The type of that variable, if known.
    #[binary(detail, presence_bit = 1)]
    pub type_name: Option<&'a str>,
}

impl AllocationRecord<'_> {
    /// The owned record, names copied.
    pub fn to_info(&self) -> AllocationInfo {
        AllocationInfo {
            ptr: self.ptr,
            size: self.size,
            timestamp_alloc: self.timestamp_alloc,
            var_name: self.var_name.map(str::to_owned),
            type_name: self.type_name.map(str::to_owned),
        }
    }
}

impl<'a> From<&'a AllocationInfo> for AllocationRecord<'a> {
    fn from(info: &'a AllocationInfo) -> Self {
        AllocationRecord {
            ptr: info.ptr,
            size: info.size,
            timestamp_alloc: info.timestamp_alloc,
            var_name: info.var_name.as_deref(),
            type_name: info.type_name.as_deref(),
        }
    }
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
    /// Allocations made while recording was paused
    /// ([`MemoryTracker::pause`](crate::MemoryTracker::pause)), which are
    /// in none of the other counters. Not exported.
    #[binary(skip)]
    pub unrecorded_allocations: u64,
    /// Their bytes. Not exported.
    #[binary(skip)]
    pub unrecorded_bytes: u64,
}

impl MemoryStats {
    /// The stats of a state in which `records` are every block ever
    /// allocated, all still live: what a file of these records, and
    /// nothing else, agrees with (for converters, generators and tests).
    ///
    /// ```
    /// use memscope_tracker::{AllocationInfo, MemoryStats};
    ///
    /// let records = [AllocationInfo::new(0x10, 64, 1), AllocationInfo::new(0x20, 32, 2)];
    /// let stats = MemoryStats::of_live(&records);
    /// assert_eq!((stats.active_allocations, stats.active_memory, stats.peak_memory), (2, 96, 96));
    /// ```
    pub fn of_live<'a>(records: impl IntoIterator<Item = &'a AllocationInfo>) -> Self {
        let (count, memory) = records
            .into_iter()
            .fold((0u64, 0u64), |(count, memory), r| {
                (count + 1, memory.saturating_add(r.size as u64))
            });
        MemoryStats {
            total_allocations: count,
            active_allocations: count,
            active_memory: memory,
            peak_memory: memory,
            total_allocated: memory,
            peak_allocations: count,
            ..MemoryStats::default()
        }
    }

    /// Whether any allocation was seen, recorded or (while paused) not.
    /// A tracker that has seen none is almost always one the tracking
    /// allocator does not feed.
    pub fn has_seen_allocations(&self) -> bool {
        self.total_allocations > 0 || self.unrecorded_allocations > 0
    }

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
    fn the_borrowed_record_has_the_owned_records_bytes_in_both_layouts() {
        use memscope_binary::BorrowRecord;
        let mut info = AllocationInfo::new(0x7f00_dead_beef, 4096, 7);
        for (var, ty) in [
            (None, None),
            (Some("v"), None),
            (None, Some("")),
            (Some("x"), Some("Vec<u8>")),
        ] {
            info.var_name = var.map(str::to_owned);
            info.type_name = ty.map(str::to_owned);
            for layout in [Layout::Basic, Layout::Detailed] {
                let owned = info.to_bytes(layout).unwrap();
                let mut borrowed = Vec::new();
                AllocationRecord::from(&info)
                    .write_borrowed(&mut borrowed, layout)
                    .unwrap();
                assert_eq!(owned, borrowed, "{layout:?} {var:?} {ty:?}");
                let (back, used) = AllocationRecord::decode_borrowed(&owned, layout).unwrap();
                assert_eq!(used, owned.len());
                let (expected, _) = AllocationInfo::decode_slice(&owned, layout).unwrap();
                assert_eq!(back.to_info(), expected);
            }
        }
    }

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
            unrecorded_allocations: 13,
            unrecorded_bytes: 14,
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
