//! [`to_parquet`]: a memscope file as a Parquet table, one row per live
//! block, for DuckDB, Spark, Polars and pyarrow.
//!
//! The columns ([`COLUMNS`], in order):
//!
//! | column | Parquet type | what |
//! |---|---|---|
//! | `ptr` | `INT64` as unsigned 64-bit | the block's address |
//! | `size` | `INT64` as unsigned 64-bit | its size in bytes |
//! | `timestamp_alloc` | `INT64` as unsigned 64-bit | when it was allocated, nanoseconds since the UNIX epoch |
//! | `var_name` | optional `STRING` | its variable, null when none |
//! | `type_name` | optional `STRING` | its type, null when none |
//! | `stack_id` | optional `INT32` as unsigned 32-bit | its call stack's id in this file, null when it has none |
//! | `call_site` | optional `STRING` | where the program asked for it: the stack's innermost frame of the program (`memscope_analysis`'s call site), as `label (file:line)` ([`ShownFrame::text`]); null without a stack |
//! | `stack` | `LIST<STRING>` | the stack, innermost frame first, each as `label (file:line)`, the allocator's frames left out; empty without one |
//! | `thread_id` | optional `INT64` as unsigned 64-bit | the tracker's id of the thread that allocated it; null when it is unknown or the file carries no threads |
//! | `thread_name` | optional `STRING` | that thread's name, null when it had none |
//! | `weight` | `DOUBLE` | how many blocks the row stands for: 1, or in a sampled file (FORMAT.md's `SMPL`) `1 / (1 - e^(-size/mean))`; estimates are `sum(weight)` blocks and `sum(size * weight)` bytes |
//!
//! Every column is zstd-compressed. The records stream through in row
//! groups of [`ROWS_PER_GROUP`] records, fewer when their names reach
//! [`NAME_BYTES_PER_GROUP`]: the converter holds one row group, whatever
//! the number of records and however long their names. The file's
//! key-value metadata has `memscope.format_version` and
//! `memscope.export_timestamp_ns` (the header's export time, the same for
//! every row).
//!
//! # The call-site table
//!
//! [`to_parquet_sites`] writes a second table from a file's call-site
//! totals over the run (FORMAT.md's `sITE`), one row per call stack
//! (ascending stack id, the blocks without a stack first), whose first
//! three columns are the block table's, so that the two join on
//! `stack_id` ([`SITE_COLUMNS`], in order):
//!
//! | column | Parquet type | what |
//! |---|---|---|
//! | `stack_id` | optional `INT32` as unsigned 32-bit | the call stack, as the block table's `stack_id`; null for the blocks without a stack (join with `IS NOT DISTINCT FROM` to keep them) |
//! | `call_site` | optional `STRING` | as the block table's |
//! | `stack` | `LIST<STRING>` | as the block table's |
//! | `allocated_blocks`, `allocated_bytes` | `INT64` as unsigned 64-bit | blocks allocated over the run under this stack, freed or not, and their bytes |
//! | `freed_blocks`, `freed_bytes` | same | of them, those freed since |
//! | `live_blocks`, `live_bytes` | same | allocated less freed: the block table's rows of this stack (their `weight`s summed in a sampled file) |
//! | `peak_blocks`, `peak_bytes` | same | of them, those live at the run's peak |
//! | `temporary_blocks`, `temporary_bytes` | same | those freed by their thread before it allocated again |
//!
//! In a sampled file every count is an estimate (the file's, as it
//! holds it). Its metadata is the block table's.

use std::io::{Read, Write};
use std::sync::Arc;

use bytes::Bytes;
use memscope_export::{BinaryReader, CountingWriter, SiteTotals};
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType, ZstdLevel};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::{Type, TypePtr};

use crate::error::{InterchangeError, InterchangeResult};
use crate::stream;
use memscope_analysis::frames::{FrameTable, Naming};
use memscope_analysis::{FrameClass, ShownFrame};
use memscope_export::{StackId, ThreadView};

