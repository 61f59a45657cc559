//! What every test needs: files written with the library, and a way to run
//! the command and look at what it did.

use std::path::{Path, PathBuf};

use memscope_export::{BinaryExportConfig, CallStacks};
pub use memscope_test_support::{
    EXPORTED, MAIN, detailed, entries, index_add, many, placed, record, stacks_of,
};
use memscope_tracker::AllocationInfo;

/// Writes `records` to `dir/name` with `config` and stats that agree with
/// them; returns the path.
pub fn write(
    dir: &Path,
    name: &str,
    config: BinaryExportConfig,
    records: &[AllocationInfo],
) -> PathBuf {
    memscope_test_support::write_records(dir, name, config, records)
}

/// Writes `records`, record `i` under stack `ids[i]` (a stack's number,
/// 0 for none) of `stacks` (a version-2 file), to `dir/name` with
/// `config`; returns the path.
pub fn write_with_stacks(
    dir: &Path,
    name: &str,
    config: BinaryExportConfig,
    records: &[AllocationInfo],
    stacks: &CallStacks,
    ids: &[u32],
) -> PathBuf {
    let records = placed(records, ids, &[]);
    memscope_test_support::write_file(dir, name, config, &records, Some(stacks), None)
}

/// Six records of 1676 bytes from three call stacks, detailed, with a
/// checksum ([`memscope_test_support::six_records`], without threads).
pub fn stacked(dir: &Path, name: &str) -> PathBuf {
    stacked_with(
        dir,
        name,
        &memscope_test_support::three_stacks(),
        [1, 1, 2, 2, 3, 0],
    )
}

/// The six records of [`stacked`] with `stacks`, record `i` allocated
/// under stack number `ids[i]`.
pub fn stacked_with(dir: &Path, name: &str, stacks: &CallStacks, ids: [u32; 6]) -> PathBuf {
    let records = memscope_test_support::six_allocations();
    write_with_stacks(dir, name, detailed(), &records, stacks, &ids)
}

/// A second export of [`stacked`]'s program: the same stacks stored in
/// another order (other ids) at other addresses, stack 3 gone, and more
/// records under what was stack 1.
pub fn later(dir: &Path) -> PathBuf {
    let stacks = stacks_of(&[
        &[(Some("app::load"), Some("src/load.rs"), 7, false), MAIN],
        &index_add(),
    ]);
    stacked_with(dir, "later.memscope", &stacks, [2, 2, 1, 1, 2, 0])
}

/// What a run of the command did.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output, as text.
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
}

/// Runs `memscope-binary` with `args`.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let (code, stdout, stderr) = run_bytes(args);
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr,
    }
}

/// Runs `memscope-binary` with `args`; returns the exit code, standard
/// output as bytes (a converter's binary output), and standard error.
pub fn run_bytes<I, S>(args: I) -> (i32, Vec<u8>, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = assert_cmd::cargo::cargo_bin_cmd!("memscope-binary")
        .args(args)
        .output()
        .unwrap();
    let code = output
        .status
        .code()
        .expect("exited, not killed by a signal");
    (
        code,
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Runs `memscope-binary` with `args` with its address space limited to
/// `limit_kib` KiB (`ulimit -v`, which is `setrlimit(RLIMIT_AS)` in the
/// shell that then becomes the command): an allocation past it fails
/// instead of being served.
#[cfg(unix)]
pub fn run_limited(limit_kib: u32, args: &[&str]) -> Run {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {limit_kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_memscope-binary"))
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

impl Run {
    /// Asserts a success that printed nothing on standard error.
    pub fn assert_ok(&self) -> &Self {
        assert_eq!((self.code, self.stderr.as_str()), (0, ""), "{self:#?}");
        self
    }

    /// Asserts exit code 1 and exactly one line on standard error, starting
    /// with `error: ` and containing every one of `needles`.
    pub fn assert_one_error_line(&self, needles: &[&str]) -> &Self {
        assert_eq!(self.code, 1, "{self:#?}");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{self:#?}");
        assert!(lines[0].starts_with("error: "), "{self:#?}");
        for needle in needles {
            assert!(
                lines[0].contains(needle),
                "{needle:?} not in {:?}",
                lines[0]
            );
        }
        self
    }

    /// The line of standard output that starts with `prefix`.
    pub fn line(&self, prefix: &str) -> &str {
        self.stdout
            .lines()
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting with {prefix:?} in\n{}", self.stdout))
    }

    /// The words of the line that starts with `prefix`.
    pub fn words(&self, prefix: &str) -> Vec<&str> {
        self.line(prefix).split_whitespace().collect()
    }
}

/// A path as a command-line argument (temporary directories have UTF-8
/// paths).
pub fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The example `name` of memscope-binary-cli, as `cargo test` built it (a
/// run of the `cli` test alone builds no example: then it is built here).
pub fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let profile = deps.parent().and_then(Path::parent).unwrap();
    let example = profile
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !example.exists() {
        let built = std::process::Command::new(env!("CARGO"))
            .args(["build", "-p", "memscope-binary-cli", "--example", name])
            .status()
            .unwrap();
        assert!(built.success());
    }
    example
}
