//! The records every contestant encodes: one generated snapshot, in our
//! type ([`AllocationInfo`]) and in the mirror types the other formats
//! derive their traits on, and the [`Digest`] a decoder's output is
//! checked against.

use memscope_tracker::{AllocationInfo, MemoryStats};

/// One record in ten carries a variable name and a type name, as in a
/// program that names its large buffers; the rest carry none.
pub const NAMED_EVERY: usize = 10;

/// Type names of the named records, long ones as real programs have.
const TYPE_NAMES: [&str; 8] = [
    "alloc::vec::Vec<u8>",
    "alloc::string::String",
    "alloc::vec::Vec<alloc::string::String>",
    "alloc::boxed::Box<[u8]>",
    "std::collections::hash::map::HashMap<u64, alloc::string::String>",
    "alloc::sync::Arc<std::sync::mutex::Mutex<alloc::vec::Vec<u8>>>",
    "app::cache::Entry<alloc::vec::Vec<u64>>",
    "alloc::collections::btree::map::BTreeMap<u32, app::Node>",
];

/// The fields of [`AllocationInfo`] a file carries, as a plain struct that
/// every competing format derives its own traits on. Same field order and
/// types as our detailed record (`usize` as `u64`, as our encoding does).
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    bitcode::Encode,
    bitcode::Decode,
    bincode::Encode,
    bincode::Decode,
    speedy::Readable,
    speedy::Writable,
)]
pub struct Mirror {
    /// The block's address.
    pub ptr: u64,
    /// The block's size in bytes.
    pub size: u64,
    /// When it was allocated, nanoseconds since the UNIX epoch.
    pub timestamp: u64,
    /// The variable's name, if any.
    pub var_name: Option<String>,
    /// The variable's type, if known.
    pub type_name: Option<String>,
}

/// The fields of our basic record only, for comparing our basic layout
/// with the other formats doing the same work. It derives our codec too:
/// three `u64`s laid out as on the wire, it is plain, and slices of it are
/// one copy (the `derived_plain` contestant).
#[derive(
    memscope_binary::BinaryRecord,
    Debug,
    Clone,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    bitcode::Encode,
    bitcode::Decode,
    bincode::Encode,
    bincode::Decode,
    speedy::Readable,
    speedy::Writable,
)]
pub struct MirrorBasic {
    /// The block's address.
    pub ptr: u64,
    /// The block's size in bytes.
    pub size: u64,
    /// When it was allocated, nanoseconds since the UNIX epoch.
    pub timestamp: u64,
}

/// [`AllocationInfo`] read without allocating: the tracker's borrowed
/// record, the same bytes in both layouts with the names borrowed.
pub use memscope_tracker::AllocationRecord;

impl From<&AllocationInfo> for Mirror {
    fn from(info: &AllocationInfo) -> Self {
        Mirror {
            ptr: info.ptr as u64,
            size: info.size as u64,
            timestamp: info.timestamp_alloc,
            var_name: info.var_name.clone(),
            type_name: info.type_name.clone(),
        }
    }
}

impl From<&AllocationInfo> for MirrorBasic {
    fn from(info: &AllocationInfo) -> Self {
        MirrorBasic {
            ptr: info.ptr as u64,
            size: info.size as u64,
            timestamp: info.timestamp_alloc,
        }
    }
}

impl From<MirrorBasic> for Mirror {
    fn from(basic: MirrorBasic) -> Self {
        Mirror {
            ptr: basic.ptr,
            size: basic.size,
            timestamp: basic.timestamp,
            var_name: None,
            type_name: None,
        }
    }
}

/// What the competitors' decoders return, one of the two mirror types.
pub trait MirrorRecord: Sized {
    /// Counts this record into `digest`.
    fn add_to(&self, digest: &mut Digest);

    /// As a [`Mirror`] (no names for a [`MirrorBasic`]).
    fn into_mirror(self) -> Mirror;
}

impl MirrorRecord for Mirror {
    #[inline]
    fn add_to(&self, digest: &mut Digest) {
        digest.add(
            self.size,
            self.var_name.as_deref(),
            self.type_name.as_deref(),
        );
    }

    fn into_mirror(self) -> Mirror {
        self
    }
}

impl MirrorRecord for MirrorBasic {
    #[inline]
    fn add_to(&self, digest: &mut Digest) {
        digest.add(self.size, None, None);
    }

    fn into_mirror(self) -> Mirror {
        self.into()
    }
}

/// The digest of decoded mirror records.
pub fn digest_of<T: MirrorRecord>(records: &[T]) -> Digest {
    let mut digest = Digest::default();
    for r in records {
        r.add_to(&mut digest);
    }
    digest
}

/// Whether a contestant carries the names: our two layouts, and the two
/// mirror types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Content {
    /// `ptr`, `size`, `timestamp` only.
    Basic,
    /// Those and the two optional names.
    Detailed,
}

