//! [`Analysis`]: one file read once, its records counted, its frames
//! classified; every view is asked of it. [`Comparison`]: two files of
//! one program, their names numbered alike, for what changed.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::Arc;

use memscope_export::format::FileHeader;
use memscope_export::{BinaryReader, History, StackId, Threads};
use memscope_tracker::MemoryStats;

use crate::counts::{ByName, Counts, ShownRecord};
use crate::error::{AnalysisError, AnalysisResult};
use crate::frames::FrameTable;
use crate::measure::Measure;
use crate::names::{DEFAULT_MAX_NAMES, Names};
use crate::tally::{Histogram, Tally};

/// What an analysis keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How many distinct type names, and variable names, are counted each
    /// on its own; blocks under further names are counted as "other
    /// names". This bounds memory: each name kept is at most 256 bytes.
    pub max_names: u32,
    /// How many of the largest blocks are kept.
    pub largest: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_names: DEFAULT_MAX_NAMES,
            largest: 10,
        }
    }
}

/// One file, read once: its header and stats, its records counted by
/// stack, thread, type name, variable name and size, its largest blocks,
/// and its call stacks with every frame classified.
///
/// ```
/// use memscope_analysis::{Analysis, Grouping, Naming};
/// # use memscope_export::{BinaryExporter, CallStacks, FileContents, PlacedRecord, ResolvedFrame};
/// # use memscope_tracker::{AllocationInfo, MemoryStats};
/// # let mut stacks = CallStacks::default();
/// # let mut frame = |f| stacks.push_resolved(ResolvedFrame { address: 0x10, function: Some(f), file: Some("/home/me/app/src/main.rs"), line: Some(3), inlined: false });
/// # let (load, main) = (frame("app::load"), frame("app::main"));
/// # let here = stacks.push_stack([load, main]);
/// # let records: Vec<PlacedRecord> = (0..3).map(|i| PlacedRecord::new(AllocationInfo::new(0x1000 + i * 64, 64, 1)).with_stack(here)).collect();
/// # let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
/// # let dir = tempfile::tempdir().unwrap();
/// # let path = dir.path().join("snapshot.memscope");
/// # BinaryExporter::default().export(&FileContents::new(stats, &records).with_stacks(&stacks), &path).unwrap();
/// // The five call sites holding the most bytes.
/// let analysis = Analysis::open(&path)?;
/// for site in analysis.group(Grouping::Function, 5, Naming::default()).rows {
///     println!("{:>10} bytes in {:>6} blocks  {}", site.bytes, site.count, site.label);
/// }
/// # let top = analysis.group(Grouping::Function, 5, Naming::default()).rows;
/// # assert_eq!((top[0].label.as_str(), top[0].bytes), ("app::load", 192));
/// # Ok::<(), memscope_analysis::AnalysisError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Analysis {
    header: FileHeader,
    stats: MemoryStats,
    pub(crate) counts: Counts,
    /// Shared by the two files of a comparison: one copy of the names.
    pub(crate) names: Arc<Names>,
    /// Shared by the analyses [`at`](Self::at) gives: one copy of the
    /// classified stacks.
    pub(crate) frames: Option<Arc<FrameTable>>,
    pub(crate) threads: Option<Threads>,
    sample_mean: Option<u64>,
    /// The call sites' totals and the timeline, from `sITE` and `tIME`.
    pub(crate) history: History,
    /// Which blocks `counts` counts.
    pub(crate) measure: Measure,
}

impl Analysis {
    /// When the file's records are samples: the mean gap in bytes between
    /// them. Every count and byte total of this analysis is then an
    /// unbiased estimate (each record weighted by
    /// [`Record::weight`](memscope_export::Record#method.weight)), while
    /// [`stats`](Self::stats) count the samples as the tracker recorded
    /// them.
    pub fn sample_mean(&self) -> Option<u64> {
        self.sample_mean
    }

    /// Reads the file at `path` with the default [`Options`].
    pub fn open(path: impl AsRef<Path>) -> AnalysisResult<Self> {
        Self::open_with(path, Options::default())
    }

    /// Reads the file at `path`.
    pub fn open_with(path: impl AsRef<Path>, options: Options) -> AnalysisResult<Self> {
        let path = path.as_ref();
        let reader = BinaryReader::open(path).map_err(|e| AnalysisError::input(Some(path), e))?;
        Self::of_reader(reader, options).map_err(|e| in_file(e, path))
    }

    /// Reads a file from any input that can seek (a `File`, a `Cursor`);
    /// a stream that cannot is read by [`from_stream`](Self::from_stream).
    pub fn read<R: Read + Seek>(input: R, options: Options) -> AnalysisResult<Self> {
        Self::of_reader(BinaryReader::new(input)?, options)
    }