/// The name of the format in errors.
const PARQUET: &str = "Parquet";

/// Records per row group: the converter's memory is bounded by one row
/// group of them (with their names and stacks). DuckDB writes groups of
/// about this many rows (122,880) and reads one per thread.
pub const ROWS_PER_GROUP: usize = 128 * 1024;

/// The most bytes of names (variable and type names together) one row
/// group holds: a group closes at this many bytes of names, or at
/// [`ROWS_PER_GROUP`] rows, whichever comes first, so that long names do
/// not make a row group large.
pub const NAME_BYTES_PER_GROUP: usize = 16 << 20;

/// How many rows of a repeated column are encoded at once within a row
/// group, so that a deep stack times many rows does not pile up.
const ROWS_PER_BATCH: usize = 4096;

/// The zstd level of every column.
const ZSTD_LEVEL: i32 = 3;

/// The columns, in order.
pub const COLUMNS: [&str; 11] = [
    "ptr",
    "size",
    "timestamp_alloc",
    "var_name",
    "type_name",
    "stack_id",
    "call_site",
    "stack",
    "thread_id",
    "thread_name",
    "weight",
];

/// The columns of the call-site table ([`to_parquet_sites`]), in order.
pub const SITE_COLUMNS: [&str; 13] = [
    "stack_id",
    "call_site",
    "stack",
    "allocated_blocks",
    "allocated_bytes",
    "freed_blocks",
    "freed_bytes",
    "live_blocks",
    "live_bytes",
    "peak_blocks",
    "peak_bytes",
    "temporary_blocks",
    "temporary_bytes",
];

/// What [`to_parquet`] (or [`to_parquet_sites`]) wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParquetReport {
    /// Rows written, one per record (per call stack for the call-site
    /// table).
    pub rows: u64,
    /// The sizes of their blocks added up (the call sites' live bytes).
    pub bytes: u64,
    /// Row groups written.
    pub row_groups: u64,
    /// Bytes of Parquet written.
    pub written: u64,
}

/// Converts the file of `reader` to a Parquet table (its columns are
/// [`COLUMNS`]) written to `out`, one row group at a time.
///
/// Memory is one row group of records (bounded in rows and in bytes of
/// names) and the file's call stacks as text, never the whole file.
///
/// # Errors
///
/// [`InterchangeError::Input`] for a damaged input,
/// [`InterchangeError::Output`] for a failed write, and
/// [`InterchangeError::Parquet`] should the encoder refuse the data.
pub fn to_parquet<R: Read, W: Write>(
    mut reader: BinaryReader<R>,
    out: W,
) -> InterchangeResult<ParquetReport> {
    let mut out = CountingWriter::new(out);
    let texts = stack_texts(&reader);
    // The encoder writes into this buffer (it asks for a `Send` writer,
    // which `out` need not be); each row group is passed on to `out` as
    // soon as it is complete.
    let mut writer = SerializedFileWriter::new(Vec::new(), schema()?, properties(&reader)?)?;
    let mut stats = ParquetReport::default();
    let mut group = RowGroup::default();
    let mut flush = |group: &mut RowGroup, writer: &mut SerializedFileWriter<Vec<u8>>| {
        let written = write_row_group(writer, group, &texts).and_then(|()| {
            writer.flush().map_err(InterchangeError::output(PARQUET))?;
            pass_on(writer.inner_mut(), &mut out)
        });
        group.clear();
        written
    };
    // Each thread's name as a shared value, made once per thread (a name
    // may be 64 KiB; rows share it instead of copying it), by thread
    // index.
    let mut thread_names: Vec<Option<ByteArray>> = Vec::new();
    stream(&mut reader, |record, stack, thread, weight| {
        stats.rows += 1;
        stats.bytes = stats.bytes.saturating_add(record.size as u64);
        let thread_name = thread.and_then(|thread| {
            let entry = thread.index.index();
            if thread_names.len() <= entry {
                thread_names.resize(entry + 1, None);
            }
            let name = thread.name()?;
            let shared = thread_names[entry]
                .get_or_insert_with(|| ByteArray::from(Bytes::copy_from_slice(name.as_bytes())));
            Some(shared.clone())
        });
        group.push(record, stack, thread, thread_name, weight);
        if group.len() == ROWS_PER_GROUP || group.name_bytes >= NAME_BYTES_PER_GROUP {
            stats.row_groups += 1;
            flush(&mut group, &mut writer)?;
        }
        Ok(())
    })?;
    if group.len() > 0 {
        stats.row_groups += 1;
        flush(&mut group, &mut writer)?;
    }
    let mut rest = writer.into_inner()?;
    pass_on(&mut rest, &mut out)?;
    out.flush().map_err(InterchangeError::output(PARQUET))?;
    stats.written = out.bytes();
    Ok(stats)
}

