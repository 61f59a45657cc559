//! Writes the amplification files of issue 26 at their full size into
//! DIR: small version-2 files whose tables or per-record segments, sound
//! or nearly, decode to far more than the file's size. Each is a sound
//! export of one record with a stack and a thread, one segment's body
//! replaced:
//!
//! - `unused-string-1gib.memscope`: one unused string of 1 GiB;
//! - `stacks-depth0-2p29.memscope`: 2^29 stacks of depth 0;
//! - `stacks-empty-2p24.memscope`: 2^24 stacks of depth 0;
//! - `strings-distinct-2p22.memscope`: 2^22 distinct strings;
//! - `records-2p26.memscope`: 2^26 records' stack ids and threads (the
//!   records themselves are one, so the file is refused at the latest
//!   when the records are read).
//!
//! `cargo run --release -p memscope-tools --bin amplification -- DIR`,
//! then e.g. `/usr/bin/time -f "%M KiB" target/release/memscope-binary
//! validate DIR/stacks-empty-2p24.memscope`: FORMAT.md's memory budget
//! (32 MiB + 16 bytes a byte of the file) refuses each before it is
//! allocated.

use std::io::Write;
use std::path::Path;

use memscope_export::{
    BinaryExportConfig, BinaryExporter, CallStacks, FileContents, PlacedRecord, ResolvedFrame,
    Thread, Threads,
};
use memscope_tracker::{AllocationInfo, MemoryStats};

/// A segment: its tag and body.
type Segment = ([u8; 4], Vec<u8>);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: amplification DIR")?;
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let (head, segments) = split(&base()?);

    let body_of = |tag: &[u8; 4]| -> Vec<u8> {
        let body = &segments
            .iter()
            .find(|(t, _)| t == tag)
            .expect("the base has it")
            .1;
        zstd::decode_all(&body[8..]).expect("the exporter's frame")
    };
    let write = |name: &str,
                 tag: &[u8; 4],
                 content: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<u64>|
     -> Result<(), Box<dyn std::error::Error>> {
        let mut head = head.clone();
        let body = compressed(content)?;
        if tag == b"sIDS" {
            // The ALOC count: the records the per-record segments claim.
            head[88..92].copy_from_slice(&(1u32 << 26).to_le_bytes());
        }
        let replaced: Vec<Segment> = segments
            .iter()
            .map(|(t, b)| (*t, if t == tag { body.clone() } else { b.clone() }))
            .collect();
        let file = join(&head, &replaced);
        std::fs::write(dir.join(name), &file)?;
        println!("{name}: {} bytes", file.len());
        Ok(())
    };

    // The base's strings, then one unused string of 1 GiB.
    let strings = body_of(b"sSTR");
    write("unused-string-1gib.memscope", b"sSTR", &mut |out| {
        let count = u32::from_le_bytes(strings[..4].try_into().expect("4 bytes"));
        out.write_all(&(count + 1).to_le_bytes())?;
        out.write_all(&strings[4..])?;
        out.write_all(&(1u32 << 30).to_le_bytes())?;
        repeat(out, b'x', 1 << 30)?;
        Ok(strings.len() as u64 + 4 + (1 << 30))
    })?;
    for (name, count) in [
        ("stacks-depth0-2p29.memscope", 1u32 << 29),
        ("stacks-empty-2p24.memscope", 1 << 24),
    ] {
        write(name, b"sSTK", &mut |out| {
            out.write_all(&count.to_le_bytes())?;
            repeat(out, 0, 2 * u64::from(count))?;
            Ok(4 + 2 * u64::from(count))
        })?;
    }
    write("strings-distinct-2p22.memscope", b"sSTR", &mut |out| {
        let count = 1u32 << 22;
        out.write_all(&count.to_le_bytes())?;
        let mut len = 4;
        for i in 0..count {
            let text = format!("app::module::f{i:08}");
            out.write_all(&(text.len() as u32).to_le_bytes())?;
            out.write_all(text.as_bytes())?;
            len += 4 + text.len() as u64;
        }
        Ok(len)
    })?;
    // 2^26 stack ids, all "no stack" (the tHRD entries stay the base's:
    // the file is refused before they matter).
    write("records-2p26.memscope", b"sIDS", &mut |out| {
        out.write_all(&(1u32 << 26).to_le_bytes())?;
        repeat(out, 0, 4 << 26)?;
        Ok(4 + (4 << 26))
    })?;
    Ok(())
}

/// A compressed version-2 file of one record with a stack and a thread,
/// without footer.
fn base() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut stacks = CallStacks::default();
    let frame = stacks.push_resolved(ResolvedFrame {
        address: 0x5000,
        function: Some("app::main"),
        file: Some("src/main.rs"),
        line: Some(3),
        inlined: false,
    });
    let stack = stacks.push_stack([frame]);
    let mut threads = Threads::default();
    let main = threads.push(Thread {
        id: 1,
        name: "main".into(),
    });
    let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 64, 1))
        .with_stack(stack)
        .with_thread(main)];
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let contents = FileContents::new(stats, &records)
        .with_stacks(&stacks)
        .with_threads(&threads);
    let mut file = Vec::new();
    BinaryExporter::new(
        BinaryExportConfig::new()
            .compression_level(3)
            .checksum(false),
    )
    .export_to_writer(&contents, &mut file)?;
    Ok(file)
}

/// Writes `count` bytes `byte` to `out`.
fn repeat(out: &mut dyn Write, byte: u8, count: u64) -> std::io::Result<()> {
    let chunk = [byte; 1 << 16];
    let mut left = count;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        out.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    Ok(())
}

/// A compressed segment body of what `content` writes (and says it
/// wrote): its length, then one zstd frame that states it.
fn compressed(
    content: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<u64>,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    // Measured first, so that the frame can state its size.
    let mut counter = Counter(0);
    let length = content(&mut counter)?;
    assert_eq!(length, counter.0, "the content says what it wrote");
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3)?;
    encoder.set_pledged_src_size(Some(length))?;
    content(&mut encoder)?;
    let frame = encoder.finish()?;
    Ok([&length.to_le_bytes()[..], &frame].concat())
}

/// A writer that counts.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A file without footer: what precedes its extension segments, and each
/// but `ENDS`.
fn split(file: &[u8]) -> (Vec<u8>, Vec<Segment>) {
    let ends = file.len() - 20;
    let first = u64::from_le_bytes(file[ends + 12..].try_into().expect("8 bytes")) as usize;
    let mut segments = Vec::new();
    let mut at = first;
    while at < ends {
        let tag: [u8; 4] = file[at..at + 4].try_into().expect("4 bytes");
        let len = u64::from_le_bytes(file[at + 4..at + 12].try_into().expect("8 bytes")) as usize;
        segments.push((tag, file[at + 12..at + 12 + len].to_vec()));
        at += 12 + len;
    }
    (file[..first].to_vec(), segments)
}

/// `head`, `segments` and the `ENDS` that closes them.
fn join(head: &[u8], segments: &[Segment]) -> Vec<u8> {
    let mut out = head.to_vec();
    for (tag, body) in segments {
        out.extend_from_slice(tag);
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(body);
    }
    out.extend_from_slice(b"ENDS");
    out.extend_from_slice(&8u64.to_le_bytes());
    out.extend_from_slice(&(head.len() as u64).to_le_bytes());
    out
}
