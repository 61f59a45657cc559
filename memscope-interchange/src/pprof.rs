//! [`to_pprof`]: a memscope file as a pprof heap profile, the gzip-compressed
//! `profile.proto` that `go tool pprof`, speedscope, Pyroscope, Parca and
//! Grafana read.
//!
//! What goes where:
//!
//! - **Sample types:** `inuse_objects` (`count`) and `inuse_space`
//!   (`bytes`), the second shown by default: the live blocks and their
//!   bytes, as the file's stats count them. A file with each call site's
//!   totals over the run (FORMAT.md's `sITE`) adds three pairs, in this
//!   order ([`SAMPLE_TYPES`]): `alloc_objects` and `alloc_space` (every
//!   block allocated over the run, freed or not, the names of Go's heap
//!   profiles), `peak_objects` and `peak_space` (the blocks live at the
//!   run's peak) and `temporary_objects` and `temporary_space` (the blocks
//!   freed by their thread before it allocated again: churn). pprof takes
//!   any name: `-sample_index=alloc_space` (or `-alloc_space`) shows the
//!   first pair, `-sample_index=peak_space` the second.
//! - **Samples:** one per distinct call stack, variable name, type name
//!   and thread, in the order the records first show them, their values
//!   of the run (`alloc_*`, `peak_*`, `temporary_*`) 0; then, with
//!   `sITE`, one per call stack of its rows (ascending stack id, the
//!   blocks without a stack first), without labels, its `inuse_*` values
//!   0 and the others the row's (a row whose counts of the run are all 0
//!   has none). A stack whose blocks were all freed still has its sample.
//!   The rows count by stack only, so these samples carry no names nor
//!   thread; in a sampled file their values are the file's estimates, as
//!   they are. The names are
//!   the string labels `var_name` and `type_name` (an absent or empty name
//!   has none), the thread the label `thread` (`name (id)`, or the id of
//!   an unnamed thread; none when the file carries no threads). A label
//!   holds a name (a thread's too) as every output shows it: its first
//!   [`SHOWN_BYTES`](memscope_analysis::SHOWN_BYTES) bytes, followed by
//!   `…` when it was longer. At most [`PprofOptions::max_names`] distinct
//!   variable names, and as many type names, are labels of their own (the
//!   first seen); the blocks under further names are labelled
//!   [`OTHER_NAMES`] instead, one sample per stack and thread.
//! - **Locations:** one per captured address of the file's stacks, its
//!   lines the frames there, the inlined ones first, as profile.proto
//!   orders them. A sample's leaf is its stack's call site (the innermost
//!   frame of the program), so that `go tool pprof -top`'s flat column
//!   lands on the program's code: the frames beneath it (the standard
//!   library's, a dependency's) are left out, and so is the runtime above
//!   the program, unless [`PprofOptions::keep_library_frames`]. The
//!   allocator's frames never appear. A frame whose function is unknown
//!   has no line when its address is in a mapped module (pprof can
//!   symbolize it from the binary), else a function named by its
//!   address label.
//! - **Functions:** one per label (the short, unambiguous name every
//!   output shows; the whole name is its `system_name`) and source file.
//! - **Mappings:** the module map of a file whose frames are raw
//!   addresses (FORMAT.md, `sMOD`), with path and build id; for a file
//!   without one (its frames symbolized at export), one mapping of every
//!   address, marked symbolized, so pprof looks for no binary.
//! - **Blocks without a stack** (every block of a version-1 file) are
//!   samples of one location, a function named after their variable and
//!   type ([`unstacked_name`]); the `sITE` row of the blocks without a
//!   stack is a sample of the function [`NO_STACK`].
//! - **`time_nanos`:** the header's export time.
//!
//! Memory is bounded whatever the names hold: each name is kept as at
//! most [`SHOWN_BYTES`](memscope_analysis::SHOWN_BYTES) bytes, in tables
//! of at most [`PprofOptions::max_names`] names (told apart by digest,
//! [`NameTable`]), and each sample is a small fixed-size entry (a stack
//! id, two name numbers and a thread), one per distinct combination the
//! records show, never more than one per record; the `sITE` rows are the
//! reader's, one per stack.

pub mod proto;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::{Read, Write};
use std::rc::Rc;

