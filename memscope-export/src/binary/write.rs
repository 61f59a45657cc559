//! Writing one file: the segments in the layout table's order (header,
//! stats, the allocation segment's head, the records, the footer), and
//! for version 2 the extension segments between the records and the
//! footer. Records stream: no copy of them all is ever made.

use std::io::{BufWriter, Write};
use std::time::Instant;

use memscope_binary::{BinaryRecord, Layout};
#[cfg(feature = "zstd")]
use memscope_tracker::AllocationInfo;
use memscope_tracker::{MemoryStats, now_ns};

use crate::binary::BinaryExportReport;
use crate::binary::config::BinaryExportConfig;
#[cfg(not(feature = "zstd"))]
use crate::binary::config::compression_unavailable;
use crate::counting::CountingWriter;
use crate::error::{ExportError, ExportResult, FormatError};
use crate::format::{
    AllocationSegmentHeader, FileHeader, FileLayout, Flags, Footer, RECORDS_OFFSET, STATS,
};
use crate::model::history::History;
use crate::model::ids::{StackId, ThreadIndex};
use crate::model::record::WritableRecord;
use crate::model::stacks::CallStacks;
use crate::model::threads::Threads;
use crate::wire::{self, EndBody, SegmentHead};

/// What one file holds, as the writer takes it.
pub(crate) struct Parts<'a, I> {
    pub(crate) stats: &'a MemoryStats,
    pub(crate) records: I,
    pub(crate) stacks: Option<&'a CallStacks>,
    pub(crate) threads: Option<&'a Threads>,
    /// When the records are samples: the file's mean.
    pub(crate) sample_mean: Option<u64>,
    /// The call sites' totals and the timeline, when known.
    pub(crate) history: &'a History,
    /// Whether every record's stack and thread are known to be in the
    /// tables (a tracker's snapshot builds them so); else they are
    /// checked before anything is written.
    pub(crate) places_known: bool,
}

/// Writes a file: version 1 without stacks or threads, version 2 with
/// either.
pub(crate) fn write_file<W, I>(
    config: &BinaryExportConfig,
    writer: W,
    parts: Parts<'_, I>,
) -> ExportResult<BinaryExportReport>
where
    W: Write,
    I: ExactSizeIterator + Clone,
    I::Item: WritableRecord,
{
    config.validate()?;
    let started = Instant::now();
    let Parts {
        stats,
        records,
        stacks,
        threads,
        sample_mean,
        history,
        places_known,
    } = parts;
    if sample_mean == Some(0) {
        return Err(ExportError::ZeroSampleMean {
            what: "the file".into(),
        });
    }
    let count = records.len();
    let declared = u32::try_from(count).map_err(|_| ExportError::TooManyRecords {
        count: count as u64,
        max: u64::from(u32::MAX),
    })?;
    if stats.active_allocations != count as u64 {
        return Err(ExportError::InconsistentSnapshot {
            what: "active_allocations",
            stats: stats.active_allocations,
            records: count as u64,
        });
    }
    if let Some(stacks) = stacks {
        stacks.validate().map_err(ExportError::InvalidStacks)?;
    }
    if let Some(threads) = threads {
        threads.validate().map_err(ExportError::InvalidThreads)?;
    }
    if !places_known {
        let check = PlaceLog::new(stacks, threads, sample_mean, 0);
        for (index, record) in records.clone().enumerate() {
            check.check(index, &record)?;
        }
    }
    check_history(history, stacks)?;
    let extended =
        stacks.is_some() || threads.is_some() || sample_mean.is_some() || !history.is_empty();
    let mut flags = config.flags();
    if stacks.is_some() {
        flags |= Flags::STACKS;
    }
    let timestamp = config.timestamp.unwrap_or_else(now_ns);
    let counting = if config.checksum {
        CountingWriter::with_crc32(writer)
    } else {
        CountingWriter::new(writer)
    };
    let mut out = BufWriter::with_capacity(config.buffer_size, counting);
    let io = |e| ExportError::io("writing", None, e);

    let header = if extended {
        FileHeader::with_extensions(flags, timestamp)
    } else {
        FileHeader::new(flags, timestamp)
    };
    header.write_to(&mut out)?;
    stats.write_to(&mut out)?;
    AllocationSegmentHeader { count: declared }.write_to(&mut out)?;

    let mut places = PlaceLog::new(stacks, threads, sample_mean, count);
    let written = if config.compression_level > 0 {
        write_compressed(&mut out, records, config, &mut places)?
    } else {
        write_records(&mut out, records, config.layout(), &mut places)?
    };
    if written.count != count {
        return Err(ExportError::InconsistentSnapshot {
            what: "record count",
            stats: count as u64,
            records: written.count as u64,
        });
    }
    if written.memory != stats.active_memory {
        return Err(ExportError::InconsistentSnapshot {
            what: "active_memory",
            stats: stats.active_memory,
            records: written.memory,
        });
    }

    out.flush().map_err(io)?;
    let file_layout = FileLayout::new(flags, out.get_ref().bytes() - RECORDS_OFFSET as u64);
    if extended {
        write_extension_segments(&mut out, &places, history, config)?;
        // The checksum below covers what reached the counting writer.
        out.flush().map_err(io)?;
    }
    if let Some(crc32) = out.get_ref().crc32() {
        Footer { crc32 }.write_to(&mut out)?;
    }
    let counting = out.into_inner().map_err(|e| io(e.into_error()))?;
    let file_size = counting.bytes();
    counting.into_inner().flush().map_err(io)?;
    if !extended {
        debug_assert_eq!(file_size, file_layout.file_size());
    }

    Ok(BinaryExportReport {
        export_duration: started.elapsed(),
        file_size: file_size as usize,
        allocations_count: count,
        stats_size: STATS.fixed_size,
        allocations_size: file_layout.allocation_segment_size() as usize,
    })
}