/// Writes the call-site table of the file of `reader` (see [the module
/// documentation](self#the-call-site-table); its columns are
/// [`SITE_COLUMNS`]) to `out`: one row per row of its `sITE` segment,
/// which the reader read when it opened, in row groups of at most
/// [`ROWS_PER_GROUP`]. The records are not read: `reader` can then go to
/// [`to_parquet`] for the block table.
///
/// ```
/// use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// for ptr in [0x1000, 0x2000] {
///     tracker.record_alloc_with_stack(ptr, 4096, 1, &[0x5555_0000_1000]);
///     tracker.record_dealloc(ptr);
/// }
/// tracker.record_alloc_with_stack(0x3000, 64, 2, &[0x5555_0000_2000]);
/// let mut file = Vec::new();
/// BinaryExporter::new(BinaryExportConfig::new().symbolize(false))
///     .export_to_writer(&tracker, &mut file)
///     .unwrap();
///
/// let reader = BinaryReader::from_bytes(&file).unwrap();
/// let mut sites = Vec::new();
/// let written = memscope_interchange::to_parquet_sites(&reader, &mut sites).unwrap();
/// assert_eq!((written.rows, written.bytes), (2, 64), "two stacks, 64 bytes live");
/// let mut blocks = Vec::new();
/// assert_eq!(memscope_interchange::to_parquet(reader, &mut blocks).unwrap().rows, 1);
/// ```
///
/// # Errors
///
/// [`InterchangeError::NoSiteTotals`] for a file without `sITE` (nothing
/// is written then), [`InterchangeError::Output`] for a failed write, and
/// [`InterchangeError::Parquet`] should the encoder refuse the data.
pub fn to_parquet_sites<R: Read, W: Write>(
    reader: &BinaryReader<R>,
    out: W,
) -> InterchangeResult<ParquetReport> {
    let sites = reader
        .history()
        .sites
        .as_deref()
        .ok_or(InterchangeError::NoSiteTotals)?;
    let mut out = CountingWriter::new(out);
    let texts = stack_texts(reader);
    let mut writer = SerializedFileWriter::new(Vec::new(), site_schema()?, properties(reader)?)?;
    let mut report = ParquetReport::default();
    for group in sites.chunks(ROWS_PER_GROUP) {
        write_site_group(&mut writer, group, &texts)?;
        writer.flush().map_err(InterchangeError::output(PARQUET))?;
        pass_on(writer.inner_mut(), &mut out)?;
        report.row_groups += 1;
        report.rows += group.len() as u64;
        for site in group {
            report.bytes = report.bytes.saturating_add(site.live_bytes());
        }
    }
    let mut rest = writer.into_inner()?;
    pass_on(&mut rest, &mut out)?;
    out.flush().map_err(InterchangeError::output(PARQUET))?;
    report.written = out.bytes();
    Ok(report)
}

/// The text of the call stacks of the file of `reader` (none without).
fn stack_texts<R: Read>(reader: &BinaryReader<R>) -> StackTexts {
    reader
        .stacks()
        .map(|stacks| StackTexts::of(&FrameTable::new(stacks.clone())))
        .unwrap_or_default()
}