use flate2::Compression;
use flate2::write::GzEncoder;
use memscope_analysis::frames::{FrameTable, Naming};
use memscope_analysis::{
    DEFAULT_MAX_NAMES, FrameClass, NO_STACK, NameTable, ShownFrame, ShownName, Tally,
};
use memscope_export::{BinaryReader, CallStacks, CountingWriter, SiteTotals, StackId};
use prost::Message;
use prost::encoding::{WireType, encode_key, encode_varint};

use crate::error::{InterchangeError, InterchangeResult};
use crate::{stream, unstacked_name};
use proto::{Function, Label, Line, Location, Mapping, Profile, Sample, ValueType};

/// The name of the format in errors.
const PPROF: &str = "pprof";

/// The `var_name` or `type_name` label of the blocks whose name is past
/// the first [`PprofOptions::max_names`] distinct names of its kind.
pub const OTHER_NAMES: &str = "(other names)";

/// Every sample type a profile may have, as (type, unit), in the order of
/// a sample's values: the first two always, the rest when the file has
/// each call site's totals over the run (FORMAT.md's `sITE`). The default
/// is `inuse_space`.
pub const SAMPLE_TYPES: [(&str, &str); 8] = [
    ("inuse_objects", "count"),
    ("inuse_space", "bytes"),
    ("alloc_objects", "count"),
    ("alloc_space", "bytes"),
    ("peak_objects", "count"),
    ("peak_space", "bytes"),
    ("temporary_objects", "count"),
    ("temporary_space", "bytes"),
];

/// How many of [`SAMPLE_TYPES`] a file without `sITE` has.
const LIVE_TYPES: usize = 2;

/// How a profile is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PprofOptions {
    /// Keep every frame of each stack but the allocator's: the standard
    /// library's and dependencies' frames beneath the call site, and the
    /// runtime above the program (default: each sample's leaf is its
    /// call site, and its root the program's outermost frame).
    pub keep_library_frames: bool,
    /// How many distinct variable names, and type names, are labels of
    /// their own, the first seen; the blocks under further names are
    /// labelled [`OTHER_NAMES`]. This bounds memory: each name kept is at
    /// most [`SHOWN_BYTES`](memscope_analysis::SHOWN_BYTES) bytes.
    /// Default: [`DEFAULT_MAX_NAMES`].
    pub max_names: u32,
}

impl Default for PprofOptions {
    fn default() -> Self {
        PprofOptions {
            keep_library_frames: false,
            max_names: DEFAULT_MAX_NAMES,
        }
    }
}

/// What [`to_pprof`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PprofReport {
    /// Records read: the live blocks, counted by `inuse_objects`.
    pub records: u64,
    /// Samples of call-site totals over the run written (one per `sITE`
    /// row with a count of the run), included in [`samples`](Self::samples);
    /// 0 for a file without `sITE`.
    pub site_samples: u64,
    /// The bytes allocated over the run, counted by `alloc_space` (the
    /// `sITE` rows' allocated bytes); 0 for a file without `sITE`.
    pub allocated_bytes: u64,
    /// Their bytes, counted by `inuse_space`.
    pub bytes: u64,
    /// Samples written.
    pub samples: u64,
    /// Locations written.
    pub locations: u64,
    /// Functions written.
    pub functions: u64,
    /// Mappings written.
    pub mappings: u64,
    /// Bytes of gzip-compressed output written.
    pub written: u64,
}

