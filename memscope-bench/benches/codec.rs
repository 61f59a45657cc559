//! Derived codec vs its floor, side by side in one run:
//!
//! - `record` groups: a 24-byte record of three u64 and `AllocationInfo` in
//!   the detailed layout with two short names, one record at a time,
//!   against a hand-written little-endian codec;
//! - `plain_slice`: a slice of 10,000 of those 24-byte records, which are
//!   plain, against `memcpy` of the same bytes (`extend_from_slice` into the
//!   sink to encode, `to_vec` to decode: a decoder must allocate its
//!   vector), and the same records as never-plain tuples for contrast;
//! - `blob_16mib`: a record holding a 16 MiB `Vec<u8>`, against `memcpy`;
//! - `event`: 10,000 events of the three-variant enum, against a
//!   hand-written `match`;
//! - `map`: the cost of canonical hash maps: a `HashMap<u64, u64>` of
//!   10,000 entries written sorted by its keys' encodings, against the same
//!   entries written in iteration order (a `Vec` of pairs: the bytes a hash
//!   map gave before) and a `BTreeMap` (already in order).
//!
//! The cases and their floors live in `memscope_bench::cases` (checked to
//! write and read the same bytes before anything is measured).
//!
//! `cargo bench --manifest-path memscope-bench/Cargo.toml --bench codec -- --warm-up-time 1 --measurement-time 3`
//!
//! Sinks: records and events go into the same reused `BufWriter<Vec<u8>>`
//! over a pre-sized vector, emptied (not freed) between iterations, and
//! decode from the same slice; slices and blobs go straight into a reused,
//! pre-sized, pre-faulted `Vec<u8>` (a `BufWriter` would pass such large
//! writes through anyway).

use std::hint::black_box;
use std::io::{BufWriter, Write};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use memscope_bench::cases::{self, Blob, Event, ThreeU64};
use memscope_bench::sink::prefaulted;
use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::AllocationInfo;

const RECORDS: usize = 10_000;
const BLOB: usize = 16 << 20;

mod hand {
    //! The floor: what a careful person writes by hand for these layouts.
    use super::*;
    use std::io;

    #[inline]
    pub fn write_three<W: Write>(r: &ThreeU64, w: &mut W) -> io::Result<()> {
        let mut buf = [0u8; 24];
        buf[0..8].copy_from_slice(&r.ptr.to_le_bytes());
        buf[8..16].copy_from_slice(&r.size.to_le_bytes());
        buf[16..24].copy_from_slice(&r.timestamp.to_le_bytes());
        w.write_all(&buf)
    }

    #[inline]
    pub fn decode_three(bytes: &[u8]) -> Option<(ThreeU64, usize)> {
        let b: &[u8; 24] = bytes.first_chunk()?;
        let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap());
        Some((
            ThreeU64 {
                ptr: word(0),
                size: word(8),
                timestamp: word(16),
            },
            24,
        ))
    }

    // The detailed record's floor is the one the field suite measures.
    pub use memscope_bench::contestants::hand::{decode_detailed, write_detailed};
}

fn detailed_records() -> Vec<AllocationInfo> {
    (0..RECORDS)
        .map(|i| {
            let mut info = AllocationInfo::new(0x7f00_0000_0000 + i * 64, 16 + i % 512, i as u64);
            info.var_name = Some(format!("buf{}", i % 100));
            info.type_name = Some("Vec<u8>".to_string());
            info
        })
        .collect()
}

/// The shared sink: a 64 KiB `BufWriter` over a vector sized for the whole
/// batch, emptied (not freed) between iterations.
fn sink(bytes: usize) -> BufWriter<Vec<u8>> {
    BufWriter::with_capacity(64 * 1024, Vec::with_capacity(bytes))
}

fn drain(w: &mut BufWriter<Vec<u8>>) {
    w.flush().unwrap();
    w.get_mut().clear();
}

