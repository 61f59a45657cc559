//! [`BinaryExportConfig`]: how a binary export is written.

use memscope_binary::Layout;

use crate::error::{ExportError, ExportResult};
use crate::format::Flags;

/// The highest zstd level.
pub const MAX_COMPRESSION_LEVEL: u8 = 22;

/// How an export is written. Build it with the methods below; `Default`
/// gives the documented defaults. The fields are public to read; an
/// export checks them ([`validate`](Self::validate)) before writing
/// anything.
///
/// ```
/// use memscope_export::BinaryExportConfig;
///
/// let config = BinaryExportConfig::new()
///     .buffer_size(128 * 1024)
///     .include_details(true)
///     .compression_level(3);
/// assert_eq!(config.compression_level, 3);
/// assert!(config.checksum);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BinaryExportConfig {
    /// The write buffer size in bytes (default 64 KiB; at least 1).
    pub buffer_size: usize,
    /// Whether records carry variable and type names (the detailed layout;
    /// default false).
    pub include_details: bool,
    /// 0 for none (the default), 1 to 22 for that zstd level.
    pub compression_level: u8,
    /// Whether the file ends with a CRC-32 footer (default true).
    pub checksum: bool,
    /// A fixed export timestamp (nanoseconds since the UNIX epoch); `None`
    /// (the default) takes the time of the export.
    pub timestamp: Option<u64>,
    /// Whether exports of a tracker that recorded call stacks carry them
    /// (a version-2 file; default true).
    pub call_stacks: bool,
    /// Whether call stacks are resolved to function, file and line at
    /// export time (default true, with the `symbolize` feature), or kept
    /// as raw addresses with the module map, for symbolizing elsewhere.
    pub symbolize: bool,
    /// Whether exports with call stacks also carry the thread that
    /// allocated each record, with thread names (the `tHRD` segment;
    /// default true). A version-1 export carries no threads.
    pub threads: bool,
    /// Whether an export of a tracker writes what the run did beside
    /// the live blocks: each call site's totals and the timeline (the
    /// `sITE` and `tIME` segments, making the file version 2; default
    /// true). Off, a tracker without stacks writes a version-1 file.
    pub history: bool,
    /// Whether exporting a tracker that has never seen an allocation
    /// writes an empty file (true) or fails with
    /// [`ExportError::NothingTracked`] (false, the default): an empty
    /// tracker almost always means the tracking allocator is not
    /// installed.
    pub allow_empty: bool,
}

impl Default for BinaryExportConfig {
    fn default() -> Self {
        BinaryExportConfig {
            buffer_size: 64 * 1024,
            include_details: false,
            compression_level: 0,
            checksum: true,
            timestamp: None,
            call_stacks: true,
            symbolize: cfg!(feature = "symbolize"),
            threads: true,
            history: true,
            allow_empty: false,
        }
    }
}

impl BinaryExportConfig {
    /// The defaults: 64 KiB buffer, basic records, no compression, checksum
    /// on, timestamp taken at export.
    pub fn new() -> Self {
        Self::default()
    }

    /// The write buffer size in bytes (default 64 KiB; at least 1).
    pub fn buffer_size(mut self, size: usize) -> Self {
        self.buffer_size = size;
        self
    }

    /// Whether records carry variable and type names (the detailed layout;
    /// default false).
    pub fn include_details(mut self, include: bool) -> Self {
        self.include_details = include;
        self
    }

    /// 0 for none (the default), 1 to 22 for that zstd level, zstd's whole
    /// range (the original design note's 1 to 9 are a subset; 19 and up
    /// are slow and need more memory to write, not to read). Above 22 the
    /// export fails with [`ExportError::InvalidConfig`]: no silent clamp.
    pub fn compression_level(mut self, level: u8) -> Self {
        self.compression_level = level;
        self
    }

    /// Whether to end the file with a CRC-32 footer (default true).
    pub fn checksum(mut self, checksum: bool) -> Self {
        self.checksum = checksum;
        self
    }

    /// A fixed export timestamp (nanoseconds since the UNIX epoch) for
    /// reproducible files; by default the time of the export.
    pub fn timestamp(mut self, nanos: u64) -> Self {
        self.timestamp = Some(nanos);
        self
    }

    /// Whether exports carry the call stacks the tracker recorded (default
    /// true). Without them the file is version 1.
    pub fn call_stacks(mut self, include: bool) -> Self {
        self.call_stacks = include;
        self
    }