/// Converts the file of `reader` to a gzip-compressed pprof profile
/// (see the [module documentation](self)) written to `out`.
///
/// The records stream past once; what is kept is one small entry per
/// sample and the tables (strings, each once, functions, locations),
/// names cut and bounded in number ([`PprofOptions::max_names`]). Each
/// sample is encoded and compressed as it is written, the tables after
/// them, entry by entry (protobuf fields may come in any order, and a
/// repeated field's entries be apart), so the profile is never held
/// whole, encoded.
///
/// # Errors
///
/// [`InterchangeError::Input`] for a damaged input,
/// [`InterchangeError::Output`] for a failed write, and
/// [`InterchangeError::OutOfRange`] for a sample's bytes, a call site's
/// count or the export time beyond pprof's signed 64-bit fields (found
/// before anything is written).
pub fn to_pprof<R: Read, W: Write>(
    mut reader: BinaryReader<R>,
    out: W,
    options: PprofOptions,
) -> InterchangeResult<PprofReport> {
    let timestamp = reader.header().timestamp;
    let version = reader.header().version;
    // Each call site's totals over the run, read with the tables when the
    // reader opened: one row per stack.
    let sites = reader.history().sites.clone();
    let types = if sites.is_some() {
        SAMPLE_TYPES.len()
    } else {
        LIVE_TYPES
    };
    let mut builder = Builder {
        keep_library_frames: options.keep_library_frames,
        ..Builder::default()
    };
    let mut samples = Samples::default();
    let mut report = PprofReport::default();
    let mut var_names = NameLabels::new(options.max_names);
    let mut type_names = NameLabels::new(options.max_names);
    // The string index of OTHER_NAMES, once a name is past a table.
    let mut other = 0;
    // Each thread's label, made once per thread (a name may be 64 KiB,
    // and every record of the thread would otherwise cut, format and hash
    // it), by thread index.
    let mut thread_labels: Vec<Option<i64>> = Vec::new();
    stream(&mut reader, |record, stack, thread, weight| {
        let thread = match thread {
            None => 0,
            Some(thread) => {
                let entry = thread.index.index();
                if thread_labels.len() <= entry {
                    thread_labels.resize(entry + 1, None);
                }
                *thread_labels[entry].get_or_insert_with(|| {
                    let label = match thread.name() {
                        Some(name) => format!("{} ({})", shown(name), thread.id()),
                        None => thread.id().to_string(),
                    };
                    builder.string(&label)
                })
            }
        };
        let var_name = var_names.slot(record.var_name.as_deref(), &mut builder);
        let type_name = type_names.slot(record.type_name.as_deref(), &mut builder);
        if other == 0 && (var_name == NameSlot::Other || type_name == NameSlot::Other) {
            other = builder.string(OTHER_NAMES);
        }
        let key = SampleKey {
            stack,
            var_name,
            type_name,
            thread,
        };
        // In a sampled file, each sample's estimate: pprof's values are
        // then the program's, not the samples'.
        samples.add(key, record.size as u64, weight);
        report.records += 1;
        report.bytes = report.bytes.saturating_add(record.size as u64);
        Ok(())
    })?;
    // The stack tables, taken from the reader (no copy) once the records
    // are read.
    let table = reader
        .into_tables()
        .0
        .map(FrameTable::new)
        .unwrap_or_default();
    let table = &table;
    let time_nanos = signed(u128::from(timestamp), || {
        (
            "the header's export time".to_owned(),
            "signed 64-bit time_nanos",
        )
    })?;
    for (index, (_, tally)) in samples.order.iter().enumerate() {
        signed(u128::from(tally.bytes), || {
            let what = format!("the live bytes of sample {}", index + 1);
            (what, "signed 64-bit sample value")
        })?;
    }
    let site_values = sites
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(site_values)
        .collect::<InterchangeResult<Vec<_>>>()?;
    builder.add_mappings(table.stacks());
    let sample_types: Vec<ValueType> = SAMPLE_TYPES[..types]
        .iter()
        .map(|&(kind, unit)| ValueType {
            r#type: builder.string(kind),
            unit: builder.string(unit),
        })
        .collect();
    let label_keys = [
        builder.string("var_name"),
        builder.string("type_name"),
        builder.string("thread"),
    ];
    let what = if sites.is_some() {
        "the live blocks of a memscope file and its call sites' totals over the run"
    } else {
        "the live blocks of a memscope file"
    };
    let comment = builder.string(&format!(
        "memscope-binary to-pprof: {what}, format version {version}"
    ));

    let output = InterchangeError::output(PPROF);
    let mut gzip = GzEncoder::new(CountingWriter::new(out), Compression::default());
    let mut buffer = Vec::new();
    for (key, tally) in &samples.order {
        let var_name = var_names.label(key.var_name, other);
        let type_name = type_names.label(key.type_name, other);
        let label = [
            (label_keys[0], var_name),
            (label_keys[1], type_name),
            (label_keys[2], key.thread),
        ]
        .into_iter()
        .filter(|&(_, value)| value != 0)
        .map(|(key, str)| Label {
            key,
            str,
            ..Label::default()
        })
        .collect();
        // Both checked above; the values of the run are the sites'.
        let mut value = vec![0; types];
        value[..LIVE_TYPES].copy_from_slice(&[tally.count as i64, tally.bytes as i64]);
        let sample = Sample {
            location_id: builder.locations_of(table, key.stack, var_name, type_name),
            value,
            label,
        };
        buffer.clear();
        prost::encoding::message::encode(SAMPLE_FIELD, &sample, &mut buffer);
        gzip.write_all(&buffer).map_err(output)?;
        report.samples += 1;
    }
    for (site, values) in sites
        .as_deref()
        .unwrap_or_default()
        .iter()
        .zip(&site_values)
    {
        if values.iter().all(|&v| v == 0) {
            continue;
        }
        let mut value = vec![0; types];
        value[LIVE_TYPES..].copy_from_slice(values);
        let sample = Sample {
            location_id: builder.site_locations(table, site.stack),
            value,
            label: Vec::new(),
        };
        buffer.clear();
        prost::encoding::message::encode(SAMPLE_FIELD, &sample, &mut buffer);
        gzip.write_all(&buffer).map_err(output)?;
        report.samples += 1;
        report.site_samples += 1;
        report.allocated_bytes = report.allocated_bytes.saturating_add(site.allocated_bytes);
    }
    report.locations = builder.locations.len() as u64;
    report.functions = builder.functions.len() as u64;
    report.mappings = builder.mappings.len() as u64;
    let header = Profile {
        default_sample_type: sample_types[1].r#type,
        sample_type: sample_types,
        mapping: builder.mappings,
        time_nanos,
        comment: vec![comment],
        ..Profile::default()
    };
    gzip.write_all(&header.encode_to_vec()).map_err(output)?;
    // The tables that grow with the file, an entry at a time, in order
    // (string_table[0] first).
    buffer.clear();
    let mut written = |buffer: &mut Vec<u8>, done: bool| {
        if done || buffer.len() >= TABLE_CHUNK {
            gzip.write_all(buffer).map_err(output)?;
            buffer.clear();
        }
        Ok::<(), InterchangeError>(())
    };
    for location in &builder.locations {
        prost::encoding::message::encode(LOCATION_FIELD, location, &mut buffer);
        written(&mut buffer, false)?;
    }
    for function in &builder.functions {
        prost::encoding::message::encode(FUNCTION_FIELD, function, &mut buffer);
        written(&mut buffer, false)?;
    }
    for string in &builder.strings {
        // prost's string encoder asks for a `&String`.
        encode_key(STRING_TABLE_FIELD, WireType::LengthDelimited, &mut buffer);
        encode_varint(string.len() as u64, &mut buffer);
        buffer.extend_from_slice(string.as_bytes());
        written(&mut buffer, false)?;
    }
    written(&mut buffer, true)?;
    let mut counted = gzip.finish().map_err(output)?;
    counted.flush().map_err(output)?;
    report.written = counted.bytes();
    Ok(report)
}

