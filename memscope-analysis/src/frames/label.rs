//! One frame label for every output: short and unambiguous.
//!
//! - a function's crate-qualified path with its generic arguments elided
//!   (`jaq_json::read::parse_many`); a short name that debug info gives
//!   an inlined function (`allocate`, `{closure#0}<...>`) qualified by the
//!   crate and module its source file says;
//! - closures with their parent and line (`jaq_json::read::parse::{closure}@81`);
//! - a frame without a symbol by its module and offset (`app+0x1a2b`), or
//!   its address when no module is known.
//!
//! The whole name is kept for hover text, `--json` and `--full-names`.

use memscope_export::{CallStacks, ResolvedFrame};

use crate::frames::classify::Program;
use crate::frames::source::{SourceKind, module_path, source_kind};
use crate::frames::symbol::{elide_generics, is_closure_segment, segments};

/// The short label of the frame at `position` of `frames` (a stack,
/// innermost first); `stacks` gives the module map of a file with raw
/// addresses.
pub(crate) fn short_label(
    frames: &[ResolvedFrame<'_>],
    position: usize,
    program: &Program,
    stacks: &CallStacks,
) -> String {
    let frame = &frames[position];
    let Some(function) = frame.function else {
        return address_label(frame.address, stacks);
    };
    let elided = elide_generics(function);
    let mut parts: Vec<String> = segments(&elided).into_iter().map(str::to_owned).collect();
    let qualified = parts.len() > 1 || function.starts_with('<');
    if !qualified && let Some(file) = frame.file {
        let closure = parts.first().is_some_and(|p| is_closure_segment(p));
        let mut prefix = match parent_function(frames, position, file) {
            Some(parent) if closure => qualify(&parent, file, program),
            _ if closure => module_of(file, program),
            _ => {
                let mut path = qualify(&parts[0], file, program);
                path.pop();
                path
            }
        };
        prefix.append(&mut parts);
        parts = prefix;
    }
    let last = parts.len() - 1;
    let mut closure = false;
    for part in &mut parts {
        if is_closure_segment(part) {
            *part = "{closure}".to_owned();
            closure = true;
        }
    }
    let mut label = parts.join("::");
    // A closure is told from its siblings by where it is.
    if closure
        && is_closure_segment_shown(&parts[last])
        && let Some(line) = frame.line
    {
        label.push_str(&format!("@{line}"));
    }
    label
}

fn is_closure_segment_shown(part: &str) -> bool {
    part == "{closure}"
}

/// The crate and module a source file's path says, as path segments.
fn module_of(file: &str, program: &Program) -> Vec<String> {
    let krate = match source_kind(file) {
        SourceKind::Std { krate, .. } | SourceKind::Dependency { krate, .. } => Some(krate),
        SourceKind::Program => program.crate_of_file(file),
        SourceKind::CRuntime => None,
    };
    krate
        .into_iter()
        .chain(module_path(file).into_iter().map(str::to_owned))
        .collect()
}

/// The path of a function of `file` known by its bare `name` (generics
/// elided): the qualified path the same function has where it is not
/// inlined, when the file has one function so named; else the crate and
/// module the file's path says, then the name.
fn qualify(name: &str, file: &str, program: &Program) -> Vec<String> {
    if let Some(path) = program.qualified_name(file, name) {
        return segments(path).into_iter().map(str::to_owned).collect();
    }
    let mut path = module_of(file, program);
    path.push(name.to_owned());
    path
}

/// The function a closure at `position` belongs to: the nearest frame
/// outward from the same source file that is not itself a closure, by
/// its last path segment, generics elided.
fn parent_function(frames: &[ResolvedFrame<'_>], position: usize, file: &str) -> Option<String> {
    frames[position + 1..]
        .iter()
        .filter(|frame| frame.file == Some(file))
        .filter_map(|frame| frame.function)
        .map(elide_generics)
        .find_map(|name| {
            let last = segments(&name).last().map(|s| s.to_string())?;
            (!is_closure_segment(&last)).then_some(last)
        })
}

/// A frame without a symbol: its module's file name and the offset in
/// it (`app+0x1a2b`), or its address.
pub(crate) fn address_label(address: u64, stacks: &CallStacks) -> String {
    let module = stacks
        .modules
        .iter()
        .find(|m| (m.start..m.end).contains(&address));
    // The offset in the module's file; none past u64 (a module map no
    // sound file has).
    let offset = module.and_then(|m| (address - m.start).checked_add(m.file_offset));
    match (module, offset) {
        (Some(module), Some(offset)) => {
            let path = stacks.string(module.path).unwrap_or("");
            let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
            let name = if name.is_empty() { "?" } else { name };
            format!("{name}+{offset:#x}")
        }
        _ => format!("{address:#x}"),
    }
}

/// The whole name of a frame: its function as the symbolizer gave it, or
/// its address label.
pub(crate) fn full_label(frame: &ResolvedFrame<'_>, stacks: &CallStacks) -> String {
    match frame.function {
        Some(function) => function.to_owned(),
        None => address_label(frame.address, stacks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memscope_export::Module;

    fn frame<'a>(function: &'a str, file: &'a str, line: u32) -> ResolvedFrame<'a> {
        ResolvedFrame {
            address: 0x10,
            function: Some(function),
            file: Some(file),
            line: Some(line),
            inlined: true,
        }
    }

    #[test]
    fn short_names_of_inlined_functions_are_qualified_by_their_source_file() {
        let registry = "/r/.cargo/registry/src/index.crates.io-1/jaq-json-1.1.0/src/read.rs";
        let frames = [
            frame("{closure#0}<R>", registry, 81),
            frame("{closure#1}", registry, 90),
            frame("parse<R, F>", registry, 70),
            frame("jaq::main", "/w/jaq/src/main.rs", 9),
        ];
        let program = Program::default();
        let stacks = CallStacks::default();
        let label = |i| short_label(&frames, i, &program, &stacks);
        assert_eq!(label(0), "jaq_json::read::parse::{closure}@81");
        assert_eq!(label(2), "jaq_json::read::parse");
        assert_eq!(label(3), "jaq::main");
    }

    #[test]
    fn qualified_names_lose_their_generics_and_closures_their_numbers() {
        let frames = [frame(
            "jaq_core::filter::run::{closure#2}<jaq_json::Val>",
            "/r/.cargo/registry/src/i/jaq-core-2.0.0/src/filter.rs",
            132,
        )];
        let label = short_label(&frames, 0, &Program::default(), &CallStacks::default());
        assert_eq!(label, "jaq_core::filter::run::{closure}@132");
        let std = [frame(
            "alloc::raw_vec::RawVecInner<A>::reserve::do_reserve_and_handle<A>",
            "/rustc/x/library/alloc/src/raw_vec/mod.rs",
            1,
        )];
        assert_eq!(
            short_label(&std, 0, &Program::default(), &CallStacks::default()),
            "alloc::raw_vec::RawVecInner::reserve::do_reserve_and_handle"
        );
        let short_std = [frame(
            "allocate",
            "/rustc/x/library/alloc/src/raw_vec/mod.rs",
            3,
        )];
        assert_eq!(
            short_label(&short_std, 0, &Program::default(), &CallStacks::default()),
            "alloc::raw_vec::allocate"
        );
    }

    #[test]
    fn frames_without_a_symbol_are_named_by_module_and_offset() {
        let mut stacks = CallStacks::default();
        let path = stacks.intern_string("/usr/bin/app");
        stacks.modules.push(Module {
            start: 0x5000,
            end: 0x9000,
            file_offset: 0x1000,
            path,
            build_id: Vec::new(),
        });
        assert_eq!(address_label(0x5010, &stacks), "app+0x1010");
        assert_eq!(address_label(0x10, &stacks), "0x10");
        let raw = ResolvedFrame {
            address: 0x5010,
            function: None,
            file: None,
            line: None,
            inlined: false,
        };
        assert_eq!(full_label(&raw, &stacks), "app+0x1010");
    }

    #[test]
    fn a_module_whose_offsets_pass_u64_names_its_frames_by_address() {
        let mut stacks = CallStacks::default();
        let path = stacks.intern_string("libhostile.so");
        stacks.modules.push(Module {
            start: 0x5000,
            end: 0x9000,
            file_offset: u64::MAX,
            path,
            build_id: Vec::new(),
        });
        assert_eq!(address_label(0x5010, &stacks), "0x5010");
    }
}