    /// Whether call stacks are resolved to names at export time (default
    /// true with the `symbolize` feature) or written as raw addresses plus
    /// the module map (the path, load address and build id of every
    /// mapped module), for offline symbolization.
    pub fn symbolize(mut self, resolve: bool) -> Self {
        self.symbolize = resolve;
        self
    }

    /// Whether exports with call stacks also carry the allocating thread
    /// of each record and the threads' names (default true; about 4 bytes
    /// a record). `summary --by thread` reads them.
    pub fn threads(mut self, include: bool) -> Self {
        self.threads = include;
        self
    }

    /// Whether an export of a tracker writes each call site's totals over
    /// the run (allocated, freed, at the peak, temporary) and the
    /// timeline of live memory (default true): what `summary --at peak`,
    /// `--total` and `--temporary` read. Off, a tracker without call
    /// stacks writes a version-1 file, as before they existed.
    ///
    /// ```
    /// use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc(0x2000, 128);
    /// let mut file = Vec::new();
    /// BinaryExporter::default().export_to_writer(&tracker, &mut file).unwrap();
    /// let reader = BinaryReader::from_bytes(&file).unwrap();
    /// assert_eq!(reader.history().sites.as_ref().unwrap()[0].allocated_bytes, 128);
    ///
    /// let mut plain = Vec::new();
    /// let config = BinaryExportConfig::new().history(false);
    /// BinaryExporter::new(config).export_to_writer(&tracker, &mut plain).unwrap();
    /// assert_eq!(BinaryReader::from_bytes(&plain).unwrap().header().version, 1);
    /// ```
    pub fn history(mut self, include: bool) -> Self {
        self.history = include;
        self
    }

    /// Whether exporting a tracker that has never seen an allocation writes
    /// an empty file, instead of failing with
    /// [`ExportError::NothingTracked`] (the default), which names the
    /// likely cause: the missing `#[global_allocator]` line.
    ///
    /// ```
    /// use memscope_export::{BinaryExportConfig, BinaryExporter, ExportError};
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let empty = MemoryTracker::new();
    /// let err = BinaryExporter::default().export_to_writer(&empty, Vec::new()).unwrap_err();
    /// assert!(matches!(err, ExportError::NothingTracked));
    /// assert!(err.to_string().contains("#[global_allocator]"));
    ///
    /// let exporter = BinaryExporter::new(BinaryExportConfig::new().allow_empty(true));
    /// assert_eq!(exporter.export_to_writer(&empty, Vec::new()).unwrap().allocations_count, 0);
    /// ```
    pub fn allow_empty(mut self, allow: bool) -> Self {
        self.allow_empty = allow;
        self
    }

    /// The header flags this configuration writes.
    pub fn flags(&self) -> Flags {
        let mut flags = Flags::NONE;
        if self.include_details {
            flags |= Flags::DETAILS;
        }
        if self.compression_level > 0 {
            flags |= Flags::COMPRESSED;
        }
        if self.checksum {
            flags |= Flags::CHECKSUM;
        }
        flags
    }

    /// Checks the settings an export cannot honour.
    pub fn validate(&self) -> ExportResult<()> {
        if self.compression_level > MAX_COMPRESSION_LEVEL {
            return Err(ExportError::InvalidConfig {
                setting: "compression_level",
                expected: "0 (none) to 22",
                found: self.compression_level.to_string(),
            });
        }
        if self.compression_level > 0 && !cfg!(feature = "zstd") {
            return Err(compression_unavailable(self.compression_level));
        }
        if self.buffer_size == 0 {
            return Err(ExportError::InvalidConfig {
                setting: "buffer_size",
                expected: "at least 1 byte",
                found: "0".to_string(),
            });
        }
        Ok(())
    }

    /// The layout of the records this configuration writes.
    pub(crate) fn layout(&self) -> Layout {
        self.flags().layout()
    }
}

/// The error for a compression level in a build without compression.
#[cfg_attr(feature = "zstd", allow(dead_code))]
pub(crate) fn compression_unavailable(level: u8) -> ExportError {
    ExportError::InvalidConfig {
        setting: "compression_level",
        expected: "0: this build has no compression (enable the `zstd` feature of memscope-export)",
        found: level.to_string(),
    }
}
