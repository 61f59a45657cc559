//! Symbolizing from a recorded module map (`Symbolizer::for_modules`), as
//! the CLI does for a raw-address file: the module map of this process
//! stands for the recorded one, so the right answers are known.
//!
//! Every test here needs this binary's DWARF, as `current_process.rs`
//! does.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use std::path::{Path, PathBuf};
use std::process::Command;

use memscope_symbols::{Module, ResolvedFrame, SymbolError, Symbolizer};

#[inline(never)]
fn recorded_function() -> Vec<u8> {
    vec![1, 2, 3]
}

/// A return address inside `recorded_function`: its first byte plus one
/// (resolve looks up the byte before a return address).
fn recorded_address() -> u64 {
    std::hint::black_box(recorded_function());
    recorded_function as fn() -> Vec<u8> as usize as u64 + 1
}

/// The module map of this process, as a raw-address export records it.
fn recorded_modules() -> Vec<Module> {
    Symbolizer::for_current_process()
        .unwrap()
        .modules()
        .to_vec()
}

/// The module of this test binary in `modules`.
fn exe_module(modules: &mut [Module]) -> &mut Module {
    let address = recorded_address() - 1;
    modules.iter_mut().find(|m| m.contains(address)).unwrap()
}

fn function(frames: &[ResolvedFrame]) -> Option<&str> {
    frames.last().and_then(|frame| frame.function.as_deref())
}

#[test]
fn a_recorded_module_map_resolves_as_the_live_process_does() {
    let address = recorded_address();
    let mut live = Symbolizer::for_current_process().unwrap();
    let mut offline = Symbolizer::for_modules(recorded_modules());

    let expected = live.resolve(address).to_vec();
    assert_eq!(offline.resolve(address), expected);
    assert_eq!(function(&expected), Some("offline::recorded_function"));
    assert!(
        expected[0]
            .file
            .as_deref()
            .unwrap()
            .ends_with("tests/offline.rs")
    );
    assert!(offline.problems().is_empty(), "{:?}", offline.problems());
}

#[test]
fn a_map_starting_at_the_page_boundary_gives_the_same_bias() {
    // /proc/<pid>/maps shows a segment from its first page, at a lower
    // address and file offset than the program header says.
    let mut modules = recorded_modules();
    let module = exe_module(&mut modules);
    let below_page = module.start % 4096;
    module.start -= below_page;
    module.file_offset -= below_page;

    let mut offline = Symbolizer::for_modules(modules);
    let frames = offline.resolve(recorded_address());
    assert_eq!(function(frames), Some("offline::recorded_function"));
}

#[test]
fn a_module_map_read_from_proc_self_maps_resolves_too() {
    // Another tool's module map: the executable mappings of
    // /proc/self/maps (page-aligned, no build ids).
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let modules: Vec<Module> = maps
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (range, perms, offset) = (fields.next()?, fields.next()?, fields.next()?);
            let path = fields.nth(2)?;
            if !perms.contains('x') || !path.starts_with('/') {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            let hex = |text| u64::from_str_radix(text, 16).ok();
            Some(Module {
                path: PathBuf::from(path),
                start: hex(start)?,
                end: hex(end)?,
                file_offset: hex(offset)?,
                build_id: None,
            })
        })
        .collect();

    let mut offline = Symbolizer::for_modules(modules);
    let frames = offline.resolve(recorded_address());
    assert_eq!(function(frames), Some("offline::recorded_function"));
    let malloc = offline.resolve(libc::malloc as *const () as u64 + 1);
    assert!(function(malloc).is_some_and(|name| name.contains("malloc")));
    assert!(offline.problems().is_empty(), "{:?}", offline.problems());
}

#[test]
fn a_module_without_build_id_is_trusted() {
    let mut modules = recorded_modules();
    exe_module(&mut modules).build_id = None;

    let mut offline = Symbolizer::for_modules(modules);
    let frames = offline.resolve(recorded_address());
    assert_eq!(function(frames), Some("offline::recorded_function"));
}

#[test]
fn a_rebuilt_file_is_reported_instead_of_giving_wrong_names() {
    let mut modules = recorded_modules();
    let module = exe_module(&mut modules);
    let recorded_id = module.build_id.clone().expect("a build id");
    let mut other_id = recorded_id.clone();
    other_id[0] ^= 0xff;
    module.build_id = Some(other_id.clone());

    let mut offline = Symbolizer::for_modules(modules);
    assert_eq!(
        offline.resolve(recorded_address()),
        [ResolvedFrame::unknown()]
    );
    assert_eq!(
        offline.resolve(recorded_address() + 1),
        [ResolvedFrame::unknown()]
    );

    let [problem] = offline.problems() else {
        panic!(
            "one problem for the file, not one per address: {:?}",
            offline.problems()
        );
    };
    match problem {
        SymbolError::BuildIdMismatch {
            path,
            expected,
            found,
        } => {
            assert_eq!(*path, std::env::current_exe().unwrap());
            assert_eq!(*expected, other_id);
            assert_eq!(found.as_deref(), Some(&recorded_id[..]));
        }
        other => panic!("expected a build id mismatch, found {other:?}"),
    }
    let message = problem.to_string();
    assert!(message.starts_with("build id mismatch in /"), "{message}");
}