/// The field number of [`Profile::sample`].
const SAMPLE_FIELD: u32 = 2;

/// The field number of [`Profile::location`].
const LOCATION_FIELD: u32 = 4;

/// The field number of [`Profile::function`].
const FUNCTION_FIELD: u32 = 5;

/// The field number of [`Profile::string_table`].
const STRING_TABLE_FIELD: u32 = 6;

/// How many bytes of encoded table entries are gathered before they are
/// compressed.
const TABLE_CHUNK: usize = 64 << 10;

/// `value` as pprof's signed 64-bit integer, or the error that says what
/// it was (`what` gives the figure and the field).
fn signed(value: u128, what: impl FnOnce() -> (String, &'static str)) -> InterchangeResult<i64> {
    i64::try_from(value).map_err(|_| {
        let (what, field) = what();
        InterchangeError::OutOfRange {
            format: PPROF,
            what,
            found: value,
            field,
            max: i64::MAX as u128,
        }
    })
}

/// The values of the run of a call site's sample, in [`SAMPLE_TYPES`]'
/// order from `alloc_objects` on, or the error that names the count too
/// large for pprof's signed 64-bit values.
fn site_values(site: &SiteTotals) -> InterchangeResult<[i64; 6]> {
    let counts = [
        ("allocated blocks", site.allocated_blocks),
        ("allocated bytes", site.allocated_bytes),
        ("peak blocks", site.peak_blocks),
        ("peak bytes", site.peak_bytes),
        ("temporary blocks", site.temporary_blocks),
        ("temporary bytes", site.temporary_bytes),
    ];
    let mut values = [0; 6];
    for (value, (what, count)) in values.iter_mut().zip(counts) {
        *value = signed(u128::from(count), || {
            let of = match site.stack {
                Some(id) => format!("stack {}", id.number()),
                None => "the blocks without a stack".to_owned(),
            };
            (
                format!("the {what} of the call-site totals (sITE) of {of}"),
                "signed 64-bit sample value",
            )
        })?;
    }
    Ok(values)
}

/// `name` as every output shows it: its first
/// [`SHOWN_BYTES`](memscope_analysis::SHOWN_BYTES) bytes, and `…` when it
/// was longer.
fn shown(name: &str) -> String {
    shown_text(ShownName::of(name))
}

/// The text of a name as kept, `…` added when it was cut.
fn shown_text(shown: ShownName) -> String {
    let cut = shown.is_cut();
    let mut text = shown.name;
    if cut {
        text.push('…');
    }
    text
}

/// A name of a sample: none, one of a table's (by number), or one past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NameSlot {
    /// No name, or an empty one.
    None,
    /// The name with this number in its table.
    Named(u32),
    /// A name past the table, labelled [`OTHER_NAMES`].
    Other,
}