/// The tables of a version-2 file, and the stack and thread of each
/// record as they stream past: checked against the tables, and kept for
/// `sIDS` and `tHRD`, which follow the records.
struct PlaceLog<'a> {
    stacks: Option<&'a CallStacks>,
    threads: Option<&'a Threads>,
    stack_of: Vec<Option<StackId>>,
    thread_of: Vec<Option<ThreadIndex>>,
    /// The file's sampling mean, and each record's, for `SMPL`.
    sample_mean: Option<u64>,
    mean_of: Vec<u64>,
}

impl<'a> PlaceLog<'a> {
    fn new(
        stacks: Option<&'a CallStacks>,
        threads: Option<&'a Threads>,
        sample_mean: Option<u64>,
        records: usize,
    ) -> Self {
        PlaceLog {
            stacks,
            threads,
            stack_of: Vec::with_capacity(if stacks.is_some() { records } else { 0 }),
            thread_of: Vec::with_capacity(if threads.is_some() { records } else { 0 }),
            sample_mean,
            mean_of: Vec::with_capacity(if sample_mean.is_some() { records } else { 0 }),
        }
    }

    /// Logs record `index`'s place, refusing one the tables do not hold.
    fn log(&mut self, index: usize, record: &impl WritableRecord) -> ExportResult<()> {
        self.check(index, record)?;
        if self.stacks.is_some() {
            self.stack_of.push(record.stack());
        }
        if self.threads.is_some() {
            self.thread_of.push(record.thread());
        }
        if let Some(mean) = self.sample_mean {
            self.mean_of.push(record.sample_mean().unwrap_or(mean));
        }
        Ok(())
    }

