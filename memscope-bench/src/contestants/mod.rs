//! The contestants: one module per format, each encoding the same
//! [`Snapshot`] through the same sinks.
//!
//! | module | rows |
//! |---|---|
//! | [`memscope`] | our file format through `BinaryExporter::export_to_writer` of a `FileContents` and `BinaryReader`: basic, detailed, detailed + zstd 1 and 3 |
//! | [`derived`] | our derived codec alone (`BinaryRecord::write_with` / `decode_slice` per record, no file framing) |
//! | [`borrowed`] | the same detailed records decoded borrowed (`BorrowRecord::decode_borrowed`: the names are slices of the input) |
//! | [`plain`] | our derived codec on the three-field mirror, plain, so slices of it are one copy (`write_many` / `decode_many`) |
//! | [`hand`] | a hand-written little-endian codec of the same bytes: the floor |
//! | [`json`] | our JSON export (`JsonDocumentWriter`), read back with serde_json |
//! | [`bitcode`], [`postcard`], [`bincode`], [`speedy`] | the competition, on [`Mirror`] / [`MirrorBasic`](crate::data::MirrorBasic) |
//! | [`io_floor`] | a plain `write_all` / `read_to_end` of our files' bytes |
//!
//! Every contestant does the same four operations ([`Op`]) on the same
//! sinks, so the times compare like for like:
//!
//! - encode: every record into one caller-owned, pre-sized, pre-faulted
//!   `Vec<u8>`, emptied (not freed) before each run;
//! - decode: every record back from those bytes in memory;
//! - export: every record into one caller-owned
//!   `BufWriter::with_capacity(64 KiB, File)`, rewound and truncated
//!   before each run and flushed after it (no fsync);
//! - read: every record back from the file (for formats that decode only
//!   from a slice: `read_to_end` into a caller-owned, pre-sized vector, then
//!   decode).

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use memscope_tracker::AllocationInfo;

use crate::data::{Content, Digest, Mirror, Snapshot};

pub mod bincode;
pub mod bitcode;
pub mod borrowed;
pub mod derived;
pub mod hand;
pub mod io_floor;
pub mod json;
pub mod memscope;
pub mod plain;
pub mod postcard;
pub mod speedy;

/// The file sink's buffer, and our exporter's and reader's.
pub const SINK_BUFFER: usize = 64 * 1024;

/// One of the four measured operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// Records to bytes in memory.
    Encode,
    /// Bytes in memory back to records.
    Decode,
    /// Records to a file through the shared buffered writer.
    Export,
    /// A file back to records.
    Read,
}

impl Op {
    /// All four, in table order.
    pub const ALL: [Op; 4] = [Op::Encode, Op::Decode, Op::Export, Op::Read];

    /// The lower-case name, as in the benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Op::Encode => "encode",
            Op::Decode => "decode",
            Op::Export => "export",
            Op::Read => "read",
        }
    }
}

/// A format under test, holding whatever state it reuses between runs
/// (bitcode's `Buffer`, say) and borrowing the records it encodes.
pub trait Contestant {
    /// Benchmark id: lower case, digits and `_` only.
    fn id(&self) -> &'static str;

    /// The row's label in the summary.
    fn label(&self) -> &'static str;

    /// Whether it carries the names.
    fn content(&self) -> Content;

    /// The operations the suite measures for it (all four unless its
    /// module says why not); the others still work and are tested.
    fn ops(&self) -> &'static [Op] {
        &Op::ALL
    }

    /// Encodes every record into `out` (empty, with enough capacity) and
    /// returns how many bytes it wrote there. A format that can only encode
    /// into its own reused buffer encodes there and leaves `out` alone;
    /// its module says so.
    fn encode(&mut self, out: &mut Vec<u8>) -> usize;

    /// Decodes every record from `bytes`, as [`export`](Self::export)
    /// wrote them.
    fn decode(&mut self, bytes: &[u8]) -> Digest;

    /// Writes every record to `out` (nothing is flushed here).
    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()>;

    /// Reads every record back from the file at `path`; `scratch` is an
    /// empty vector with room for the whole file, for formats that need the
    /// file in memory.
    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest>;

    /// The records in `bytes`, as mirrors: the round-trip check that every
    /// contestant does the same work.
    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror>;
}

/// A codec of our record layouts, records only, without the file's
/// segments: the derived one and the hand-written floor. One `Contestant`
/// impl serves both, so they are measured doing exactly the same work.
pub trait RecordCodec {
    /// The contestant's id and label.
    fn names(&self) -> (&'static str, &'static str);

    /// What the records carry.
    fn content(&self) -> Content;

    /// Writes every record; returns the bytes written.
    fn write<W: Write>(&self, out: &mut W) -> io::Result<usize>;