    /// Reads a stream that cannot seek (a pipe, standard input): copied
    /// whole to an unnamed temporary file first, as
    /// [`BinaryReader::from_stream`] does.
    pub fn from_stream(input: impl Read, options: Options) -> AnalysisResult<Self> {
        Self::of_reader(BinaryReader::from_stream(input)?, options)
    }

    /// Reads the records of `reader`, opened already.
    pub fn of_reader<R: Read>(reader: BinaryReader<R>, options: Options) -> AnalysisResult<Self> {
        let mut names = Names::new(options.max_names);
        let counted = Counted::of(reader, &mut names, options, None)?;
        Ok(counted.with_names(Arc::new(names)))
    }

    /// The file's header: its version, flags and export time.
    pub fn header(&self) -> &FileHeader {
        &self.header
    }

    /// The file's stats segment, as the tracker counted at export.
    pub fn stats(&self) -> &MemoryStats {
        &self.stats
    }

    /// The same file with other counts, `counts` of `measure`: the stacks
    /// and names shared, not copied.
    pub(crate) fn recounted(&self, counts: Counts, measure: Measure) -> Analysis {
        Analysis {
            header: self.header,
            stats: self.stats,
            counts,
            names: Arc::clone(&self.names),
            frames: self.frames.clone(),
            threads: self.threads.clone(),
            sample_mean: self.sample_mean,
            history: self.history.clone(),
            measure,
        }
    }

    /// Every block of the file.
    pub fn total(&self) -> Tally {
        self.counts.total
    }

    /// Blocks without a call stack.
    pub fn without_stack(&self) -> Tally {
        self.counts.without_stack
    }

    /// The blocks under stack `id`.
    pub fn stack_tally(&self, id: StackId) -> Tally {
        self.counts.stack(id)
    }

    /// Every stack with blocks, and its blocks, in id order.
    pub fn stacks_with_blocks(&self) -> impl Iterator<Item = (StackId, Tally)> + '_ {
        self.counts.stacks()
    }

    /// The file's call stacks, classified; `None` for a file without.
    pub fn frames(&self) -> Option<&FrameTable> {
        self.frames.as_deref()
    }

    /// The file's threads; `None` for a file without.
    pub fn threads(&self) -> Option<&Threads> {
        self.threads.as_ref()
    }

    /// The name tables this file's names are numbered by.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Whether any block carries a type or variable name.
    pub fn has_names(&self) -> bool {
        self.counts.has_names()
    }

    /// Blocks by type name, by the names' numbers in
    /// [`names`](Self::names).
    pub fn by_type(&self) -> &ByName {
        &self.counts.by_type
    }

    /// Blocks by variable name.
    pub fn by_var(&self) -> &ByName {
        &self.counts.by_var
    }

    /// Blocks without a type name.
    pub fn untyped(&self) -> Tally {
        self.counts.untyped
    }

    /// Blocks without a variable name.
    pub fn unnamed(&self) -> Tally {
        self.counts.unnamed
    }

    /// Blocks by size.
    pub fn histogram(&self) -> &Histogram {
        &self.counts.histogram
    }

    /// The largest blocks kept, largest first.
    pub fn largest(&self) -> Vec<ShownRecord> {
        self.counts.largest.sorted()
    }

    /// The later file of a comparison: its largest blocks allocated after
    /// the earlier file was exported, largest first; `None` for a file
    /// read alone.
    pub(crate) fn largest_since_old(&self) -> Option<Vec<ShownRecord>> {
        self.counts
            .largest_since
            .as_ref()
            .map(|(_, largest)| largest.sorted())
    }

    /// Blocks by their thread's index in [`threads`](Self::threads).
    pub(crate) fn thread_tally(&self, index: usize) -> Tally {
        self.counts
            .by_thread
            .get(index)
            .copied()
            .unwrap_or_default()
    }

    /// Blocks whose thread is unknown.
    pub fn without_thread(&self) -> Tally {
        self.counts.without_thread
    }
}

/// An error from a reader opened on `path`, naming it.
fn in_file(error: AnalysisError, path: &Path) -> AnalysisError {
    match error {
        AnalysisError::Input {
            path: None,
            which,
            source,
        } => AnalysisError::Input {
            path: Some(path.to_path_buf()),
            which,
            source: source.in_file(path),
        },
        other => other,
    }
}

