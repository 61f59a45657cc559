//! `inspect FILE`: what the file says about itself (header, stats, record
//! count, segment sizes, the extension segments and call stacks of a
//! version-2 file) and whether its checksum holds, with the first records
//! on request.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use memscope_analysis::ShownRecord;
use memscope_binary::Layout;
use memscope_export::escape::escape_text;
use memscope_export::format::{
    ALLOCATIONS, FOOTER, FileHeader, FileLayout, Flags, HEADER, RECORDS_OFFSET, STATS,
};
use memscope_export::{CallStacks, ExtensionSegment, FormatError, Record, read_head};
use memscope_tracker::{AllocationInfo, AllocationRecord, MemoryStats};

use crate::error::CliError;
use crate::table::{Align, Table, record_cells, records_columns};
use crate::units::{human_bytes, utc_datetime};

/// Show the header, stats, record count, segment sizes and checksum
/// status of FILE (reads the whole file to verify the checksum)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The memscope binary file
    pub file: PathBuf,
    /// Also list the first N records
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub records: usize,
}

/// Runs `inspect`: prints the report, then fails with the file's damage,
/// if any, so the exit status says whether the file is sound.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let path = &args.file;
    let inspection = Inspection::read(path, args.records)?;
    inspection.write_to(path, out).map_err(CliError::stdout)?;
    inspection.list_records(path, out)?;
    match inspection.damage {
        Some(damage) => Err(CliError::input(path, damage)),
        None => Ok(()),
    }
}

/// Everything `inspect` shows, read in one pass over the file; the records
/// it lists are read again when they are written, so that no number of
/// them, and no length of their names, is ever held in memory.
#[derive(Debug)]
pub struct Inspection {
    /// Bytes in the file.
    pub file_len: u64,
    /// The header.
    pub header: FileHeader,
    /// The stats segment.
    pub stats: MemoryStats,
    /// The record count the allocation segment states.
    pub record_count: u32,
    /// How many of the first records to list: as many as were asked for,
    /// fewer if the file has fewer or is damaged before.
    pub listed: usize,
    /// The table they are listed in, its columns sized to them.
    records: Table,
    /// The same open file, to read the listed records again.
    again: Option<File>,
    /// The extension segments of a version-2 file, `ENDS` last, once read
    /// (the file is sound up to its end).
    pub segments: Vec<ExtensionSegment>,
    /// The sizes of its call stack tables, once read.
    pub stacks: Option<StackTables>,
    /// The first problem found after the header, if any: reading goes on
    /// to the end of the file, so the checksum is checked too.
    pub damage: Option<FormatError>,
}

/// How large a file's call stack tables are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackTables {
    /// Distinct stacks.
    pub stacks: usize,
    /// Distinct frames.
    pub frames: usize,
    /// Distinct strings (function names, files, module paths).
    pub strings: usize,
    /// Modules of the module map (raw addresses, for symbolizing
    /// elsewhere).
    pub modules: usize,
    /// Records that have a stack.
    pub records_with_stack: usize,
}

impl StackTables {
    /// The sizes of `stacks`, of which `records_with_stack` records have
    /// one.
    fn of(stacks: &CallStacks, records_with_stack: usize) -> Self {
        StackTables {
            stacks: stacks.stacks.len(),
            frames: stacks.frames.len(),
            strings: stacks.strings.len(),
            modules: stacks.modules.len(),
            records_with_stack,
        }
    }
}

/// A record as a listed row shows it.
fn shown(record: &Record<'_, AllocationInfo>) -> ShownRecord {
    ShownRecord::of(&Record {
        allocation: AllocationRecord::from(&record.allocation),
        stack: record.stack,
        thread: record.thread,
        sample_mean: record.sample_mean,
    })
}

impl StackTables {
    /// How many entries the table of segment `tag` holds, for the
    /// segments that hold a table.
    fn entries(&self, tag: [u8; 4]) -> Option<usize> {
        match &tag {
            b"sSTR" => Some(self.strings),
            b"sFRM" => Some(self.frames),
            b"sSTK" => Some(self.stacks),
            b"sMOD" => Some(self.modules),
            _ => None,
        }
    }
}

/// Whether the file's CRC-32 footer matches its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksum {
    /// The footer is there and matches.
    Verified,
    /// The CHECKSUM flag is clear: there is nothing to verify.
    Absent,
    /// The footer does not match the bytes before it.
    Mismatch {
        /// The CRC in the footer.
        expected: u32,
        /// The CRC of the bytes.
        found: u32,
    },
    /// The file is damaged before the footer could be checked (or the
    /// footer itself is).
    Unchecked,
}

/// The sizes of the file's parts in bytes, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments {
    /// The header (24).
    pub header: u64,
    /// The stats segment (60).
    pub stats: u64,
    /// The allocation segment: tag, count and records as stored
    /// (compressed, when they are).
    pub allocations: u64,
    /// The checksum footer (8, or 0 without one).
    pub footer: u64,
}