/// One kind of name (variable or type) as labels: at most `max` distinct
/// names, each numbered by its digest and kept cut, with its label made
/// once.
#[derive(Debug)]
struct NameLabels {
    table: NameTable,
    /// The string index of each name's label, by number.
    labels: Vec<i64>,
}

impl NameLabels {
    fn new(max: u32) -> Self {
        NameLabels {
            table: NameTable::new(max),
            labels: Vec::new(),
        }
    }

    /// The slot of `name`, its label added to the string table when it is
    /// new: none for an absent or an empty name (pprof reads a label whose
    /// string is `""` as a number), other once the table is full.
    fn slot(&mut self, name: Option<&str>, builder: &mut Builder) -> NameSlot {
        let Some(name) = name.filter(|name| !name.is_empty()) else {
            return NameSlot::None;
        };
        let Some(number) = self.table.number(name) else {
            return NameSlot::Other;
        };
        if number == self.labels.len() {
            let label = shown_text(self.table.name(number).clone());
            self.labels.push(builder.string(&label));
        }
        // The table holds at most `max: u32` names.
        NameSlot::Named(number as u32)
    }

    /// The string index of the label of `slot`, 0 for none; `other` is
    /// that of [`OTHER_NAMES`].
    fn label(&self, slot: NameSlot, other: i64) -> i64 {
        match slot {
            NameSlot::None => 0,
            NameSlot::Named(number) => self.labels[number as usize],
            NameSlot::Other => other,
        }
    }
}

/// What one sample stands for: a call stack, the names its blocks carry,
/// and the thread that allocated them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct SampleKey {
    /// The stack, if any.
    stack: Option<StackId>,
    /// The variable name.
    var_name: NameSlot,
    /// The type name.
    type_name: NameSlot,
    /// The thread's label (string index), 0 for none.
    thread: i64,
}

/// The samples, in the order the records first show them.
#[derive(Debug, Default)]
struct Samples {
    index: HashMap<SampleKey, usize>,
    order: Vec<(SampleKey, Tally)>,
}

impl Samples {
    fn add(&mut self, key: SampleKey, size: u64, weight: f64) {
        let at = *self.index.entry(key).or_insert_with(|| {
            self.order.push((key, Tally::default()));
            self.order.len() - 1
        });
        // Past u64 it is past i64 too, which `to_pprof` refuses.
        self.order[at].1.add_weighted(size, weight);
    }
}