#[test]
fn a_missing_file_gives_unknown_frames_and_one_problem() {
    let mut modules = recorded_modules();
    exe_module(&mut modules).path = PathBuf::from("/nonexistent/memscope-test-binary");

    let mut offline = Symbolizer::for_modules(modules);
    assert_eq!(
        offline.resolve(recorded_address()),
        [ResolvedFrame::unknown()]
    );
    assert_eq!(
        offline.resolve(recorded_address() + 4),
        [ResolvedFrame::unknown()]
    );

    let [SymbolError::Io { path, .. }] = offline.problems() else {
        panic!("expected one i/o problem, found {:?}", offline.problems());
    };
    assert_eq!(*path, PathBuf::from("/nonexistent/memscope-test-binary"));
    assert_eq!(
        offline.stats().file_loads,
        1,
        "a failed load is not retried"
    );
}

#[test]
fn a_file_that_is_no_object_file_does_not_spoil_the_other_modules() {
    let mut modules = recorded_modules();
    let not_elf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let unused_range = modules.last().unwrap().end + 0x1000;
    modules.push(Module {
        path: not_elf.clone(),
        start: unused_range,
        end: unused_range + 0x1000,
        file_offset: 0,
        build_id: None,
    });

    let mut offline = Symbolizer::for_modules(modules);
    assert_eq!(
        offline.resolve(unused_range + 0x10),
        [ResolvedFrame::unknown()]
    );
    let frames = offline.resolve(recorded_address());
    assert_eq!(function(frames), Some("offline::recorded_function"));

    let [SymbolError::Parse { path, message }] = offline.problems() else {
        panic!("expected one parse problem, found {:?}", offline.problems());
    };
    assert_eq!(*path, not_elf);
    assert!(!message.is_empty());
}

#[test]
fn an_offset_no_segment_maps_is_reported() {
    let mut modules = recorded_modules();
    let module = exe_module(&mut modules);
    module.file_offset = u64::MAX / 2;
    let path = module.path.clone();

    let mut offline = Symbolizer::for_modules(modules);
    assert_eq!(
        offline.resolve(recorded_address()),
        [ResolvedFrame::unknown()]
    );
    let [SymbolError::NoSegment { path: at, offset }] = offline.problems() else {
        panic!(
            "expected one segment problem, found {:?}",
            offline.problems()
        );
    };
    assert_eq!((at, *offset), (&path, u64::MAX / 2));
}

/// A copy of this test binary passed through `objcopy <flag>` (binutils,
/// which the linker comes with), as a module map entry for it.
fn stripped_copy(flag: &str, dir: &Path) -> Vec<Module> {
    let copy = dir.join("stripped");
    let status = Command::new("objcopy")
        .arg(flag)
        .arg(std::env::current_exe().unwrap())
        .arg(&copy)
        .status()
        .expect("objcopy from binutils");
    assert!(status.success());
    let mut modules = recorded_modules();
    exe_module(&mut modules).path = copy;
    modules
}

#[test]
fn without_debug_info_the_symbol_table_names_the_function() {
    // What a release build without `debug` gives: symbols, no DWARF.
    let dir = tempfile::tempdir().unwrap();
    let mut offline = Symbolizer::for_modules(stripped_copy("--strip-debug", dir.path()));

    let frames = offline.resolve(recorded_address());
    let expected = ResolvedFrame {
        function: Some("offline::recorded_function".to_owned()),
        file: None,
        line: None,
        inlined: false,
    };
    assert_eq!(frames, [expected]);
    assert!(offline.problems().is_empty(), "no debug info is no problem");
}

#[test]
fn without_any_symbols_a_frame_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut offline = Symbolizer::for_modules(stripped_copy("--strip-all", dir.path()));

    assert_eq!(
        offline.resolve(recorded_address()),
        [ResolvedFrame::unknown()]
    );
    assert!(offline.problems().is_empty(), "{:?}", offline.problems());
}

#[test]
fn corrupt_debug_info_is_reported_and_the_symbol_table_still_names() {
    use object::{Object, ObjectSection};

    // A copy of this binary whose .debug_info is overwritten with 0xff.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("corrupt");
    let mut bytes = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    let (offset, size) = {
        let file = object::File::parse(&*bytes).unwrap();
        let section = file.section_by_name(".debug_info").expect("DWARF");
        section.file_range().unwrap()
    };
    bytes[offset as usize..][..size as usize].fill(0xff);
    std::fs::write(&copy, bytes).unwrap();
    let mut modules = recorded_modules();
    exe_module(&mut modules).path = copy.clone();

    let mut offline = Symbolizer::for_modules(modules);
    let frames = offline.resolve(recorded_address());
    assert_eq!(
        function(frames),
        Some("offline::recorded_function"),
        "named by the symbol table"
    );
    assert_eq!(frames[0].file, None);
    offline.resolve(recorded_address() + 1);

    let [SymbolError::DebugInfo { path, message }] = offline.problems() else {
        panic!(
            "expected one debug info problem, found {:?}",
            offline.problems()
        );
    };
    assert_eq!(*path, copy);
    assert!(!message.is_empty());
}

#[test]
fn an_empty_module_map_knows_no_address() {
    let mut offline = Symbolizer::for_modules(Vec::new());
    assert_eq!(
        offline.resolve(recorded_address()),
        [ResolvedFrame::unknown()]
    );
    assert!(offline.modules().is_empty());
    assert!(offline.problems().is_empty());
}
