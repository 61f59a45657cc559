//! Derived codec vs a hand-written little-endian codec of the same layout,
//! side by side in one run: a 24-byte record of three u64, and
//! `AllocationInfo` in the detailed layout with two short names.
//!
//! `cargo bench --bench codec -- --warm-up-time 1 --measurement-time 3`
//!
//! Every contestant writes into the same reused `BufWriter<Vec<u8>>` with a
//! pre-sized vector (no page faults for anyone) and decodes from the same
//! slice.

use std::hint::black_box;
use std::io::{BufWriter, Write};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::AllocationInfo;

const RECORDS: usize = 10_000;

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(size = 24)]
struct ThreeU64 {
    ptr: u64,
    size: u64,
    timestamp: u64,
}

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

fn three_u64_records() -> Vec<ThreeU64> {
    (0..RECORDS as u64)
        .map(|i| ThreeU64 {
            ptr: 0x7f00_0000_0000 + i * 64,
            size: 16 + i % 512,
            timestamp: 1_700_000_000_000_000_000 + i,
        })
        .collect()
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
    let basic = three_u64_records();
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
    for r in three_u64_records() {
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

/// The hand-written codecs are only a fair floor if they produce the same
/// bytes and values; checked once before measuring.
fn check_floor_matches() {
    for r in three_u64_records().iter().take(100) {
        let mut a = Vec::new();
        let mut b = Vec::new();
        r.write_to(&mut a).unwrap();
        hand::write_three(r, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(hand::decode_three(&b).unwrap().0, *r);
    }
    for r in detailed_records().iter().take(100) {
        let a = r.to_bytes(Layout::Detailed).unwrap();
        let mut b = Vec::new();
        hand::write_detailed(r, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(hand::decode_detailed(&b).unwrap(), (r.clone(), a.len()));
    }
}

fn benches(c: &mut Criterion) {
    check_floor_matches();
    encode(c);
    decode(c);
}

criterion_group!(codec, benches);
criterion_main!(codec);