impl Inspection {
    /// Reads the file at `path` to its end, sizing the table of the first
    /// `keep` records. Fails only when not even the header, stats and
    /// record count can be read; later damage is kept in
    /// [`Inspection::damage`].
    pub fn read(path: &Path, keep: usize) -> Result<Self, CliError> {
        let io = |action, source| {
            CliError::input(
                path,
                FormatError::Io {
                    action,
                    path: Some(path.to_path_buf()),
                    source,
                },
            )
        };
        let mut file = File::open(path).map_err(|e| io("opening", e))?;
        let file_len = file
            .metadata()
            .map_err(|e| io("reading the metadata of", e))?
            .len();
        // A second handle on the same open file (not the same path, which
        // may have been replaced by then) to list the records from.
        let again = if keep > 0 {
            Some(
                file.try_clone()
                    .map_err(|e| io("duplicating the handle of", e))?,
            )
        } else {
            None
        };
        // The head first, alone: a file damaged further on (even in its
        // extension segments, which a reader reads before any record)
        // still shows its header and stats.
        let mut head_file = file
            .try_clone()
            .map_err(|e| io("duplicating the handle of", e))?;
        let head = read_head(&mut head_file).map_err(|e| CliError::input(path, e))?;
        let mut inspection = Inspection {
            file_len,
            header: head.header,
            stats: head.stats,
            record_count: head.record_count,
            listed: 0,
            records: records_columns(true, false),
            again,
            segments: Vec::new(),
            stacks: None,
            damage: None,
        };
        file.seek(SeekFrom::Start(0))
            .map_err(|e| io("seeking back to the start of", e))?;
        let mut reader = match crate::input::reader(file) {
            Ok(reader) => reader,
            Err(e) => {
                inspection.damage = Some(e);
                return Ok(inspection);
            }
        };
        let mut with_stack = 0;
        let mut records = reader.records();
        for record in records.by_ref() {
            match record {
                Ok(record) => {
                    with_stack += usize::from(record.stack.is_some());
                    if inspection.listed < keep {
                        let cells = record_cells(Some(inspection.listed), &shown(&record), None);
                        inspection.records.fit(&cells);
                        inspection.listed += 1;
                    }
                }
                Err(e) => inspection.damage = Some(e),
            }
        }
        inspection.segments = reader.extension_segments().to_vec();
        inspection.stacks = reader
            .stacks()
            .map(|stacks| StackTables::of(stacks, with_stack));
        Ok(inspection)
    }

    /// Writes the first records, read again from the start of the file,
    /// one row at a time.
    pub fn list_records(&self, path: &Path, out: &mut impl Write) -> Result<(), CliError> {
        let Some(mut file) = self.again.as_ref().filter(|_| self.listed > 0) else {
            return Ok(());
        };
        let input = |e| CliError::input(path, e);
        file.seek(SeekFrom::Start(0)).map_err(|e| {
            input(FormatError::Io {
                action: "seeking back to the start of",
                path: Some(path.to_path_buf()),
                source: e,
            })
        })?;
        let stdout = CliError::stdout;
        writeln!(out, "\nfirst {} records", self.listed).map_err(stdout)?;
        self.records.write_header(out).map_err(stdout)?;
        let mut reader = crate::input::reader(file).map_err(input)?;
        for (i, record) in reader.records().take(self.listed).enumerate() {
            let record = record.map_err(input)?;
            let cells = record_cells(Some(i), &shown(&record), None);
            self.records.write_row(out, &cells).map_err(stdout)?;
        }
        Ok(())
    }

    /// The header's flags.
    pub fn flags(&self) -> Flags {
        self.header.flags()
    }

    /// Whether the checksum was verified, and if not, why.
    pub fn checksum(&self) -> Checksum {
        match &self.damage {
            _ if !self.flags().contains(Flags::CHECKSUM) => Checksum::Absent,
            None => Checksum::Verified,
            Some(FormatError::ChecksumMismatch {
                expected, found, ..
            }) => Checksum::Mismatch {
                expected: *expected,
                found: *found,
            },
            Some(_) => Checksum::Unchecked,
        }
    }

    /// The file's layout: its records end where the extension segments
    /// begin (version 2), else they are what remains of the file around
    /// the fixed segments the layout table lists.
    pub fn layout(&self) -> FileLayout {
        let records_end = match self.segments.first() {
            Some(first) => first.offset,
            None => {
                let trailer = FileLayout::new(self.flags(), 0).trailer_size();
                self.file_len.saturating_sub(trailer)
            }
        };
        let record_bytes = records_end.saturating_sub(RECORDS_OFFSET as u64);
        FileLayout::new(self.flags(), record_bytes)
    }