fn encode(c: &mut Criterion) {
    let basic = cases::three_u64_records(RECORDS);
    let detailed = detailed_records();
    let detailed_bytes: usize = detailed
        .iter()
        .map(|r| r.encoded_len(Layout::Detailed))
        .sum();

    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Elements(RECORDS as u64));
    let mut w = sink(RECORDS * 24);
    group.bench_function("three_u64/derived", |b| {
        b.iter(|| {
            for r in &basic {
                r.write_with(&mut w, Layout::Basic).unwrap();
            }
            drain(&mut w);
        })
    });
    group.bench_function("three_u64/hand_written", |b| {
        b.iter(|| {
            for r in &basic {
                hand::write_three(r, &mut w).unwrap();
            }
            drain(&mut w);
        })
    });
    let mut w = sink(detailed_bytes);
    group.bench_function("detailed/derived", |b| {
        b.iter(|| {
            for r in &detailed {
                r.write_with(&mut w, Layout::Detailed).unwrap();
            }
            drain(&mut w);
        })
    });
    group.bench_function("detailed/hand_written", |b| {
        b.iter(|| {
            for r in &detailed {
                hand::write_detailed(r, &mut w).unwrap();
            }
            drain(&mut w);
        })
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    let mut basic_bytes = Vec::new();
    for r in cases::three_u64_records(RECORDS) {
        r.write_to(&mut basic_bytes).unwrap();
    }
    let mut detailed_bytes = Vec::new();
    for r in detailed_records() {
        r.write_with(&mut detailed_bytes, Layout::Detailed).unwrap();
    }

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("three_u64/derived", |b| {
        b.iter(|| {
            let mut at = 0;
            while at < basic_bytes.len() {
                let (r, used) = ThreeU64::decode_slice(&basic_bytes[at..], Layout::Basic).unwrap();
                black_box(r);
                at += used;
            }
        })
    });
    group.bench_function("three_u64/hand_written", |b| {
        b.iter(|| {
            let mut at = 0;
            while at < basic_bytes.len() {
                let (r, used) = hand::decode_three(&basic_bytes[at..]).unwrap();
                black_box(r);
                at += used;
            }
        })
    });
    group.bench_function("detailed/derived", |b| {
        b.iter(|| {
            let mut at = 0;
            while at < detailed_bytes.len() {
                let (r, used) =
                    AllocationInfo::decode_slice(&detailed_bytes[at..], Layout::Detailed).unwrap();
                black_box(r);
                at += used;
            }
        })
    });
    group.bench_function("detailed/hand_written", |b| {
        b.iter(|| {
            let mut at = 0;
            while at < detailed_bytes.len() {
                let (r, used) = hand::decode_detailed(&detailed_bytes[at..]).unwrap();
                black_box(r);
                at += used;
            }
        })
    });
    group.finish();
}

/// A slice of 10,000 plain records against `memcpy` of the same bytes, in
/// cache (240 KB).
fn plain_slice(c: &mut Criterion) {
    let records = cases::three_u64_records(RECORDS);
    let tuples: Vec<(u64, u64, u64)> = records
        .iter()
        .map(|r| (r.ptr, r.size, r.timestamp))
        .collect();
    let mut bytes = Vec::new();
    ThreeU64::write_many(&records, &mut bytes, Layout::Basic).unwrap();
    let mut out = prefaulted(bytes.len());

    let mut group = c.benchmark_group("plain_slice");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("encode/derived", |b| {
        b.iter(|| {
            out.clear();
            ThreeU64::write_many(black_box(&records), &mut out, Layout::Basic).unwrap();
        })
    });
    group.bench_function("encode/memcpy", |b| {
        b.iter(|| {
            out.clear();
            out.extend_from_slice(black_box(&bytes));
        })
    });
    group.bench_function("encode/tuples_field_by_field", |b| {
        b.iter(|| {
            out.clear();
            <(u64, u64, u64)>::write_many(black_box(&tuples), &mut out, Layout::Basic).unwrap();
        })
    });
    group.bench_function("decode/derived", |b| {
        b.iter(|| {
            black_box(ThreeU64::decode_many(black_box(&bytes), RECORDS, Layout::Basic).unwrap())
        })
    });
    group.bench_function("decode/memcpy", |b| {
        b.iter(|| black_box(black_box(&bytes).to_vec()))
    });
    group.bench_function("decode/tuples_field_by_field", |b| {
        b.iter(|| {
            black_box(
                <(u64, u64, u64)>::decode_many(black_box(&bytes), RECORDS, Layout::Basic).unwrap(),
            )
        })
    });
    group.finish();
}

/// A record holding a 16 MiB `Vec<u8>`, against `memcpy` of its bytes.
fn blob_16mib(c: &mut Criterion) {
    let blob = cases::blob(BLOB);
    let bytes = blob.to_bytes(Layout::Basic).unwrap();
    let mut out = prefaulted(bytes.len());

    let mut group = c.benchmark_group("blob_16mib");
    group.throughput(Throughput::Bytes(BLOB as u64));
    group.sample_size(20);
    group.bench_function("encode/derived", |b| {
        b.iter(|| {
            out.clear();
            black_box(&blob)
                .write_with(&mut out, Layout::Basic)
                .unwrap();
        })
    });
    group.bench_function("encode/memcpy", |b| {
        b.iter(|| {
            out.clear();
            out.extend_from_slice(&black_box(&blob).data);
        })
    });
    group.bench_function("decode/derived", |b| {
        b.iter(|| black_box(Blob::decode_slice(black_box(&bytes), Layout::Basic).unwrap()))
    });
    group.bench_function("decode/memcpy", |b| {
        b.iter(|| black_box(black_box(&bytes)[4..].to_vec()))
    });
    group.finish();
}

/// 10,000 events of the three-variant enum against a hand-written `match`.
fn event(c: &mut Criterion) {
    let events = cases::events(RECORDS);
    let bytes = cases::event_bytes(&events);
    let mut w = sink(bytes.len());

    let mut group = c.benchmark_group("event");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("encode/derived", |b| {
        b.iter(|| {
            for event in &events {
                event.write_with(&mut w, Layout::Basic).unwrap();
            }
            drain(&mut w);
        })
    });
    group.bench_function("encode/hand_written", |b| {
        b.iter(|| {
            for event in &events {
                cases::hand_write_event(event, &mut w).unwrap();
            }
            drain(&mut w);
        })
    });
    // Two sinks, the same for every decoder: every field of every event
    // folded into one number (in registers, as the field suite's digest
    // does), and every event pushed into a reused vector (in memory). The
    // second floor decodes by hand but returns what ours does,
    // `Result<(Event, usize), CodecError>`, to show what the return type
    // itself costs.
    macro_rules! decoders {
        ($($name:literal => $decode:path),*) => {
            $(group.bench_function(concat!("decode_fold/", $name), |b| {
                b.iter(|| {
                    let mut sum = 0u64;
                    $decode(black_box(&bytes), |e| sum = sum.rotate_left(5) ^ cases::checksum(&e));
                    black_box(sum)
                })
            });)*
            let mut collected: Vec<Event> = Vec::with_capacity(events.len());
            $(group.bench_function(concat!("decode_collect/", $name), |b| {
                b.iter(|| {
                    collected.clear();
                    $decode(black_box(&bytes), |e| collected.push(e));
                    black_box(&collected);
                })
            });)*
        };
    }
    decoders!(
        "derived" => cases::decode_events,
        "hand_written" => cases::hand_decode_events,
        "hand_written_same_result" => cases::hand_decode_events_as_result
    );
    group.finish();
}

/// The hand-written codecs are only a fair floor if they produce the same
/// bytes and values; checked once before measuring.
fn check_floor_matches() {
    for r in cases::three_u64_records(100) {
        let mut a = Vec::new();
        let mut b = Vec::new();
        r.write_to(&mut a).unwrap();
        hand::write_three(&r, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(hand::decode_three(&b).unwrap().0, r);
    }
    for r in detailed_records().iter().take(100) {
        let a = r.to_bytes(Layout::Detailed).unwrap();
        let mut b = Vec::new();
        hand::write_detailed(r, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(hand::decode_detailed(&b).unwrap(), (r.clone(), a.len()));
    }
    cases::check_floors();
}

fn map(c: &mut Criterion) {
    use std::collections::{BTreeMap, HashMap};
    let map: HashMap<u64, u64> = (0..RECORDS as u64)
        .map(|i| (i.wrapping_mul(0x9E37_79B9_7F4A_7C15), i))
        .collect();
    let in_iteration_order: Vec<(u64, u64)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    let tree: BTreeMap<u64, u64> = map.iter().map(|(k, v)| (*k, *v)).collect();
    let mut out = prefaulted(map.encoded_len(Layout::Basic) + 64);
    let mut group = c.benchmark_group("map");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("encode/hash_map_canonical", |b| {
        b.iter(|| {
            out.clear();
            black_box(&map).write_with(&mut out, Layout::Basic).unwrap();
        })
    });
    group.bench_function("encode/pairs_in_iteration_order", |b| {
        b.iter(|| {
            out.clear();
            black_box(&in_iteration_order)
                .write_with(&mut out, Layout::Basic)
                .unwrap();
        })
    });
    group.bench_function("encode/btree_map", |b| {
        b.iter(|| {
            out.clear();
            black_box(&tree)
                .write_with(&mut out, Layout::Basic)
                .unwrap();
        })
    });
    let bytes = map.to_bytes(Layout::Basic).unwrap();
    group.bench_function("decode/hash_map", |b| {
        b.iter(|| HashMap::<u64, u64>::decode_slice(black_box(&bytes), Layout::Basic).unwrap())
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    check_floor_matches();
    encode(c);
    decode(c);
    plain_slice(c);
    blob_16mib(c);
    event(c);
    map(c);
}

criterion_group!(codec, benches);
criterion_main!(codec);