    /// Refuses record `index`'s place when the tables do not hold it.
    fn check(&self, index: usize, record: &impl WritableRecord) -> ExportResult<()> {
        let unknown = |what, found: String, count: Option<usize>| ExportError::UnknownPlace {
            index: index as u64,
            what,
            found,
            count: count.map(|c| c as u64),
        };
        match (record.stack(), self.stacks) {
            (Some(id), Some(stacks)) if !stacks.has(id) => {
                return Err(unknown("stack", id.to_string(), Some(stacks.stacks.len())));
            }
            (Some(id), None) => return Err(unknown("stack", id.to_string(), None)),
            _ => {}
        }
        match (record.thread(), self.threads) {
            (Some(index), Some(threads)) if !threads.has(index) => {
                return Err(unknown(
                    "thread",
                    index.index().to_string(),
                    Some(threads.len()),
                ));
            }
            (Some(index), None) => return Err(unknown("thread", index.index().to_string(), None)),
            _ => {}
        }
        match (record.sample_mean(), self.sample_mean) {
            (Some(0), Some(_)) => {
                return Err(ExportError::ZeroSampleMean {
                    what: format!("record {index}"),
                });
            }
            (Some(mean), None) => {
                return Err(ExportError::SampleInLosslessFile {
                    index: index as u64,
                    mean,
                });
            }
            _ => {}
        }
        Ok(())
    }
}

/// Refuses call sites or a timeline that a reader would refuse: rows out
/// of order or over their bounds, a stack the table does not hold, a
/// bucket upside down.
fn check_history(history: &History, stacks: Option<&CallStacks>) -> ExportResult<()> {
    if let Some(sites) = &history.sites {
        wire::history::check_sites(sites, |row| row as u64).map_err(ExportError::InvalidHistory)?;
        wire::history::check_site_stacks(sites, stacks.map(|s| s.stacks.len()), |row| row as u64)
            .map_err(ExportError::InvalidHistory)?;
    }
    if let Some(timeline) = &history.timeline {
        let max = u64::from(wire::history::MAX_TIMELINE_ENTRIES);
        for (what, count) in [
            ("buckets", timeline.buckets.len()),
            ("marks", timeline.marks.len()),
        ] {
            if count as u64 > max {
                return Err(ExportError::InvalidHistory(FormatError::TimelineTooLong {
                    what,
                    count: count as u64,
                    max,
                    offset: 0,
                }));
            }
        }
        for (index, bucket) in timeline.buckets.iter().enumerate() {
            for (what, min, max) in [
                ("bytes", bucket.min_bytes, bucket.max_bytes),
                ("blocks", bucket.min_blocks, bucket.max_blocks),
            ] {
                if min > max {
                    return Err(ExportError::InvalidHistory(FormatError::TimelineBucket {
                        bucket: index as u64,
                        what,
                        min,
                        max,
                        offset: 0,
                    }));
                }
            }
        }
    }
    Ok(())
}

/// Writes the records as one zstd frame at the configured level.
#[cfg(feature = "zstd")]
fn write_compressed<W, I>(
    out: &mut W,
    records: I,
    config: &BinaryExportConfig,
    places: &mut PlaceLog<'_>,
) -> ExportResult<Written>
where
    W: Write,
    I: ExactSizeIterator + Clone,
    I::Item: WritableRecord,
{
    let io = |e| ExportError::io("writing", None, e);
    let layout = config.layout();
    let level = i32::from(config.compression_level);
    let mut encoder = zstd::stream::write::Encoder::new(out, level).map_err(io)?;
    // The frame then states its content size (a reader checks it against
    // the count before inflating anything) and zstd sizes its window to the
    // content, so readers need no larger one.
    let record_bytes = match AllocationInfo::encoded_size(layout).exact_len() {
        Some(each) => (each * records.len()) as u64,
        None => records
            .clone()
            .map(|r| r.allocation().encoded_len(layout) as u64)
            .sum(),
    };
    encoder
        .set_pledged_src_size(Some(record_bytes))
        .map_err(io)?;
    // zstd works per call: feed it large chunks, not 24-byte records.
    let mut chunks = BufWriter::with_capacity(config.buffer_size, encoder);
    let written = write_records(&mut chunks, records, layout, places)?;
    let encoder = chunks.into_inner().map_err(|e| io(e.into_error()))?;
    encoder.finish().map_err(io)?;
    Ok(written)
}

