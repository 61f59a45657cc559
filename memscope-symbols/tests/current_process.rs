//! Symbolizing the running test binary and the libraries it loaded.
//!
//! The return addresses here are real ones: `return_address()` is a naked
//! function that returns the address its caller continues at, exactly
//! what a frame-pointer walk captures for that caller's frame. Each known
//! function records `line!()` on the line of its call, so the expected
//! line is exact.
//!
//! These tests read this binary's DWARF, so they need a profile with debug
//! info: `dev` and `test` (what `cargo test` uses) have it.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use std::path::Path;

use memscope_symbols::{ResolvedFrame, Symbolizer};

/// The address its caller returns to: the instruction after the call.
#[cfg(target_arch = "x86_64")]
#[unsafe(naked)]
extern "C" fn return_address() -> u64 {
    // At entry the return address is on top of the stack.
    core::arch::naked_asm!("mov rax, [rsp]", "ret")
}

/// The address its caller returns to: the instruction after the call.
#[cfg(target_arch = "aarch64")]
#[unsafe(naked)]
extern "C" fn return_address() -> u64 {
    // At entry the return address is in the link register.
    core::arch::naked_asm!("mov x0, x30", "ret")
}

/// A known function at a known depth: its frame's return address (into
/// itself, after the call) and the line of that call.
#[inline(never)]
fn known_allocating_function() -> (u64, u32) {
    (return_address(), line!())
}

/// Inlined into every caller, even in the dev profile.
#[inline(always)]
fn inlined_helper() -> (u64, u32) {
    (return_address(), line!())
}

/// Not inlined, with `inlined_helper` inlined into it.
#[inline(never)]
fn calls_inlined_helper() -> ((u64, u32), u32) {
    (inlined_helper(), line!())
}

fn symbolizer() -> Symbolizer {
    Symbolizer::for_current_process().expect("the module map of this process")
}

fn is_this_file(frame: &ResolvedFrame) -> bool {
    frame
        .file
        .as_deref()
        .is_some_and(|file| Path::new(file).ends_with("tests/current_process.rs"))
}

#[test]
fn a_known_function_resolves_to_its_name_file_and_line() {
    let mut symbolizer = symbolizer();
    let (address, line) = known_allocating_function();

    let frames = symbolizer.resolve(address);

    assert_eq!(frames.len(), 1, "{frames:?}");
    let frame = &frames[0];
    assert_eq!(
        frame.function.as_deref(),
        Some("current_process::known_allocating_function"),
        "demangled, without the hash suffix"
    );
    assert!(is_this_file(frame), "{frame:?}");
    assert_eq!(frame.line, Some(line), "the line of the call");
    assert!(!frame.inlined);
    assert!(
        symbolizer.problems().is_empty(),
        "{:?}",
        symbolizer.problems()
    );
}

#[test]
fn an_inlined_function_is_an_inlined_frame_before_its_caller() {
    let mut symbolizer = symbolizer();
    let ((address, helper_line), caller_line) = calls_inlined_helper();

    let frames = symbolizer.resolve(address);

    assert_eq!(frames.len(), 2, "{frames:?}");
    let (inner, outer) = (&frames[0], &frames[1]);
    assert_eq!(
        inner.function.as_deref(),
        Some("current_process::inlined_helper")
    );
    assert!(
        inner.inlined,
        "the innermost frame was inlined into the next"
    );
    assert!(is_this_file(inner));
    assert_eq!(inner.line, Some(helper_line));

    assert_eq!(
        outer.function.as_deref(),
        Some("current_process::calls_inlined_helper")
    );
    assert!(!outer.inlined, "the last frame is the real one");
    assert!(is_this_file(outer));
    assert_eq!(
        outer.line,
        Some(caller_line),
        "where the helper was inlined"
    );
}

#[test]
fn an_address_in_a_shared_library_resolves_through_its_symbol_table() {
    let mut symbolizer = symbolizer();
    // A function's own address, plus one to stand for a return address
    // whose call instruction is the function's first byte.
    let address = libc::malloc as *const () as u64 + 1;

    let module = symbolizer.module_of(address).expect("libc is mapped");
    let file_name = module.path.file_name().unwrap().to_string_lossy();
    assert!(
        file_name.starts_with("libc.so"),
        "{}",
        module.path.display()
    );

    let frames = symbolizer.resolve(address);
    assert_eq!(frames.len(), 1, "{frames:?}");
    let function = frames[0]
        .function
        .as_deref()
        .expect("a name from libc's symbol table");
    // glibc exports malloc under several names at one address.
    assert!(function.contains("malloc"), "{function}");
    assert!(
        symbolizer.problems().is_empty(),
        "{:?}",
        symbolizer.problems()
    );
}

#[test]
fn an_unknown_address_gives_one_unknown_frame() {
    let mut symbolizer = symbolizer();
    for address in [0, 1, 0x10, u64::MAX] {
        let frames = symbolizer.resolve(address);
        assert_eq!(frames, [ResolvedFrame::unknown()], "at {address:#x}");
        assert!(frames[0].is_unknown());
    }
    assert!(symbolizer.problems().is_empty(), "no module was at fault");
}

#[test]
fn a_repeated_address_is_answered_from_the_memo() {
    let mut symbolizer = symbolizer();
    let (address, _) = known_allocating_function();
    assert_eq!(symbolizer.stats().file_loads, 0, "modules load lazily");

    let first = symbolizer.resolve(address).to_vec();
    let stats = symbolizer.stats();
    assert_eq!(
        (stats.file_loads, stats.lookups, stats.memo_hits),
        (1, 1, 0)
    );

    let second = symbolizer.resolve(address).to_vec();
    assert_eq!(first, second);
    let stats = symbolizer.stats();
    assert_eq!(
        (stats.file_loads, stats.lookups, stats.memo_hits),
        (1, 1, 1),
        "no lookup, no load the second time"
    );

    // Another address of the same file: a lookup, but no second load.
    let ((other, _), _) = calls_inlined_helper();
    symbolizer.resolve(other);
    let stats = symbolizer.stats();
    assert_eq!(
        (stats.file_loads, stats.lookups, stats.memo_hits),
        (1, 2, 1)
    );
}

#[test]
fn the_module_map_holds_this_executable_with_its_build_id() {
    use object::Object;

    let symbolizer = symbolizer();
    let (address, _) = known_allocating_function();
    let exe = std::env::current_exe().unwrap();

    let module = symbolizer
        .module_of(address)
        .expect("this function's module");
    assert_eq!(module.path, exe);
    assert!(module.contains(address - 1));
    // Rust binaries linked by the system's cc get a GNU build id.
    let build_id = module.build_id.as_deref().expect("a build id");
    let file = std::fs::read(&exe).unwrap();
    let on_disk = object::File::parse(&*file).unwrap().build_id().unwrap();
    assert_eq!(Some(build_id), on_disk, "the loaded image is the file");

    let modules = symbolizer.modules();
    assert!(
        modules.windows(2).all(|pair| pair[0].end <= pair[1].start),
        "sorted, disjoint"
    );
    assert!(
        modules
            .iter()
            .all(|m| m.path.is_absolute() && m.start < m.end)
    );
}
