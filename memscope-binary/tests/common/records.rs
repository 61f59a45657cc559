//! The file format's records, as `memscope-tracker` defines them
//! (`memscope-tracker/src/types.rs`), copied here so that the codec's tests
//! exercise real record shapes without depending on the tracker. The
//! export's golden tests (`tests/export_golden.rs`, `tests/format_v2.rs` at
//! the workspace root) pin the bytes of the tracker's own types; these
//! copies must keep the same attributes.

use memscope_binary::BinaryRecord;

/// One live heap allocation: 24 bytes basic, names and flags detailed.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
#[binary(size = 24)]
pub struct AllocationInfo {
    pub ptr: usize,
    pub size: usize,
    pub timestamp_alloc: u64,
    #[binary(detail, presence_bit = 0)]
    pub var_name: Option<String>,
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

/// [`AllocationInfo`] borrowed from its encoding.
#[derive(BinaryRecord, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[binary(size = 24)]
pub struct AllocationRecord<'a> {
    pub ptr: usize,
    pub size: usize,
    pub timestamp_alloc: u64,
    #[binary(detail, presence_bit = 0)]
    pub var_name: Option<&'a str>,
    #[binary(detail, presence_bit = 1)]
    pub type_name: Option<&'a str>,
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

/// The stats segment: exactly 60 bytes with its `STAT` tag; the counters
/// the file does not carry are skipped.
#[derive(BinaryRecord, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[binary(tag = b"STAT", size = 60)]
pub struct MemoryStats {
    pub total_allocations: u64,
    pub total_deallocations: u64,
    pub active_allocations: u64,
    pub active_memory: u64,
    pub peak_memory: u64,
    pub total_allocated: u64,
    pub total_deallocated: u64,
    #[binary(skip)]
    pub total_reallocations: u64,
    #[binary(skip)]
    pub peak_allocations: u64,
    #[binary(skip)]
    pub call_stacks: u64,
    #[binary(skip)]
    pub call_stack_bytes: u64,
    #[binary(skip)]
    pub call_stacks_dropped: u64,
    #[binary(skip)]
    pub unrecorded_allocations: u64,
    #[binary(skip)]
    pub unrecorded_bytes: u64,
}
