//! The messages of pprof's `profile.proto` (package `perftools.profiles`,
//! github.com/google/pprof, `proto/profile.proto`), written with prost's
//! derive so that building needs no `protoc`. Field numbers and types are
//! the upstream ones; the fields a heap profile has no use for (`Sample`'s
//! breakdowns, `Profile`'s label sets and tick unit) are left out, which a
//! decoder skips as unknown fields.
//!
//! Every `int64` that refers to a string is an index into
//! [`Profile::string_table`], whose entry 0 is `""`; every `id` is
//! non-zero.

/// A profile: what was measured, the samples, and the tables they refer
/// to.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Profile {
    /// What each value of a sample measures, in order.
    #[prost(message, repeated, tag = "1")]
    pub sample_type: Vec<ValueType>,
    /// The samples.
    #[prost(message, repeated, tag = "2")]
    pub sample: Vec<Sample>,
    /// The binaries mapped into the process.
    #[prost(message, repeated, tag = "3")]
    pub mapping: Vec<Mapping>,
    /// The program locations the samples' stacks go through.
    #[prost(message, repeated, tag = "4")]
    pub location: Vec<Location>,
    /// The functions of those locations.
    #[prost(message, repeated, tag = "5")]
    pub function: Vec<Function>,
    /// Every string of the profile, `""` first.
    #[prost(string, repeated, tag = "6")]
    pub string_table: Vec<String>,
    /// Frames whose function matches this regular expression are dropped
    /// (string index).
    #[prost(int64, tag = "7")]
    pub drop_frames: i64,
    /// Frames whose function matches this one are kept (string index).
    #[prost(int64, tag = "8")]
    pub keep_frames: i64,
    /// When the profile was taken, nanoseconds since the UNIX epoch.
    #[prost(int64, tag = "9")]
    pub time_nanos: i64,
    /// How long it covers, in nanoseconds.
    #[prost(int64, tag = "10")]
    pub duration_nanos: i64,
    /// The kind of events between sampled occurrences.
    #[prost(message, optional, tag = "11")]
    pub period_type: Option<ValueType>,
    /// The number of events between sampled occurrences.
    #[prost(int64, tag = "12")]
    pub period: i64,
    /// Free-form comments (string indices).
    #[prost(int64, repeated, tag = "13")]
    pub comment: Vec<i64>,
    /// The type of the value shown by default (string index).
    #[prost(int64, tag = "14")]
    pub default_sample_type: i64,
}

/// The type and unit of a value, e.g. `inuse_space` in `bytes`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct ValueType {
    /// The type (string index).
    #[prost(int64, tag = "1")]
    pub r#type: i64,
    /// The unit (string index).
    #[prost(int64, tag = "2")]
    pub unit: i64,
}

/// Values measured at one stack, with labels.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Sample {
    /// The stack, as location ids, the leaf first.
    #[prost(uint64, repeated, tag = "1")]
    pub location_id: Vec<u64>,
    /// One value per [`Profile::sample_type`].
    #[prost(int64, repeated, tag = "2")]
    pub value: Vec<i64>,
    /// What else is known of the sample.
    #[prost(message, repeated, tag = "3")]
    pub label: Vec<Label>,
}

/// A key with a string or a number.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct Label {
    /// The key (string index).
    #[prost(int64, tag = "1")]
    pub key: i64,
    /// The value, when a string (string index).
    #[prost(int64, tag = "2")]
    pub str: i64,
    /// The value, when a number.
    #[prost(int64, tag = "3")]
    pub num: i64,
    /// The unit of `num` (string index).
    #[prost(int64, tag = "4")]
    pub num_unit: i64,
}

/// A binary mapped into the process.
#[derive(Clone, PartialEq, Eq, prost::Message)]
pub struct Mapping {
    /// Its id, non-zero.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// Where it is mapped.
    #[prost(uint64, tag = "2")]
    pub memory_start: u64,
    /// Where the mapping ends (exclusive).
    #[prost(uint64, tag = "3")]
    pub memory_limit: u64,
    /// The file offset mapped at `memory_start`.
    #[prost(uint64, tag = "4")]
    pub file_offset: u64,
    /// The binary's path (string index).
    #[prost(int64, tag = "5")]
    pub filename: i64,
    /// Its build id (string index).
    #[prost(int64, tag = "6")]
    pub build_id: i64,
    /// Whether its locations have functions.
    #[prost(bool, tag = "7")]
    pub has_functions: bool,
    /// Whether they have file names.
    #[prost(bool, tag = "8")]
    pub has_filenames: bool,
    /// Whether they have line numbers.
    #[prost(bool, tag = "9")]
    pub has_line_numbers: bool,
    /// Whether they have inlined frames.
    #[prost(bool, tag = "10")]
    pub has_inline_frames: bool,
}

/// A program location: an address and the source lines there, the
/// inlined ones first and the caller they were inlined into last.
#[derive(Clone, PartialEq, Eq, prost::Message)]
pub struct Location {
    /// Its id, non-zero.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// The mapping the address is in, 0 for none.
    #[prost(uint64, tag = "2")]
    pub mapping_id: u64,
    /// The instruction address.
    #[prost(uint64, tag = "3")]
    pub address: u64,
    /// The source lines, inlined first.
    #[prost(message, repeated, tag = "4")]
    pub line: Vec<Line>,
    /// Whether several symbols share the address.
    #[prost(bool, tag = "5")]
    pub is_folded: bool,
}

/// A line of source in a function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct Line {
    /// The function's id.
    #[prost(uint64, tag = "1")]
    pub function_id: u64,
    /// The line number, 0 when unknown.
    #[prost(int64, tag = "2")]
    pub line: i64,
}

/// A function.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct Function {
    /// Its id, non-zero.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// Its name as people read it (string index).
    #[prost(int64, tag = "2")]
    pub name: i64,
    /// Its name as the system knows it (string index).
    #[prost(int64, tag = "3")]
    pub system_name: i64,
    /// Its source file (string index).
    #[prost(int64, tag = "4")]
    pub filename: i64,
    /// The line it starts at, 0 when unknown.
    #[prost(int64, tag = "5")]
    pub start_line: i64,
}
