//! Where a source file comes from, read off its path: the standard
//! library (`/rustc/<commit>/library/...`), a dependency (a registry, a
//! git checkout, a vendored directory), the C runtime, or the program.
//! And how each is shown: short, relative paths instead of a build
//! machine's absolute ones.

/// What a source path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// The standard library or a crate it is built from (`hashbrown`,
    /// `std_detect`): `/rustc/<commit>/library/<crate>/...`,
    /// `/rust/deps/<crate>-<version>/...`, or a local `rust-src` copy.
    Std {
        /// The path from the library's crate on (`alloc/src/vec/mod.rs`).
        shown: String,
        /// The crate (`alloc`, `hashbrown`).
        krate: String,
    },
    /// A dependency: a crate from a registry, a git checkout or a
    /// `vendor/` directory.
    Dependency {
        /// The path from the crate's directory on
        /// (`serde_json-1.0.1/src/de.rs`).
        shown: String,
        /// The crate's name (`serde_json`: dashes as underscores).
        krate: String,
    },
    /// The C library and its start-up code (glibc's `../sysdeps/...`,
    /// `./csu/...`).
    CRuntime,
    /// Anything else: the program's own sources.
    Program,
}

/// What `file` is.
///
/// ```
/// use memscope_analysis::frames::{SourceKind, source_kind};
///
/// let std = source_kind("/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/alloc/src/vec/mod.rs");
/// assert_eq!(std, SourceKind::Std { shown: "alloc/src/vec/mod.rs".into(), krate: "alloc".into() });
/// let dep = source_kind("/home/me/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/serde_json-1.0.1/src/de.rs");
/// assert_eq!(dep, SourceKind::Dependency { shown: "serde_json-1.0.1/src/de.rs".into(), krate: "serde_json".into() });
/// assert_eq!(source_kind("/home/me/app/src/main.rs"), SourceKind::Program);
/// ```
pub fn source_kind(file: &str) -> SourceKind {
    let file_slashed;
    let file = if file.contains('\\') {
        file_slashed = file.replace('\\', "/");
        file_slashed.as_str()
    } else {
        file
    };
    if let Some(kind) = std_source(file) {
        return kind;
    }
    if let Some(kind) = dependency_source(file) {
        return kind;
    }
    if file.starts_with("../sysdeps/")
        || file.starts_with("./csu/")
        || file.starts_with("../csu/")
        || file.starts_with("./nptl/")
        || file.starts_with("../nptl/")
    {
        return SourceKind::CRuntime;
    }
    SourceKind::Program
}

/// The standard library's paths.
fn std_source(file: &str) -> Option<SourceKind> {
    let std = |rest: &str| {
        let krate = rest.split('/').next().unwrap_or(rest);
        Some(SourceKind::Std {
            shown: rest.to_owned(),
            krate: crate_of_dir(krate),
        })
    };
    if let Some(rest) = file.strip_prefix("/rustc/") {
        // `/rustc/<commit>/library/<crate>/...`.
        let rest = rest.split_once('/').map_or(rest, |(_, rest)| rest);
        return std(rest.strip_prefix("library/").unwrap_or(rest));
    }
    if let Some(rest) = file.strip_prefix("/rust/deps/") {
        return std(rest);
    }
    if let Some((_, rest)) = file.split_once("/lib/rustlib/src/rust/library/") {
        return std(rest);
    }
    None
}

/// A dependency's paths: `.../registry/src/<index>/<crate>-<version>/...`,
/// `.../git/checkouts/<name>-<hash>/<rev>/...`, `.../vendor/<crate>/...`.
fn dependency_source(file: &str) -> Option<SourceKind> {
    let dependency = |shown: &str, dir: &str| {
        Some(SourceKind::Dependency {
            shown: shown.to_owned(),
            krate: crate_of_dir(dir),
        })
    };
    if let Some((_, rest)) = file.split_once("/registry/src/") {
        // Past the index's directory.
        let (_, in_index) = rest.split_once('/')?;
        let dir = in_index.split('/').next()?;
        return dependency(in_index, dir);
    }
    if let Some((_, rest)) = file.split_once("/git/checkouts/") {
        // `<name>-<hash>/<rev>/<path in the repository>`: a crate of the
        // repository is the directory holding its `src`.
        let mut parts = rest.splitn(3, '/');
        let checkout = parts.next()?;
        let _rev = parts.next()?;
        let inside = parts.next()?;
        let name = checkout.rsplit_once('-').map_or(checkout, |(name, _)| name);
        let dir = match inside.split_once("/src/") {
            Some((dir, _)) => dir.rsplit('/').next().unwrap_or(dir),
            None => name,
        };
        return dependency(&format!("{name}/{inside}"), dir);
    }
    if let Some((_, rest)) = file.split_once("/vendor/") {
        let dir = rest.split('/').next()?;
        return dependency(rest, dir);
    }
    None
}

