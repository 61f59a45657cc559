//! What symbolization costs an export: per unique frame (the first
//! resolution of an address, the DWARF or symbol table lookup), per
//! repeated frame (answered from the memo), and per module (reading the
//! module map, loading a file on first use).
//!
//! The frames are real functions of this benchmark binary: `FRAMES`
//! function symbols spread over its symbol table, each looked up in its
//! middle, as return addresses are.
//!
//! ```sh
//! cargo bench -p memscope-symbols --bench symbolize -- --warm-up-time 1 --measurement-time 2
//! # with file and line, as a release build with line tables would resolve
//! CARGO_PROFILE_BENCH_DEBUG=line-tables-only cargo bench -p memscope-symbols --bench symbolize -- --warm-up-time 1 --measurement-time 2
//! ```
use criterion::{criterion_group, criterion_main};

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod linux {
    use std::hint::black_box;

    use criterion::{BatchSize, Criterion, Throughput};
    use memscope_symbols::Symbolizer;
    use object::{Object, ObjectSymbol, SymbolKind};

    /// Distinct addresses resolved per measured iteration.
    const FRAMES: usize = 1000;

    /// A function whose address and symbol give this binary's load bias.
    #[unsafe(no_mangle)]
    #[inline(never)]
    pub extern "C" fn memscope_symbols_bench_anchor() -> u64 {
        black_box(1)
    }

    /// Return addresses in the middle of `FRAMES` functions of this binary,
    /// spread evenly over its symbol table (plus one: `resolve` looks up the
    /// byte before a return address).
    fn frame_addresses() -> Vec<u64> {
        let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let file = object::File::parse(&*exe).unwrap();
        let mut functions: Vec<(u64, u64)> = file
            .symbols()
            .filter(|s| s.kind() == SymbolKind::Text && s.size() > 1)
            .map(|s| (s.address(), s.size()))
            .collect();
        functions.sort_unstable();
        functions.dedup_by_key(|f| f.0);
        let anchor = file
            .symbols()
            .find(|s| s.name() == Ok("memscope_symbols_bench_anchor"))
            .expect("the anchor in the symbol table")
            .address();
        let bias = (memscope_symbols_bench_anchor as *const () as u64).wrapping_sub(anchor);
        assert!(functions.len() >= FRAMES, "{} functions", functions.len());
        let step = functions.len() as f64 / FRAMES as f64;
        (0..FRAMES)
            .map(|i| functions[(i as f64 * step) as usize])
            .map(|(address, size)| address.wrapping_add(bias) + size / 2 + 1)
            .collect()
    }

    /// A symbolizer with this binary's file loaded, but none of `addresses`
    /// resolved.
    fn loaded_symbolizer() -> Symbolizer {
        let mut symbolizer = Symbolizer::for_current_process().unwrap();
        symbolizer.resolve(memscope_symbols_bench_anchor as *const () as u64 + 1);
        symbolizer
    }

    pub fn symbolize(c: &mut Criterion) {
        let addresses = frame_addresses();

        // What the frames resolve to, once: how many carry names and lines.
        let mut symbolizer = loaded_symbolizer();
        let (mut named, mut with_line, mut frames) = (0, 0, 0);
        for &address in &addresses {
            let resolved = symbolizer.resolve(address);
            frames += resolved.len();
            named += usize::from(resolved.last().unwrap().function.is_some());
            with_line += usize::from(resolved[0].line.is_some());
        }
        eprintln!(
            "symbolize: {} addresses -> {frames} frames, {named} named, {with_line} with file and line; {} modules, problems {:?}",
            addresses.len(),
            symbolizer.modules().len(),
            symbolizer.problems()
        );

        let mut group = c.benchmark_group("symbolize");
        group.throughput(Throughput::Elements(FRAMES as u64));
        group.sample_size(20);
        group.bench_function("unique frames, first resolution", |b| {
            b.iter_batched_ref(
                loaded_symbolizer,
                |symbolizer| {
                    for &address in &addresses {
                        black_box(symbolizer.resolve(address));
                    }
                },
                BatchSize::PerIteration,
            );
        });
        // The same functions, each at a second address: the units they
        // are in are parsed already, so this is the lookup alone.
        group.bench_function("unique frames, units already parsed", |b| {
            b.iter_batched_ref(
                || {
                    let mut symbolizer = loaded_symbolizer();
                    for &address in &addresses {
                        symbolizer.resolve(address - 1);
                    }
                    symbolizer
                },
                |symbolizer| {
                    for &address in &addresses {
                        black_box(symbolizer.resolve(address));
                    }
                },
                BatchSize::PerIteration,
            );
        });
        group.sample_size(100);
        let mut warm = loaded_symbolizer();
        for &address in &addresses {
            warm.resolve(address);
        }
        group.bench_function("repeated frames, memoized", |b| {
            b.iter(|| {
                for &address in &addresses {
                    black_box(warm.resolve(black_box(address)));
                }
            });
        });
        group.finish();

        let mut group = c.benchmark_group("modules");
        group.sample_size(20);
        group.bench_function("module map of the process", |b| {
            b.iter(|| Symbolizer::for_current_process().unwrap());
        });
        let anchor = memscope_symbols_bench_anchor as *const () as u64 + 1;
        group.bench_function("load this binary, first frame", |b| {
            b.iter_batched_ref(
                || Symbolizer::for_current_process().unwrap(),
                |symbolizer| black_box(symbolizer.resolve(anchor).len()),
                BatchSize::PerIteration,
            );
        });
        let malloc = libc::malloc as *const () as u64 + 1;
        group.bench_function("load libc, first frame", |b| {
            b.iter_batched_ref(
                || Symbolizer::for_current_process().unwrap(),
                |symbolizer| black_box(symbolizer.resolve(malloc).len()),
                BatchSize::PerIteration,
            );
        });
        group.finish();
    }
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
use linux::symbolize;

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
fn symbolize(_: &mut criterion::Criterion) {
    eprintln!("symbolize: no current-process symbolizer on this platform");
}

criterion_group!(benches, symbolize);
criterion_main!(benches);