/// The writer's properties: zstd, and the file's version and export time
/// as key-value metadata.
fn properties<R: Read>(reader: &BinaryReader<R>) -> InterchangeResult<Arc<WriterProperties>> {
    let metadata = vec![
        KeyValue::new(
            "memscope.format_version".to_owned(),
            reader.header().version.to_string(),
        ),
        KeyValue::new(
            "memscope.export_timestamp_ns".to_owned(),
            reader.header().timestamp.to_string(),
        ),
    ];
    let properties = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(ZSTD_LEVEL)?))
        .set_key_value_metadata(Some(metadata))
        .build();
    Ok(Arc::new(properties))
}

/// The schema of [`SITE_COLUMNS`]: the block table's stack columns, then
/// the counts.
fn site_schema() -> InterchangeResult<TypePtr> {
    let blocks = schema()?;
    let block_fields = blocks.get_fields();
    let of_blocks = |name: &str| {
        block_fields
            .iter()
            .find(|field| field.name() == name)
            .map(Arc::clone)
    };
    let mut fields: Vec<TypePtr> = SITE_COLUMNS[..3]
        .iter()
        .filter_map(|n| of_blocks(n))
        .collect();
    for name in &SITE_COLUMNS[3..] {
        let count = Type::primitive_type_builder(name, PhysicalType::INT64)
            .with_repetition(Repetition::REQUIRED)
            .with_logical_type(Some(LogicalType::integer(64, false)))
            .build()?;
        fields.push(Arc::new(count));
    }
    let schema = Type::group_type_builder("memscope_call_site")
        .with_fields(fields)
        .build()?;
    Ok(Arc::new(schema))
}

/// Writes `sites` as one row group, its columns in [`SITE_COLUMNS`]
/// order.
fn write_site_group(
    writer: &mut SerializedFileWriter<Vec<u8>>,
    sites: &[SiteTotals],
    texts: &StackTexts,
) -> InterchangeResult<()> {
    let ids: Vec<Option<StackId>> = sites.iter().map(|site| site.stack).collect();
    let counts: [fn(&SiteTotals) -> u64; 10] = [
        |s| s.allocated_blocks,
        |s| s.allocated_bytes,
        |s| s.freed_blocks,
        |s| s.freed_bytes,
        SiteTotals::live_blocks,
        SiteTotals::live_bytes,
        |s| s.peak_blocks,
        |s| s.peak_bytes,
        |s| s.temporary_blocks,
        |s| s.temporary_bytes,
    ];
    let mut row_group = writer.next_row_group()?;
    let mut index = 0;
    while let Some(mut column) = row_group.next_column()? {
        match index {
            0 => write_stack_ids(&mut column, &ids)?,
            1 => write_call_sites(&mut column, &ids, texts)?,
            2 => write_stacks(&mut column, &ids, texts)?,
            _ => {
                let count = counts[index - 3];
                // The bits of the u64; readers see them unsigned.
                let values: Vec<i64> = sites.iter().map(|site| count(site) as i64).collect();
                write_required(&mut column, &values)?;
            }
        }
        column.close()?;
        index += 1;
    }
    row_group.close()?;
    Ok(())
}

/// Moves what the encoder has written so far to `out`.
fn pass_on(buffer: &mut Vec<u8>, out: &mut impl Write) -> InterchangeResult<()> {
    out.write_all(buffer)
        .map_err(InterchangeError::output(PARQUET))?;
    buffer.clear();
    Ok(())
}