/// Without the `zstd` feature, [`BinaryExportConfig::validate`] refuses
/// compression before anything is written.
#[cfg(not(feature = "zstd"))]
fn write_compressed<W, I>(
    _out: &mut W,
    _records: I,
    config: &BinaryExportConfig,
    _places: &mut PlaceLog<'_>,
) -> ExportResult<Written>
where
    W: Write,
    I: ExactSizeIterator + Clone,
    I::Item: WritableRecord,
{
    Err(compression_unavailable(config.compression_level))
}

/// Writes the extension segments and `ENDS` (FORMAT.md, "Version 2"):
/// the stack segments, then `tHRD`; each body is compressed like the
/// records when the configuration says so.
fn write_extension_segments<W: Write>(
    out: &mut BufWriter<CountingWriter<W>>,
    places: &PlaceLog<'_>,
    history: &History,
    config: &BinaryExportConfig,
) -> ExportResult<()> {
    let io = |e| ExportError::io("writing", None, e);
    out.flush().map_err(io)?;
    let first_segment = out.get_ref().bytes();
    let mut bodies = match places.stacks {
        Some(stacks) => wire::stacks::encode(stacks, &places.stack_of)?,
        None => Vec::new(),
    };
    if let Some(threads) = places.threads {
        bodies.push((
            wire::THREADS,
            wire::threads::encode(threads, &places.thread_of)?,
        ));
    }
    if let Some(mean) = places.sample_mean {
        bodies.push((
            wire::SAMPLING,
            wire::sampling::encode(mean, &places.mean_of),
        ));
    }
    if let Some(sites) = &history.sites {
        bodies.push((wire::SITES, wire::history::encode_sites(sites)));
    }
    if let Some(timeline) = &history.timeline {
        bodies.push((wire::TIMELINE, wire::history::encode_timeline(timeline)));
    }
    for (tag, body) in bodies {
        let stored = if config.compression_level > 0 {
            compress_body(&body, config.compression_level)?
        } else {
            body
        };
        SegmentHead {
            tag,
            length: stored.len() as u64,
        }
        .write_to(out)?;
        out.write_all(&stored).map_err(io)?;
    }
    SegmentHead {
        tag: wire::END,
        length: 8,
    }
    .write_to(out)?;
    EndBody { first_segment }.write_to(out)?;
    Ok(())
}

/// A compressed segment body: its content length, then one zstd frame.
#[cfg(feature = "zstd")]
fn compress_body(content: &[u8], level: u8) -> ExportResult<Vec<u8>> {
    let io = |e| ExportError::io("compressing", None, e);
    let mut stored = (content.len() as u64).to_le_bytes().to_vec();
    let mut encoder =
        zstd::stream::write::Encoder::new(&mut stored, i32::from(level)).map_err(io)?;
    encoder
        .set_pledged_src_size(Some(content.len() as u64))
        .map_err(io)?;
    encoder.write_all(content).map_err(io)?;
    encoder.finish().map_err(io)?;
    Ok(stored)
}

/// Without the `zstd` feature, [`BinaryExportConfig::validate`] refuses
/// compression before anything is written.
#[cfg(not(feature = "zstd"))]
fn compress_body(_content: &[u8], level: u8) -> ExportResult<Vec<u8>> {
    Err(compression_unavailable(level))
}

/// What [`write_records`] wrote.
struct Written {
    count: usize,
    memory: u64,
}

/// Streams the records, one derived `write_with` each, logging each one's
/// place. An error names the record's index and its offset in the file
/// (in the record bytes, for a compressed file).
fn write_records<W: Write>(
    w: &mut W,
    records: impl Iterator<Item = impl WritableRecord>,
    layout: Layout,
    places: &mut PlaceLog<'_>,
) -> ExportResult<Written> {
    let mut offset = RECORDS_OFFSET as u64;
    let mut written = Written {
        count: 0,
        memory: 0,
    };
    for record in records {
        places.log(written.count, &record)?;
        let allocation = record.allocation();
        let n = allocation
            .write_with(w, layout)
            .map_err(|source| ExportError::Record {
                index: written.count as u64,
                source: source.shifted(offset),
            })?;
        offset += n as u64;
        written.count += 1;
        written.memory = written.memory.wrapping_add(allocation.size as u64);
    }
    Ok(written)
}
