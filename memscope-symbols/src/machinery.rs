//! Which frames are the allocation machinery: the tracking allocator, the
//! global-allocator shims and the `alloc` entry points. Frames in them say
//! nothing about which code allocated. The exporter leaves the leading
//! ones out of the stacks it writes, and every view of
//! `memscope-analysis` drops any that remain (a file symbolized
//! elsewhere keeps them all).

/// Whether `function` belongs to the allocation machinery.
///
/// ```
/// use memscope_symbols::is_allocator_function;
///
/// assert!(is_allocator_function("__rust_alloc"));
/// assert!(is_allocator_function("__rustc::__rust_realloc"));
/// assert!(is_allocator_function("alloc::alloc::exchange_malloc"));
/// assert!(!is_allocator_function("alloc::vec::from_elem"));
/// ```
pub fn is_allocator_function(function: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "memscope_tracker::",
        "<memscope_tracker::",
        "__rust_alloc",
        "__rust_realloc",
        "__rg_",
        "__rdl_",
        // The allocator shims as v0 symbols demangle (`__rustc::__rust_alloc`).
        "__rustc::",
        "alloc::alloc::",
        "std::alloc::",
        "<std::alloc::System",
    ];
    PREFIXES.iter().any(|prefix| function.starts_with(prefix))
}

/// Whether `file` is a source file of the allocation machinery: the
/// tracker's (whose allocator hook inlines several of them) and the
/// standard library's `alloc` entry points. Debug info names inlined
/// functions without their path (`alloc`, `realloc`), so the file is what
/// tells them apart.
///
/// ```
/// use memscope_symbols::is_allocator_file;
///
/// assert!(is_allocator_file("/rustc/0123abcd/library/alloc/src/alloc.rs"));
/// assert!(is_allocator_file("/work/memscope-tracker/src/allocator.rs"));
/// assert!(!is_allocator_file("/work/my-memscope-tracker/src/main.rs"));
/// ```
pub fn is_allocator_file(file: &str) -> bool {
    // Every source file of the tracker is its own machinery (the allocator
    // hook inlines code of several of them): a path with the components
    // `memscope-tracker` (or, from a registry, `memscope-tracker-<version>`)
    // and then `src`, either separator.
    const SUFFIXES: [&str; 2] = ["library/alloc/src/alloc.rs", "library/std/src/alloc.rs"];
    let mut components = file.split(['/', '\\']);
    let mut previous = components.next();
    let tracker = components.any(|component| {
        let parent = previous.replace(component).unwrap_or("");
        let versioned = parent
            .strip_prefix("memscope-tracker-")
            .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()));
        (parent == "memscope-tracker" || versioned) && component == "src"
    });
    tracker || SUFFIXES.iter().any(|suffix| file.ends_with(suffix))
}

/// Whether a frame named `function` in `file` (either may be unknown) is
/// the allocation machinery, by either.
pub fn is_allocation_machinery(function: Option<&str>, file: Option<&str>) -> bool {
    function.is_some_and(is_allocator_function) || file.is_some_and(is_allocator_file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allocation_machinery_is_recognised_by_name_or_file() {
        for name in [
            "memscope_tracker::tracker::MemoryTracker::record_alloc_captured",
            "<memscope_tracker::allocator::TrackingAllocator as core::alloc::global::GlobalAlloc>::alloc",
            "__rust_alloc",
            "__rust_realloc",
            "__rustc::__rust_realloc",
            "alloc::alloc::exchange_malloc",
        ] {
            assert!(is_allocator_function(name), "{name}");
        }
        for name in [
            "alloc::vec::from_elem",
            "my_app::load",
            "<alloc::raw_vec::RawVecInner>::grow_one",
        ] {
            assert!(!is_allocator_function(name), "{name}");
        }
        assert!(is_allocator_file(
            "/rustc/0123abcd/library/alloc/src/alloc.rs"
        ));
        assert!(is_allocator_file("/work/memscope-tracker/src/fork.rs"));
        assert!(is_allocator_file(
            "/home/me/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/memscope-tracker-0.1.0/src/allocator.rs"
        ));
        assert!(is_allocator_file(
            r"C:\build\memscope-tracker\src\tracker.rs"
        ));
        assert!(!is_allocator_file("/work/my-memscope-tracker/src/main.rs"));
        assert!(!is_allocator_file("/work/memscope-tracker-app/src/main.rs"));
        assert!(!is_allocator_file(
            "/rustc/0123abcd/library/alloc/src/raw_vec.rs"
        ));
        assert!(is_allocation_machinery(
            None,
            Some("/x/memscope-tracker/src/a.rs")
        ));
        assert!(!is_allocation_machinery(None, None));
    }
}