/// The schema of [`COLUMNS`].
fn schema() -> InterchangeResult<TypePtr> {
    let column = |name: &str, physical, repetition, logical| {
        Type::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()
            .map(Arc::new)
    };
    let unsigned = |bits| Some(LogicalType::integer(bits, false));
    let string = Some(LogicalType::String);
    let element = column(
        "element",
        PhysicalType::BYTE_ARRAY,
        Repetition::REQUIRED,
        string.clone(),
    )?;
    let list = Type::group_type_builder("list")
        .with_repetition(Repetition::REPEATED)
        .with_fields(vec![element])
        .build()?;
    let stack = Type::group_type_builder("stack")
        .with_repetition(Repetition::REQUIRED)
        .with_logical_type(Some(LogicalType::List))
        .with_fields(vec![Arc::new(list)])
        .build()?;
    let fields = vec![
        column(
            COLUMNS[0],
            PhysicalType::INT64,
            Repetition::REQUIRED,
            unsigned(64),
        )?,
        column(
            COLUMNS[1],
            PhysicalType::INT64,
            Repetition::REQUIRED,
            unsigned(64),
        )?,
        column(
            COLUMNS[2],
            PhysicalType::INT64,
            Repetition::REQUIRED,
            unsigned(64),
        )?,
        column(
            COLUMNS[3],
            PhysicalType::BYTE_ARRAY,
            Repetition::OPTIONAL,
            string.clone(),
        )?,
        column(
            COLUMNS[4],
            PhysicalType::BYTE_ARRAY,
            Repetition::OPTIONAL,
            string.clone(),
        )?,
        column(
            COLUMNS[5],
            PhysicalType::INT32,
            Repetition::OPTIONAL,
            unsigned(32),
        )?,
        column(
            COLUMNS[6],
            PhysicalType::BYTE_ARRAY,
            Repetition::OPTIONAL,
            string.clone(),
        )?,
        Arc::new(stack),
        column(
            COLUMNS[8],
            PhysicalType::INT64,
            Repetition::OPTIONAL,
            unsigned(64),
        )?,
        column(
            COLUMNS[9],
            PhysicalType::BYTE_ARRAY,
            Repetition::OPTIONAL,
            string,
        )?,
        column(
            COLUMNS[10],
            PhysicalType::DOUBLE,
            Repetition::REQUIRED,
            None,
        )?,
    ];
    let schema = Type::group_type_builder("memscope_block")
        .with_fields(fields)
        .build()?;
    Ok(Arc::new(schema))
}

/// A file's call stacks as the text the `stack` and `call_site` columns
/// hold, each frame's text made once and shared by every row.
#[derive(Debug, Default)]
struct StackTexts {
    /// The frames' texts of each stack, innermost first, the allocator's
    /// left out, by stack index.
    stacks: Vec<Vec<ByteArray>>,
    /// The call site of each stack, by stack index.
    call_sites: Vec<Option<ByteArray>>,
}

impl StackTexts {
    fn of(table: &FrameTable) -> Self {
        let naming = Naming::default();
        let text = |frame: &ShownFrame| ByteArray::from(Bytes::from(frame.text()));
        // A frame's text is made once, in the first stack it is met in
        // (its label depends only on the frames at its address).
        let mut frames: Vec<Option<ByteArray>> = vec![None; table.stacks().frames.len()];
        let mut stacks = Vec::with_capacity(table.stacks().stacks.len());
        let mut call_sites = Vec::with_capacity(table.stacks().stacks.len());
        for view in table.stacks().iter() {
            let id = view.id();
            let ids = view.frame_ids();
            let shown = table.frames(id, naming);
            let mut texts = Vec::with_capacity(shown.len());
            for frame in shown.iter().filter(|f| f.class != FrameClass::Allocator) {
                let slot = &mut frames[ids[frame.position].index()];
                texts.push(slot.get_or_insert_with(|| text(frame)).clone());
            }
            stacks.push(texts);
            call_sites.push(
                table
                    .shape(id)
                    .call_site
                    .and_then(|site| shown.get(site))
                    .map(text),
            );
        }
        StackTexts { stacks, call_sites }
    }

    /// The frames' texts of stack `id`, none for no stack.
    fn frames_of(&self, id: Option<StackId>) -> &[ByteArray] {
        id.and_then(|id| self.stacks.get(id.index()))
            .map_or(&[], Vec::as_slice)
    }