/// The tables of the profile, each entry added once.
#[derive(Debug)]
struct Builder {
    /// The string table, each string held once, shared with its index.
    strings: Vec<Rc<str>>,
    string_index: HashMap<Rc<str>, i64>,
    functions: Vec<Function>,
    function_index: HashMap<(i64, i64), u64>,
    locations: Vec<Location>,
    /// Locations by their address and the functions and lines there
    /// (inlined ones first).
    frame_locations: HashMap<(u64, Vec<(u64, i64)>), u64>,
    /// Locations of blocks without a stack, by their function's name.
    unstacked_locations: HashMap<i64, u64>,
    /// The locations of each stack.
    stack_locations: HashMap<StackId, Vec<u64>>,
    /// Whether stacks keep the frames beneath their call site and the
    /// runtime above the program.
    keep_library_frames: bool,
    mappings: Vec<Mapping>,
    /// Module address ranges, sorted by start, with their mapping's id.
    ranges: Vec<(u64, u64, u64)>,
    /// The mapping of every location outside the modules: the one that
    /// covers all addresses, symbolized, in a file without a module map;
    /// 0 (none) in a file with one.
    symbolized: u64,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            // profile.proto: string_table[0] must always be "".
            strings: vec![Rc::from("")],
            string_index: HashMap::from([(Rc::from(""), 0)]),
            functions: Vec::new(),
            function_index: HashMap::new(),
            locations: Vec::new(),
            frame_locations: HashMap::new(),
            unstacked_locations: HashMap::new(),
            stack_locations: HashMap::new(),
            keep_library_frames: false,
            mappings: Vec::new(),
            ranges: Vec::new(),
            symbolized: 0,
        }
    }
}

impl Builder {
    /// The index of `text` in the string table, adding it if new.
    fn string(&mut self, text: &str) -> i64 {
        if let Some(&index) = self.string_index.get(text) {
            return index;
        }
        let index = self.strings.len() as i64;
        let text: Rc<str> = Rc::from(text);
        self.strings.push(Rc::clone(&text));
        self.string_index.insert(text, index);
        index
    }

    /// The id of the function labelled `label` (whose whole name is
    /// `system_name`) in `file`, adding it if new.
    fn function(&mut self, label: &str, system_name: &str, file: Option<&str>) -> u64 {
        let key = (self.string(label), self.string(file.unwrap_or("")));
        let next = self.functions.len() as u64 + 1;
        match self.function_index.entry(key) {
            Entry::Occupied(entry) => *entry.get(),
            Entry::Vacant(entry) => {
                entry.insert(next);
                let system_name = self.string(system_name);
                self.functions.push(Function {
                    id: next,
                    name: key.0,
                    system_name,
                    filename: key.1,
                    start_line: 0,
                });
                next
            }
        }
    }

    /// One mapping per module of `stacks`; for a file without a module
    /// map (its frames are symbolized), one mapping of every address,
    /// marked symbolized, so that pprof does not look for a binary to
    /// symbolize it from.
    fn add_mappings(&mut self, stacks: &CallStacks) {
        if stacks.modules.is_empty() {
            self.symbolized = 1;
            self.mappings.push(Mapping {
                id: self.symbolized,
                memory_start: 0,
                memory_limit: u64::MAX,
                has_functions: true,
                has_filenames: true,
                has_line_numbers: true,
                has_inline_frames: true,
                ..Mapping::default()
            });
        }
        for module in &stacks.modules {
            let id = self.mappings.len() as u64 + 1;
            let path = stacks.string(module.path).unwrap_or("").to_owned();
            let build_id: String = module.build_id.iter().map(|b| format!("{b:02x}")).collect();
            let mapping = Mapping {
                id,
                memory_start: module.start,
                memory_limit: module.end,
                file_offset: module.file_offset,
                filename: self.string(&path),
                build_id: self.string(&build_id),
                ..Mapping::default()
            };
            self.mappings.push(mapping);
            self.ranges.push((module.start, module.end, id));
        }
        self.ranges.sort_unstable();
    }

    /// The id of the mapping whose range holds `address`, 0 for none.
    fn mapping_of(&self, address: u64) -> u64 {
        let after = self
            .ranges
            .partition_point(|&(start, _, _)| start <= address);
        match after.checked_sub(1).map(|i| self.ranges[i]) {
            Some((_, end, id)) if address < end => id,
            _ => 0,
        }
    }

    /// The location ids of a sample, leaf first: those of its stack, or
    /// one named after its names' labels (string indexes, 0 for none)
    /// when it has none.
    fn locations_of(
        &mut self,
        table: &FrameTable,
        stack: Option<StackId>,
        var_name: i64,
        type_name: i64,
    ) -> Vec<u64> {
        if let Some(id) = stack {
            let locations = self.stack(table, id);
            if !locations.is_empty() {
                return locations;
            }
        }
        let text = |index: i64| (index != 0).then(|| &*self.strings[index as usize]);
        let name = unstacked_name(text(var_name), text(type_name));
        vec![self.named_location(&name)]
    }