    /// The sizes of the header, stats segment, allocation segment and
    /// footer.
    pub fn segments(&self) -> Segments {
        let layout = self.layout();
        Segments {
            header: HEADER.fixed_size as u64,
            stats: STATS.fixed_size as u64,
            allocations: layout.allocation_segment_size(),
            footer: layout.trailer_size(),
        }
    }

    /// Writes the report; the records come after, from
    /// [`list_records`](Self::list_records).
    pub fn write_to(&self, path: &Path, out: &mut impl Write) -> io::Result<()> {
        let flags = self.flags();
        let layout = match flags.layout() {
            Layout::Basic => "basic",
            Layout::Detailed => "detailed",
        };
        let compressed = if flags.contains(Flags::COMPRESSED) {
            ", compressed"
        } else {
            ""
        };
        writeln!(
            out,
            "file       {} ({} bytes)",
            escape_text(&path.to_string_lossy()),
            self.file_len
        )?;
        writeln!(out, "version    {}", self.header.version)?;
        writeln!(out, "flags      {flags} ({:#010x})", flags.bits())?;
        writeln!(
            out,
            "exported   {} ({} ns since the UNIX epoch)",
            utc_datetime(self.header.timestamp),
            self.header.timestamp
        )?;
        writeln!(
            out,
            "records    {} ({layout} layout{compressed})",
            self.record_count
        )?;
        if flags.contains(Flags::STACKS) {
            writeln!(out, "stacks     {}", self.stacks_line())?;
        }
        let checksum = match self.checksum() {
            Checksum::Verified => "verified".to_string(),
            Checksum::Absent => "absent (flag CHECKSUM not set)".to_string(),
            Checksum::Mismatch { expected, found } => {
                format!("mismatch: the footer says {expected:#010x}, the bytes give {found:#010x}")
            }
            Checksum::Unchecked => "not verified: the file is damaged (see the error)".to_string(),
        };
        writeln!(out, "checksum   {checksum}")?;

        writeln!(out, "\nstats")?;
        let mut stats = Table::new(&[
            ("counter", Align::Left),
            ("value", Align::Right),
            ("", Align::Right),
        ]);
        for counter in self.stats.exported_counters() {
            let (name, value) = (counter.name, counter.value);
            let human = if counter.is_bytes {
                human_bytes(value)
            } else {
                String::new()
            };
            stats.row(vec![name.to_string(), value.to_string(), human]);
        }
        stats.write_to(out)?;

        writeln!(out, "\nsegments")?;
        let seg = self.segments();
        let mut segments = Table::new(&[
            ("segment", Align::Left),
            ("bytes", Align::Right),
            ("", Align::Left),
        ]);
        segments.row(vec!["header".into(), seg.header.to_string(), String::new()]);
        segments.row(vec!["stats".into(), seg.stats.to_string(), String::new()]);
        let record_bytes = self.layout().record_bytes;
        let per_record = if self.record_count > 0 {
            format!(
                ", {:.1} per record",
                record_bytes as f64 / f64::from(self.record_count)
            )
        } else {
            String::new()
        };
        segments.row(vec![
            "allocations".into(),
            seg.allocations.to_string(),
            format!(
                "{} tag and count + {record_bytes} record bytes{per_record}",
                ALLOCATIONS.fixed_size
            ),
        ]);
        for segment in &self.segments {
            let entries = self
                .stacks
                .and_then(|tables| tables.entries(segment.tag.0))
                .map_or(String::new(), |n| format!(", {n}"));
            segments.row(vec![
                tag_text(segment.tag.0),
                (12 + segment.length).to_string(),
                format!("at byte {}: {}{entries}", segment.offset, segment.meaning()),
            ]);
        }
        segments.row(vec![
            FOOTER.name.into(),
            seg.footer.to_string(),
            String::new(),
        ]);
        segments.row(vec![
            "file".into(),
            self.file_len.to_string(),
            String::new(),
        ]);
        segments.write_to(out)?;

        Ok(())
    }

    /// What the `stacks` line says: the sizes of the tables, or why they
    /// are not known.
    fn stacks_line(&self) -> String {
        let Some(tables) = self.stacks else {
            return "not read: the file is damaged (see the error)".to_string();
        };
        let modules = if tables.modules > 0 {
            format!(
                "; raw addresses, with a map of {} modules to symbolize them elsewhere",
                tables.modules
            )
        } else {
            String::new()
        };
        format!(
            "{} stacks of {} frames, {} strings; {} of {} records have one{modules}",
            tables.stacks,
            tables.frames,
            tables.strings,
            tables.records_with_stack,
            self.record_count
        )
    }
}

/// A segment tag as shown: its four letters when they are printable
/// ASCII, else as a byte string with escapes.
fn tag_text(tag: [u8; 4]) -> String {
    if tag.iter().all(u8::is_ascii_graphic) {
        tag.iter().map(|&b| char::from(b)).collect()
    } else {
        memscope_export::Tag(tag).to_string()
    }
}