    /// The call site of stack `id`.
    fn call_site_of(&self, id: Option<StackId>) -> Option<&ByteArray> {
        self.call_sites.get(id?.index())?.as_ref()
    }
}

/// The records of one row group, column by column.
#[derive(Debug, Default)]
struct RowGroup {
    ptr: Vec<i64>,
    size: Vec<i64>,
    timestamp_alloc: Vec<i64>,
    var_name: Vec<Option<String>>,
    type_name: Vec<Option<String>>,
    stack: Vec<Option<StackId>>,
    thread_id: Vec<Option<u64>>,
    /// Shared with every row of the thread: not counted in `name_bytes`.
    thread_name: Vec<Option<ByteArray>>,
    weight: Vec<f64>,
    /// The bytes of the names held.
    name_bytes: usize,
}

impl RowGroup {
    fn push(
        &mut self,
        record: memscope_tracker::AllocationInfo,
        stack: Option<StackId>,
        thread: Option<ThreadView<'_>>,
        thread_name: Option<ByteArray>,
        weight: f64,
    ) {
        // The unsigned columns carry the bits of the u64; readers see
        // them unsigned.
        self.ptr.push(record.ptr as u64 as i64);
        self.size.push(record.size as u64 as i64);
        self.timestamp_alloc.push(record.timestamp_alloc as i64);
        let length = |name: &Option<String>| name.as_ref().map_or(0, String::len);
        self.name_bytes += length(&record.var_name) + length(&record.type_name);
        self.var_name.push(record.var_name);
        self.type_name.push(record.type_name);
        self.stack.push(stack);
        self.thread_id.push(thread.map(|thread| thread.id()));
        self.thread_name.push(thread_name);
        self.weight.push(weight);
    }

    fn len(&self) -> usize {
        self.ptr.len()
    }

    fn clear(&mut self) {
        self.ptr.clear();
        self.size.clear();
        self.timestamp_alloc.clear();
        self.var_name.clear();
        self.type_name.clear();
        self.stack.clear();
        self.thread_id.clear();
        self.thread_name.clear();
        self.weight.clear();
        self.name_bytes = 0;
    }
}

/// Writes `group` as one row group, its columns in [`COLUMNS`] order.
fn write_row_group(
    writer: &mut SerializedFileWriter<Vec<u8>>,
    group: &mut RowGroup,
    texts: &StackTexts,
) -> InterchangeResult<()> {
    let mut row_group = writer.next_row_group()?;
    let mut index = 0;
    while let Some(mut column) = row_group.next_column()? {
        match index {
            0 => write_required(&mut column, &group.ptr)?,
            1 => write_required(&mut column, &group.size)?,
            2 => write_required(&mut column, &group.timestamp_alloc)?,
            3 => write_names(&mut column, &mut group.var_name)?,
            4 => write_names(&mut column, &mut group.type_name)?,
            5 => write_stack_ids(&mut column, &group.stack)?,
            6 => write_call_sites(&mut column, &group.stack, texts)?,
            7 => write_stacks(&mut column, &group.stack, texts)?,
            8 => write_optional(&mut column, &group.thread_id)?,
            9 => write_shared_names(&mut column, &group.thread_name)?,
            _ => {
                column
                    .typed::<DoubleType>()
                    .write_batch(&group.weight, None, None)?;
            }
        }
        column.close()?;
        index += 1;
    }
    row_group.close()?;
    Ok(())
}

/// A required INT64 column.
fn write_required(
    column: &mut SerializedColumnWriter<'_>,
    values: &[i64],
) -> InterchangeResult<()> {
    column
        .typed::<Int64Type>()
        .write_batch(values, None, None)?;
    Ok(())
}

