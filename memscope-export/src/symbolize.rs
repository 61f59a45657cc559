//! [`symbolize_file`]: the raw addresses of a file exported with
//! `BinaryExportConfig::symbolize(false)` resolved on another machine,
//! from the binaries or split debug files whose build ids match the
//! recorded ones, into the file an export in the original process would
//! have written.

use std::path::{Path, PathBuf};

use memscope_symbols::{Module, SymbolError, Symbolizer};

use crate::binary::{BinaryExportConfig, BinaryExporter, FileContents};
use crate::error::{ExportError, ExportResult};
use crate::format::Flags;
use crate::model::ids::StackId;
use crate::model::record::PlacedRecord;
use crate::read::BinaryReader;
use crate::tracked::Builder;

/// Where [`symbolize_file`] looks for the modules' files.
#[derive(Debug, Clone, Default)]
pub struct SymbolizeOptions {
    /// Directories searched first, in order, for each module: by build id
    /// (`DIR/.build-id/ab/cdef….debug`, the layout of distributions'
    /// debug packages and of `objcopy --only-keep-debug` trees), then by
    /// file name (`DIR/libfoo.so`). Last, the path the file records.
    pub debug_dirs: Vec<PathBuf>,
}

/// What [`symbolize_file`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SymbolizeReport {
    /// Records written.
    pub records: usize,
    /// Stacks resolved.
    pub stacks: usize,
    /// Frames in the written file (inlined frames expanded).
    pub frames: usize,
    /// Each module of the file and the file it was resolved from.
    pub modules: Vec<(String, PathBuf)>,
    /// Why some addresses stayed unknown (a module's file missing or
    /// unreadable), one line each; never a build-id mismatch, which
    /// refuses the file.
    pub problems: Vec<String>,
}