    /// Decodes `bytes` record by record.
    fn for_each(&self, bytes: &[u8], visit: impl FnMut(AllocationInfo)) -> io::Result<()>;
}

impl<T: RecordCodec> Contestant for T {
    fn id(&self) -> &'static str {
        self.names().0
    }

    fn label(&self) -> &'static str {
        self.names().1
    }

    fn content(&self) -> Content {
        RecordCodec::content(self)
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        self.write(out).expect("names fit their prefixes")
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        let mut digest = Digest::default();
        self.for_each(bytes, |r| digest.add_info(&r))
            .expect("our own bytes");
        digest
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        self.write(out).map(drop)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        let bytes = read_whole(path, scratch)?;
        let mut digest = Digest::default();
        self.for_each(bytes, |r| digest.add_info(&r))?;
        Ok(digest)
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        let mut mirrors = Vec::new();
        self.for_each(bytes, |r| mirrors.push(Mirror::from(&r)))
            .expect("our own bytes");
        mirrors
    }
}

/// Every contestant on `snapshot`, in table order.
pub fn all(snapshot: &Snapshot) -> Vec<Box<dyn Contestant + '_>> {
    use Content::{Basic, Detailed};
    vec![
        Box::new(memscope::Memscope::new(snapshot, memscope::Variant::Basic)),
        Box::new(memscope::Memscope::new(
            snapshot,
            memscope::Variant::Detailed,
        )),
        Box::new(memscope::Memscope::new(snapshot, memscope::Variant::Zstd1)),
        Box::new(memscope::Memscope::new(snapshot, memscope::Variant::Zstd3)),
        Box::new(json::Json::new(snapshot)),
        Box::new(derived::Derived::new(snapshot, Basic)),
        Box::new(derived::Derived::new(snapshot, Detailed)),
        Box::new(borrowed::Borrowed::new(snapshot)),
        Box::new(plain::Plain::new(snapshot)),
        Box::new(hand::Hand::new(snapshot, Basic)),
        Box::new(hand::Hand::new(snapshot, Detailed)),
        Box::new(bitcode::Bitcode::new(snapshot, Detailed)),
        Box::new(postcard::Postcard::new(snapshot, Detailed)),
        Box::new(bincode::Bincode::new(snapshot, Detailed)),
        Box::new(speedy::Speedy::new(snapshot, Detailed)),
        Box::new(bitcode::Bitcode::new(snapshot, Basic)),
        Box::new(postcard::Postcard::new(snapshot, Basic)),
        Box::new(bincode::Bincode::new(snapshot, Basic)),
        Box::new(speedy::Speedy::new(snapshot, Basic)),
    ]
}

/// Runs `$body` with `$records` the snapshot's mirrors of `$content` and
/// `$t` their type, for the competitors, whose code is the same for both.
macro_rules! by_content {
    ($content:expr, $snapshot:expr, |$records:ident, $t:ident| $body:expr) => {
        match $content {
            $crate::data::Content::Basic => {
                #[allow(dead_code)]
                type $t = $crate::data::MirrorBasic;
                #[allow(unused_variables)]
                let $records: &[$t] = &$snapshot.basic_mirrors;
                $body
            }
            $crate::data::Content::Detailed => {
                #[allow(dead_code)]
                type $t = $crate::data::Mirror;
                #[allow(unused_variables)]
                let $records: &[$t] = &$snapshot.mirrors;
                $body
            }
        }
    };
}
use by_content;

/// The id of a competitor: its name, with `_basic` for the basic mirror.
fn competitor_id(content: Content, detailed: &'static str, basic: &'static str) -> &'static str {
    match content {
        Content::Detailed => detailed,
        Content::Basic => basic,
    }
}

/// The operations measured for a competitor: all four on the full mirror;
/// on the three-field mirror only encode and decode, the codec comparison
/// with our basic layout it exists for (its export and read add nothing a
/// reader of the table needs, and would lengthen the run).
fn competitor_ops(content: Content) -> &'static [Op] {
    match content {
        Content::Detailed => &Op::ALL,
        Content::Basic => &[Op::Encode, Op::Decode],
    }
}

/// Reads the whole file at `path` into `scratch`, the first half of every
/// read that decodes from a slice. Like `std::fs::read`, it makes room for
/// the file's length first (nothing to do for the benchmarks' pre-sized
/// scratch vector; one exact allocation for an empty one).
pub fn read_whole<'a>(path: &Path, scratch: &'a mut Vec<u8>) -> io::Result<&'a [u8]> {
    scratch.clear();
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    scratch.reserve(usize::try_from(len).map_err(invalid)?);
    file.read_to_end(scratch)?;
    Ok(scratch)
}

/// A decode failure as an I/O error, for [`Contestant::read`].
pub fn invalid(error: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, error.to_string())
}