/// An optional unsigned 64-bit column (the bits of each `u64`; readers
/// see them unsigned).
fn write_optional(
    column: &mut SerializedColumnWriter<'_>,
    values: &[Option<u64>],
) -> InterchangeResult<()> {
    let levels: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
    let present: Vec<i64> = values.iter().flatten().map(|&v| v as i64).collect();
    column
        .typed::<Int64Type>()
        .write_batch(&present, Some(&levels), None)?;
    Ok(())
}

/// An optional string column of names, taken out of `names`.
fn write_names(
    column: &mut SerializedColumnWriter<'_>,
    names: &mut [Option<String>],
) -> InterchangeResult<()> {
    for chunk in names.chunks_mut(ROWS_PER_BATCH) {
        let levels: Vec<i16> = chunk.iter().map(|n| i16::from(n.is_some())).collect();
        let values: Vec<ByteArray> = chunk
            .iter_mut()
            .filter_map(Option::take)
            .map(|name| ByteArray::from(name.into_bytes()))
            .collect();
        column
            .typed::<ByteArrayType>()
            .write_batch(&values, Some(&levels), None)?;
    }
    Ok(())
}

/// An optional string column of values shared between rows.
fn write_shared_names(
    column: &mut SerializedColumnWriter<'_>,
    names: &[Option<ByteArray>],
) -> InterchangeResult<()> {
    for chunk in names.chunks(ROWS_PER_BATCH) {
        let levels: Vec<i16> = chunk.iter().map(|n| i16::from(n.is_some())).collect();
        let values: Vec<ByteArray> = chunk.iter().flatten().cloned().collect();
        column
            .typed::<ByteArrayType>()
            .write_batch(&values, Some(&levels), None)?;
    }
    Ok(())
}

/// The optional stack id column: each stack's number, null for none.
fn write_stack_ids(
    column: &mut SerializedColumnWriter<'_>,
    ids: &[Option<StackId>],
) -> InterchangeResult<()> {
    let levels: Vec<i16> = ids.iter().map(|id| i16::from(id.is_some())).collect();
    // The bits of the u32; readers see them unsigned.
    let values: Vec<i32> = ids.iter().flatten().map(|id| id.number() as i32).collect();
    column
        .typed::<Int32Type>()
        .write_batch(&values, Some(&levels), None)?;
    Ok(())
}

/// The optional call site column.
fn write_call_sites(
    column: &mut SerializedColumnWriter<'_>,
    ids: &[Option<StackId>],
    texts: &StackTexts,
) -> InterchangeResult<()> {
    for chunk in ids.chunks(ROWS_PER_BATCH) {
        let sites: Vec<Option<&ByteArray>> =
            chunk.iter().map(|&id| texts.call_site_of(id)).collect();
        let levels: Vec<i16> = sites.iter().map(|s| i16::from(s.is_some())).collect();
        let values: Vec<ByteArray> = sites.into_iter().flatten().cloned().collect();
        column
            .typed::<ByteArrayType>()
            .write_batch(&values, Some(&levels), None)?;
    }
    Ok(())
}

/// The `stack` list column: definition level 1 and repetition level 0 for
/// a list's first frame, 1 for the others; an empty list is one level 0
/// and no value.
fn write_stacks(
    column: &mut SerializedColumnWriter<'_>,
    ids: &[Option<StackId>],
    texts: &StackTexts,
) -> InterchangeResult<()> {
    for chunk in ids.chunks(ROWS_PER_BATCH) {
        let mut values = Vec::new();
        let mut definitions = Vec::new();
        let mut repetitions = Vec::new();
        for &id in chunk {
            let frames = texts.frames_of(id);
            let before = values.len();
            for (position, text) in frames.iter().enumerate() {
                values.push(text.clone());
                definitions.push(1);
                repetitions.push(i16::from(position > 0));
            }
            if values.len() == before {
                definitions.push(0);
                repetitions.push(0);
            }
        }
        column.typed::<ByteArrayType>().write_batch(
            &values,
            Some(&definitions),
            Some(&repetitions),
        )?;
    }
    Ok(())
}