/// Two files of one program, an earlier and a later, read with one name
/// table so that a name has one number in both; the later keeps its
/// largest blocks among those allocated after the earlier was exported.
///
/// Its files are only read together ([`open`](Self::open),
/// [`of_readers`](Self::of_readers)): two analyses read apart number
/// their names each their own way, and could not be compared by number.
#[derive(Debug, Clone)]
pub struct Comparison {
    old: Analysis,
    new: Analysis,
}

impl Comparison {
    /// The earlier file.
    pub fn old_file(&self) -> &Analysis {
        &self.old
    }

    /// The later file. Its largest blocks are all of its blocks'
    /// ([`Analysis::largest`]); those allocated after the earlier file was
    /// exported are the [`Diff`](crate::Diff)'s.
    pub fn new_file(&self) -> &Analysis {
        &self.new
    }

    /// Both files as `measure` counts them ([`Analysis::at`]; itself,
    /// borrowed, for [`Now`](Measure::Now)); `None` when either has no
    /// call-site totals.
    pub fn at(&self, measure: Measure) -> Option<Cow<'_, Comparison>> {
        if measure == Measure::Now {
            return Some(Cow::Borrowed(self));
        }
        Some(Cow::Owned(Comparison {
            old: self.old.at(measure)?.into_owned(),
            new: self.new.at(measure)?.into_owned(),
        }))
    }

    /// The earlier file and the later, apart.
    pub fn into_parts(self) -> (Analysis, Analysis) {
        (self.old, self.new)
    }

    /// Reads the files at `old` and `new`.
    pub fn open(
        old: impl AsRef<Path>,
        new: impl AsRef<Path>,
        options: Options,
    ) -> AnalysisResult<Self> {
        let (old, new) = (old.as_ref(), new.as_ref());
        let open = |path: &Path| -> AnalysisResult<BinaryReader<File>> {
            BinaryReader::open(path).map_err(|e| AnalysisError::input(Some(path), e))
        };
        Self::of_readers(open(old)?, open(new)?, options).map_err(|e| {
            let path = if e.which() == Some(Which::Old) {
                old
            } else {
                new
            };
            in_file(e, path)
        })
    }

    /// Reads two opened files; an error says which it was of
    /// ([`AnalysisError::which`]).
    pub fn of_readers<R: Read, S: Read>(
        old: BinaryReader<R>,
        new: BinaryReader<S>,
        options: Options,
    ) -> AnalysisResult<Self> {
        // One table for both files, OLD's names first.
        let mut names = Names::new(options.max_names);
        let without_largest = Options {
            largest: 0,
            ..options
        };
        let old = Counted::of(old, &mut names, without_largest, None)
            .map_err(|e| e.of_file(Which::Old))?;
        let after = Some(old.header.timestamp);
        let new =
            Counted::of(new, &mut names, options, after).map_err(|e| e.of_file(Which::New))?;
        let names = Arc::new(names);
        Ok(Comparison {
            old: old.with_names(Arc::clone(&names)),
            new: new.with_names(names),
        })
    }
}

/// A file read and counted, its names numbered by a table that may go on
/// to number another file's.
struct Counted {
    header: FileHeader,
    stats: MemoryStats,
    counts: Counts,
    frames: Option<Arc<FrameTable>>,
    threads: Option<Threads>,
    sample_mean: Option<u64>,
    history: History,
}

impl Counted {
    /// Counts every record of `reader`, numbering names by `names`;
    /// keeps the largest blocks allocated after `largest_after`.
    fn of<R: Read>(
        mut reader: BinaryReader<R>,
        names: &mut Names,
        options: Options,
        largest_after: Option<u64>,
    ) -> AnalysisResult<Self> {
        let mut counts = Counts::new(options.largest, largest_after);
        reader
            .records()
            .visit(|record| counts.add(&record, names))?;
        let (header, stats) = (*reader.header(), *reader.stats());
        let sample_mean = reader.sample_mean();
        let history = reader.history().clone();
        // The tables, taken from the reader, not copied.
        let (stacks, threads) = reader.into_tables();
        Ok(Counted {
            header,
            stats,
            counts,
            frames: stacks.map(|stacks| Arc::new(FrameTable::new(stacks))),
            threads,
            sample_mean,
            history,
        })
    }

    /// The analysis of the file, its names numbered by `names`.
    fn with_names(self, names: Arc<Names>) -> Analysis {
        Analysis {
            header: self.header,
            stats: self.stats,
            counts: self.counts,
            names,
            frames: self.frames,
            threads: self.threads,
            sample_mean: self.sample_mean,
            history: self.history,
            measure: Measure::Now,
        }
    }
}

/// Which file of a [`Comparison`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The earlier.
    Old,
    /// The later.
    New,
}