/// A snapshot of `n` live allocations in every representation the
/// contestants start from, built before anything is measured.
#[derive(Debug)]
pub struct Snapshot {
    /// Stats consistent with the records (as the exporter checks).
    pub stats: MemoryStats,
    /// The records in our type, in ascending address order, as a tracker's
    /// snapshot yields them.
    pub records: Vec<AllocationInfo>,
    /// The same records as [`Mirror`]s.
    pub mirrors: Vec<Mirror>,
    /// The same records as [`MirrorBasic`]s.
    pub basic_mirrors: Vec<MirrorBasic>,
}

impl Snapshot {
    /// `n` records: addresses ascending in 64-byte steps with jitter, sizes
    /// from 8 bytes to 8 KiB, timestamps about a microsecond apart, and
    /// every [`NAMED_EVERY`]th record named. Deterministic.
    pub fn generate(n: usize) -> Self {
        let records: Vec<AllocationInfo> = (0..n).map(record).collect();
        let active_memory = records.iter().map(|r| r.size as u64).sum();
        let stats = MemoryStats {
            total_allocations: n as u64 * 2,
            total_deallocations: n as u64,
            active_allocations: n as u64,
            active_memory,
            peak_memory: active_memory + 4096,
            total_allocated: active_memory * 2,
            total_deallocated: active_memory,
            ..Default::default()
        };
        let mirrors = records.iter().map(Mirror::from).collect();
        let basic_mirrors = records.iter().map(MirrorBasic::from).collect();
        Snapshot {
            stats,
            records,
            mirrors,
            basic_mirrors,
        }
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records as a decoder of `content` must return them.
    pub fn expected(&self, content: Content) -> Vec<Mirror> {
        match content {
            Content::Detailed => self.mirrors.clone(),
            Content::Basic => self
                .basic_mirrors
                .iter()
                .cloned()
                .map(Mirror::from)
                .collect(),
        }
    }

    /// The digest a decoder of `content` must return.
    pub fn digest(&self, content: Content) -> Digest {
        let mut digest = Digest::default();
        for r in &self.records {
            match content {
                Content::Detailed => {
                    digest.add(r.size as u64, r.var_name.as_deref(), r.type_name.as_deref())
                }
                Content::Basic => digest.add(r.size as u64, None, None),
            }
        }
        digest
    }
}

/// SplitMix64: a fixed, cheap source of variety for the generated fields.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn record(i: usize) -> AllocationInfo {
    let m = mix(i as u64);
    let ptr = 0x5555_0000_0000 + i * 64 + (m % 4) as usize * 16;
    let size = (8usize << ((m >> 8) % 10)) + (m >> 16) as usize % 8;
    let timestamp = 1_795_600_000_000_000_000 + i as u64 * 1_000 + (m >> 24) % 1_000;
    let mut info = AllocationInfo::new(ptr, size, timestamp);
    if i.is_multiple_of(NAMED_EVERY) {
        info.var_name = Some(format!("worker_{}.buffer_{}", i % 16, i % 3000));
        info.type_name = Some(TYPE_NAMES[(m >> 40) as usize % TYPE_NAMES.len()].to_string());
    }
    info
}

/// What a decoder returned, summed up: enough to tell that it visited
/// every record and every name (and to keep the compiler from skipping
/// the work), cheap enough not to matter next to decoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Digest {
    /// Records seen.
    pub records: u64,
    /// Sum of their sizes.
    pub sizes: u64,
    /// Bytes of the names that were present, plus one per present name.
    pub names: u64,
}

impl Digest {
    /// Counts one record.
    #[inline]
    pub fn add(&mut self, size: u64, var_name: Option<&str>, type_name: Option<&str>) {
        self.records += 1;
        self.sizes = self.sizes.wrapping_add(size);
        for name in [var_name, type_name].into_iter().flatten() {
            self.names += name.len() as u64 + 1;
        }
    }

    /// Counts one record of our type.
    #[inline]
    pub fn add_info(&mut self, info: &AllocationInfo) {
        self.add(
            info.size as u64,
            info.var_name.as_deref(),
            info.type_name.as_deref(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_is_consistent_and_named_one_in_ten() {
        let snapshot = Snapshot::generate(1000);
        assert_eq!(snapshot.stats.active_allocations, 1000);
        let named = snapshot
            .records
            .iter()
            .filter(|r| r.var_name.is_some())
            .count();
        assert_eq!(named, 100);
        assert!(snapshot.records.windows(2).all(|w| w[0].ptr < w[1].ptr));
        assert!(snapshot.records.iter().all(|r| (8..8200).contains(&r.size)));
        assert_eq!(snapshot.digest(Content::Detailed).records, 1000);
        assert_eq!(snapshot.digest(Content::Basic).names, 0);
    }
}