/// Resolves the raw addresses of the file at `input` (exported with
/// `symbolize(false)`, so it has call stacks and a module map) and writes
/// the file an in-process export would have: functions, files and lines,
/// inlined frames expanded, the allocator's leading frames left out, the
/// records, threads and sampling as they were, the same flags. `output`
/// is replaced atomically.
///
/// A module whose file on this machine has another build id than the
/// recorded one is refused ([`ExportError::ModuleMismatch`], naming it)
/// and nothing is written; a module whose file is missing leaves its
/// addresses unknown and is listed in the report's problems.
pub fn symbolize_file(
    input: &Path,
    output: &Path,
    options: &SymbolizeOptions,
) -> ExportResult<SymbolizeReport> {
    let mut reader = BinaryReader::open(input).map_err(|e| e.in_file(input))?;
    let flags = Flags::from_bits(reader.header().flags);
    let (stats, sample_mean) = (*reader.stats(), reader.sample_mean());
    let records: Vec<PlacedRecord> = reader
        .records()
        .map(|record| record.map(|r| r.into_placed()))
        .collect::<Result<_, _>>()
        .map_err(|e| ExportError::Input(e.in_file(input)))?;
    let history = reader.history().clone();
    let (stacks, threads) = reader.into_tables();
    let Some(stacks) = stacks else {
        return Err(ExportError::NothingToSymbolize {
            path: input.to_owned(),
            reason: "it has no call stacks",
        });
    };
    if stacks.modules.is_empty() {
        return Err(ExportError::NothingToSymbolize {
            path: input.to_owned(),
            reason: "it has no module map (sMOD): its frames were resolved when it was exported",
        });
    }

    // The module map, each module pointed at a file on this machine.
    let mut modules = Vec::with_capacity(stacks.modules.len());
    let mut chosen = Vec::with_capacity(stacks.modules.len());
    for module in &stacks.modules {
        let mut resolved = Module {
            path: PathBuf::from(stacks.string(module.path).unwrap_or_default()),
            start: module.start,
            end: module.end,
            file_offset: module.file_offset,
            build_id: (!module.build_id.is_empty()).then(|| module.build_id.clone()),
        };
        let path = locate(&resolved, &options.debug_dirs);
        chosen.push((resolved.path.to_string_lossy().into_owned(), path.clone()));
        resolved.path = path;
        modules.push(resolved);
    }

    // Every stack resolved as the exporter resolves its own.
    let mut builder = Builder::with_symbolizer(Symbolizer::for_modules(modules));
    let mut new_ids: Vec<Option<StackId>> = Vec::with_capacity(stacks.stacks.len());
    for view in stacks.iter() {
        let frames: Vec<_> = view.frames().collect();
        let named = frames.iter().all(|frame| frame.function.is_some());
        let id = if named && frames.first().is_some_and(|frame| frame.address == 0) {
            // The tracker's overflow marker: no addresses to resolve.
            builder.stack(memscope_tracker::OVERFLOW_STACK, None)
        } else {
            let addresses: Vec<usize> = frames.iter().map(|f| f.address as usize).collect();
            builder.stack(1, Some(&addresses))
        };
        new_ids.push(id);
    }
    let mut problems = Vec::new();
    for problem in builder.problems() {
        match problem {
            SymbolError::BuildIdMismatch { path, .. } => {
                let (module, start) = stacks
                    .modules
                    .iter()
                    .zip(&chosen)
                    .find(|(_, (_, file))| file == path)
                    .map_or(
                        (path.display().to_string(), 0),
                        |(module, (recorded, _))| (recorded.clone(), module.start),
                    );
                return Err(ExportError::ModuleMismatch {
                    module,
                    start,
                    reason: problem.to_string(),
                });
            }
            other => problems.push(other.to_string()),
        }
    }
    let resolved = builder.finish();

    let records: Vec<PlacedRecord> = records
        .into_iter()
        .map(|mut record| {
            record.stack = record
                .stack
                .and_then(|id| new_ids.get(id.index()).copied().flatten());
            record
        })
        .collect();
    let mut contents = FileContents::new(stats, &records).with_stacks(&resolved);
    if let Some(threads) = &threads {
        contents = contents.with_threads(threads);
    }
    if let Some(mean) = sample_mean {
        contents = contents.with_sampling(mean);
    }
    // The call sites' totals follow their stacks to their new ids.
    let history = history.renumbered(|id| new_ids.get(id.index()).copied().flatten());
    contents = contents.with_history(&history);
    let config = BinaryExportConfig::new()
        .include_details(flags.contains(Flags::DETAILS))
        .checksum(flags.contains(Flags::CHECKSUM))
        .compression_level(if flags.contains(Flags::COMPRESSED) {
            3
        } else {
            0
        });
    BinaryExporter::new(config).export(&contents, output)?;
    Ok(SymbolizeReport {
        records: records.len(),
        stacks: resolved.stacks.len(),
        frames: resolved.frames.len(),
        modules: chosen,
        problems,
    })
}

/// The file for `module` (as recorded, its path the recording machine's):
/// in each of `dirs` by build id, then by file name; else the recorded path. Only
/// regular files are taken (the recorded path comes from the input, and a
/// FIFO named there would block the open forever): otherwise a path that
/// does not exist, whose addresses stay unknown.
fn locate(module: &Module, dirs: &[PathBuf]) -> PathBuf {
    let recorded = module.path.as_path();
    for dir in dirs {
        if let Some(hex) = module.build_id_hex().filter(|hex| hex.len() > 2) {
            let by_id = dir
                .join(".build-id")
                .join(&hex[..2])
                .join(format!("{}.debug", &hex[2..]));
            if by_id.is_file() {
                return by_id;
            }
        }
        if let Some(name) = recorded.file_name() {
            let by_name = dir.join(name);
            if by_name.is_file() {
                return by_name;
            }
        }
    }
    if recorded.is_file() {
        recorded.to_owned()
    } else {
        // Not a regular file: reported as missing, never opened.
        PathBuf::from(format!("{} (not a regular file)", recorded.display()))
    }
}