    /// The location ids of the sample of a call site's totals, leaf
    /// first: those of its stack, or one of the function [`NO_STACK`]
    /// for the blocks without one (or a stack with no frame kept).
    fn site_locations(&mut self, table: &FrameTable, stack: Option<StackId>) -> Vec<u64> {
        if let Some(id) = stack {
            let locations = self.stack(table, id);
            if !locations.is_empty() {
                return locations;
            }
        }
        vec![self.named_location(NO_STACK)]
    }

    /// The one location of a function named `name` without a file, for
    /// blocks without a stack, adding it if new.
    fn named_location(&mut self, name: &str) -> u64 {
        let name_index = self.string(name);
        if let Some(&id) = self.unstacked_locations.get(&name_index) {
            return id;
        }
        let function_id = self.function(name, name, None);
        let id = self.push_location(
            self.symbolized,
            0,
            vec![Line {
                function_id,
                line: 0,
            }],
        );
        self.unstacked_locations.insert(name_index, id);
        id
    }

    /// The location ids of stack `id`, leaf first: the frames kept (from
    /// the call site to the program's outermost frame, or all but the
    /// allocator's), each run of frames at one captured address (inlined
    /// frames and the one they were inlined into) one location.
    fn stack(&mut self, table: &FrameTable, id: StackId) -> Vec<u64> {
        if let Some(locations) = self.stack_locations.get(&id) {
            return locations.clone();
        }
        // Whole paths: pprof's `-list` opens the files.
        let naming = Naming {
            full_names: false,
            full_paths: true,
        };
        let frames = table.frames(id, naming);
        let shape = table.shape(id);
        let site = shape.call_site.unwrap_or(0);
        let kept: Vec<&ShownFrame> = frames
            .iter()
            .filter(|frame| frame.class != FrameClass::Allocator)
            .filter(|frame| {
                self.keep_library_frames
                    || (frame.position >= site
                        && (frame.position == site || frame.class != FrameClass::Runtime))
            })
            .collect();
        let mut locations = Vec::new();
        let mut group: Vec<&ShownFrame> = Vec::new();
        for frame in kept {
            // A new address starts a new location.
            if group
                .last()
                .is_some_and(|last| last.address != frame.address)
            {
                locations.push(self.frame_location(std::mem::take(&mut group)));
            }
            let inlined = frame.inlined;
            group.push(frame);
            if !inlined {
                locations.push(self.frame_location(std::mem::take(&mut group)));
            }
        }
        // A stack that ends on an inlined frame (its caller was not
        // captured, or not kept) still has that frame.
        if !group.is_empty() {
            locations.push(self.frame_location(group));
        }
        self.stack_locations.insert(id, locations.clone());
        locations
    }

    /// The location of the frames at one address, adding it if new.
    fn frame_location(&mut self, group: Vec<&ShownFrame>) -> u64 {
        let address = group.last().map_or(0, |frame| frame.address);
        let module = self.mapping_of(address);
        let mut lines = Vec::with_capacity(group.len());
        for frame in &group {
            // Left for pprof to symbolize from the mapped binary.
            if module != 0 && !frame.resolved {
                continue;
            }
            let function_id = self.function(&frame.label, &frame.name, frame.file.as_deref());
            lines.push(Line {
                function_id,
                line: i64::from(frame.line.unwrap_or(0)),
            });
        }
        let key = (
            address,
            lines
                .iter()
                .map(|line| (line.function_id, line.line))
                .collect(),
        );
        if let Some(&id) = self.frame_locations.get(&key) {
            return id;
        }
        // A module with symbolized frames says so, or pprof would try to
        // symbolize them again.
        if let Some(mapping) = (module as usize)
            .checked_sub(1)
            .and_then(|i| self.mappings.get_mut(i))
            .filter(|_| !lines.is_empty())
        {
            mapping.has_functions = true;
            mapping.has_filenames = true;
            mapping.has_line_numbers = true;
            mapping.has_inline_frames = true;
        }
        let mapping_id = if module != 0 { module } else { self.symbolized };
        let id = self.push_location(mapping_id, address, lines);
        self.frame_locations.insert(key, id);
        id
    }

    /// Adds a location; returns its id.
    fn push_location(&mut self, mapping_id: u64, address: u64, line: Vec<Line>) -> u64 {
        let id = self.locations.len() as u64 + 1;
        self.locations.push(Location {
            id,
            mapping_id,
            address,
            line,
            is_folded: false,
        });
        id
    }
}