/// The crate named by a directory: `serde_json-1.0.1` is `serde_json`,
/// `jaq-json` is `jaq_json` (a crate's name takes `-` as `_`).
///
/// ```
/// use memscope_analysis::frames::crate_of_dir;
///
/// assert_eq!(crate_of_dir("serde_json-1.0.1"), "serde_json");
/// assert_eq!(crate_of_dir("jaq-json-1.1.0-beta.2"), "jaq_json");
/// assert_eq!(crate_of_dir("hashbrown"), "hashbrown");
/// assert_eq!(crate_of_dir("md-5"), "md_5");
/// ```
pub fn crate_of_dir(dir: &str) -> String {
    // The version: from the first `-` followed by digits and a dot.
    let name = dir
        .match_indices('-')
        .find(|&(at, _)| {
            let rest = &dir[at + 1..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0 && rest[digits..].starts_with('.')
        })
        .map_or(dir, |(at, _)| &dir[..at]);
    name.replace('-', "_")
}

/// `file` as shown: the standard library's from its crate on
/// (`alloc/src/vec/mod.rs`), a dependency's from its directory on
/// (`serde_json-1.0.1/src/de.rs`), the program's relative to `root` (the
/// tracked program's workspace) when it lies under it; anything else as
/// it is.
///
/// ```
/// use memscope_analysis::frames::shown_path;
///
/// let root = Some("/home/me/app");
/// assert_eq!(shown_path("/home/me/app/src/main.rs", root), "src/main.rs");
/// assert_eq!(shown_path("/rustc/abc/library/core/src/iter/mod.rs", root), "core/src/iter/mod.rs");
/// assert_eq!(shown_path("/elsewhere/x.rs", root), "/elsewhere/x.rs");
/// ```
pub fn shown_path(file: &str, root: Option<&str>) -> String {
    match source_kind(file) {
        SourceKind::Std { shown, .. } | SourceKind::Dependency { shown, .. } => shown,
        SourceKind::CRuntime => file.trim_start_matches("./").to_owned(),
        SourceKind::Program => match root.and_then(|root| relative_to(file, root)) {
            Some(relative) => relative.to_owned(),
            None => file.to_owned(),
        },
    }
}

/// `file` below `root`, without the separator; `None` when it is not
/// below.
fn relative_to<'a>(file: &'a str, root: &str) -> Option<&'a str> {
    let root = root.trim_end_matches(['/', '\\']);
    let rest = file.strip_prefix(root)?;
    rest.strip_prefix(['/', '\\'])
        .filter(|rest| !rest.is_empty())
}

/// The directory of a crate whose source `file` is: the directory that
/// holds its `src`, `examples`, `tests` or `benches`. `None` when the
/// path has none of them.
pub(crate) fn crate_dir(file: &str) -> Option<&str> {
    const KNOWN: [&str; 4] = ["/src/", "/examples/", "/tests/", "/benches/"];
    KNOWN
        .iter()
        .filter_map(|dir| file.rfind(dir))
        .max()
        .map(|at| &file[..at])
}

/// The module path of a source file inside its crate: `src/read.rs` is
/// `read`, `src/read/mod.rs` and `src/read.rs` both `read`, `src/lib.rs`
/// and `src/main.rs` the crate's root (empty), an example or a binary
/// target its own root.
pub(crate) fn module_path(file: &str) -> Vec<&str> {
    let (inside, target) = inside_crate(file);
    let inside = inside.strip_suffix(".rs").unwrap_or(inside);
    let mut parts: Vec<&str> = inside.split('/').filter(|p| !p.is_empty()).collect();
    if matches!(parts.last(), Some(&("mod" | "lib" | "main"))) {
        parts.pop();
    }
    if target && !parts.is_empty() {
        // The target's name is its crate's, not a module.
        parts.remove(0);
    }
    parts
}

/// The crate of a file of a target that is a crate of its own: an
/// example, an integration test, a bench or a binary in `src/bin`, named
/// by its file or directory (`examples/demo.rs` and
/// `examples/demo/main.rs` are both `demo`), `-` as `_`. `None` for any
/// other file.
pub(crate) fn target_crate(file: &str) -> Option<String> {
    let (inside, target) = inside_crate(file);
    if !target {
        return None;
    }
    let name = inside.split('/').find(|p| !p.is_empty())?;
    let name = name.strip_suffix(".rs").unwrap_or(name);
    Some(name.replace('-', "_"))
}

/// `file`'s path inside its crate's source directory (`src`, `examples`,
/// `tests` or `benches`, `src/bin` too), and whether that directory holds
/// targets that are crates of their own (all but `src`).
fn inside_crate(file: &str) -> (&str, bool) {
    let Some((at, dir)) = ["/src/", "/examples/", "/tests/", "/benches/"]
        .iter()
        .filter_map(|dir| file.rfind(dir).map(|at| (at, *dir)))
        .max()
    else {
        return (file, false);
    };
    let inside = &file[at + dir.len()..];
    match (dir, inside.strip_prefix("bin/")) {
        ("/src/", Some(in_bin)) => (in_bin, true),
        ("/src/", None) => (inside, false),
        _ => (inside, true),
    }
}

/// The longest directory that holds every one of `dirs` (crate
/// directories): the workspace root of the program. `None` for none.
pub(crate) fn common_root<'a>(dirs: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut root: Option<Vec<&str>> = None;
    for dir in dirs {
        let parts: Vec<&str> = dir.split('/').collect();
        root = Some(match root {
            None => parts,
            Some(common) => common
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    let root = root?.join("/");
    (!root.is_empty()).then_some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_library_is_known_by_every_path_rustc_records() {
        for (file, shown, krate) in [
            ("/rustc/abc/library/std/src/rt.rs", "std/src/rt.rs", "std"),
            (
                "/rust/deps/hashbrown-0.16.1/src/raw/mod.rs",
                "hashbrown-0.16.1/src/raw/mod.rs",
                "hashbrown",
            ),
            (
                "/home/me/.rustup/toolchains/stable/lib/rustlib/src/rust/library/core/src/ops/function.rs",
                "core/src/ops/function.rs",
                "core",
            ),
        ] {
            assert_eq!(
                source_kind(file),
                SourceKind::Std {
                    shown: shown.into(),
                    krate: krate.into()
                },
                "{file}"
            );
        }
    }

    #[test]
    fn dependencies_come_from_registries_git_checkouts_and_vendor_directories() {
        let dep = |shown: &str, krate: &str| SourceKind::Dependency {
            shown: shown.into(),
            krate: krate.into(),
        };
        assert_eq!(
            source_kind(
                "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/indexmap-2.7.0/src/map/core.rs"
            ),
            dep("indexmap-2.7.0/src/map/core.rs", "indexmap")
        );
        assert_eq!(
            source_kind("/root/.cargo/git/checkouts/jaq-0123abcd/4f5e6d7/jaq-json/src/read.rs"),
            dep("jaq/jaq-json/src/read.rs", "jaq_json")
        );
        assert_eq!(
            source_kind("/build/app/vendor/bytes/src/bytes.rs"),
            dep("bytes/src/bytes.rs", "bytes")
        );
        assert_eq!(
            source_kind(r"C:\Users\me\.cargo\registry\src\index.crates.io-1\serde-1.0.0\src\de.rs"),
            dep("serde-1.0.0/src/de.rs", "serde")
        );
    }

    #[test]
    fn the_c_runtime_and_the_program_are_the_rest() {
        assert_eq!(
            source_kind("../sysdeps/nptl/libc_start_call_main.h"),
            SourceKind::CRuntime
        );
        assert_eq!(source_kind("src/main.rs"), SourceKind::Program);
        assert_eq!(
            source_kind("/home/me/app/src/rustc/mod.rs"),
            SourceKind::Program
        );
    }

    #[test]
    fn crate_directories_modules_and_the_root_they_share() {
        assert_eq!(
            crate_dir("/w/app/jaq-json/src/read.rs"),
            Some("/w/app/jaq-json")
        );
        assert_eq!(crate_dir("/w/app/examples/demo.rs"), Some("/w/app"));
        assert_eq!(crate_dir("x.rs"), None);
        assert_eq!(module_path("/w/app/src/read/mod.rs"), ["read"]);
        assert_eq!(module_path("/w/app/src/a/b.rs"), ["a", "b"]);
        assert!(module_path("/w/app/src/main.rs").is_empty());
        assert!(module_path("/w/app/src/bin/tool.rs").is_empty());
        assert!(module_path("/w/app/examples/demo.rs").is_empty());
        assert!(module_path("/w/app/examples/demo/main.rs").is_empty());
        assert_eq!(module_path("/w/app/src/bin/tool/args.rs"), ["args"]);
        assert_eq!(module_path("/w/app/tests/it/common/mod.rs"), ["common"]);
        assert_eq!(
            target_crate("/w/app/examples/demo-app.rs").as_deref(),
            Some("demo_app")
        );
        assert_eq!(
            target_crate("/w/app/src/bin/tool/args.rs").as_deref(),
            Some("tool")
        );
        assert_eq!(target_crate("/w/app/src/read.rs"), None);
        assert_eq!(
            common_root(["/w/app", "/w/app/jaq-json", "/w/app/jaq-core"]).as_deref(),
            Some("/w/app")
        );
        assert_eq!(common_root([]), None);
        assert_eq!(shown_path("/w/app/src/a.rs", Some("/w/app/")), "src/a.rs");
    }
}
