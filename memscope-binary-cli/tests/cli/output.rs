//! Where `-o` writes when it names what is already open: `-o -` is
//! standard output, and `/dev/stdout` and `/dev/stderr` are written
//! through the descriptor the command was given, whatever it is open on:
//! a pipe gets the whole document, a file opened for appending
//! (`>> log.txt`) keeps what it had, a terminal shows it. Nothing is
//! created beside anything, and nothing is replaced.

#![cfg(target_os = "linux")]

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{entries, run_bytes, s, stacked};

/// The command with `args`, standard input closed.
fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_memscope-binary"));
    command.args(args).stdin(Stdio::null());
    command
}

/// What `to-json FILE` prints to standard output (no `-o`).
fn document(file: &Path) -> Vec<u8> {
    let (code, stdout, stderr) = run_bytes(["to-json", s(file)]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.starts_with(b"{"),
        "{}",
        String::from_utf8_lossy(&stdout)
    );
    stdout
}

#[test]
fn dash_and_dev_stdout_write_the_whole_document_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let file = stacked(dir.path(), "stacks.memscope");
    let expected = document(&file);
    for out in ["-", "/dev/stdout"] {
        let run = command(&["to-json", s(&file), "-o", out]).output().unwrap();
        assert_eq!(run.status.code(), Some(0), "{out}: {run:?}");
        assert_eq!(run.stdout, expected, "{out}");
        assert!(run.stderr.is_empty(), "{out}: {run:?}");
    }
    // Standard error, as named.
    let run = command(&["to-json", s(&file), "-o", "/dev/stderr"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert_eq!((run.stdout.as_slice(), run.stderr), (&b""[..], expected));
    // Every command that writes: the page and the profiles too.
    for command_name in ["report", "to-pprof", "to-parquet"] {
        let piped = command(&[command_name, s(&file)]).output().unwrap();
        let through = command(&[command_name, s(&file), "-o", "/dev/stdout"])
            .output()
            .unwrap();
        assert_eq!(
            through.status.code(),
            Some(0),
            "{command_name}: {through:?}"
        );
        assert_eq!(through.stdout.len(), piped.stdout.len(), "{command_name}");
        assert!(!through.stdout.is_empty(), "{command_name}");
    }
    assert_eq!(entries(dir.path()), ["stacks.memscope"]);
}

#[test]
fn dev_stdout_appended_to_a_log_keeps_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let file = stacked(dir.path(), "stacks.memscope");
    let expected = document(&file);
    let log = dir.path().join("log.txt");
    std::fs::write(&log, b"earlier\n").unwrap();
    // `memscope-binary to-json F -o /dev/stdout >> log.txt`, twice.
    for _ in 0..2 {
        let appending = OpenOptions::new().append(true).open(&log).unwrap();
        let status = command(&["to-json", s(&file), "-o", "/dev/stdout"])
            .stdout(appending)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let mut wanted = b"earlier\n".to_vec();
    wanted.extend_from_slice(&expected);
    wanted.extend_from_slice(&expected);
    assert_eq!(std::fs::read(&log).unwrap(), wanted);
    // `> out.json`: the shell truncated it; the document is what it holds.
    let out = dir.path().join("out.json");
    std::fs::write(
        &out,
        b"an older, longer file than the document will be: ".repeat(100),
    )
    .unwrap();
    let truncated = File::create(&out).unwrap();
    let status = command(&["to-json", s(&file), "-o", "/dev/stdout"])
        .stdout(truncated)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    assert_eq!(
        entries(dir.path()),
        ["log.txt", "out.json", "stacks.memscope"]
    );
}

/// A new pseudo-terminal: its controlling side and the terminal side.
fn openpty() -> (File, File) {
    use std::os::fd::FromRawFd;
    let (mut controller, mut terminal) = (-1, -1);
    // SAFETY: openpty writes the two descriptors it opens into the two
    // integers it is given and reads nothing else (the name, termios and
    // window size pointers may be null); it returns 0 on success.
    let made = unsafe {
        libc::openpty(
            &mut controller,
            &mut terminal,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(made, 0, "{}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened by openpty, succeeded, and
    // nothing else owns them: each File becomes their one owner.
    unsafe { (File::from_raw_fd(controller), File::from_raw_fd(terminal)) }
}

#[test]
fn dev_stdout_on_a_terminal_shows_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = stacked(dir.path(), "stacks.memscope");
    let expected = document(&file);
    let (mut controller, terminal) = openpty();
    let mut child = command(&["to-json", s(&file), "-o", "/dev/stdout"])
        .stdout(terminal.try_clone().unwrap())
        .spawn()
        .unwrap();
    // The only holders of the terminal side are the child and `terminal`:
    // once both are gone, reading the controlling side ends (EIO).
    let reading = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            match controller.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => shown.extend_from_slice(&buffer[..n]),
            }
        }
        shown
    });
    let status = child.wait().unwrap();
    drop(terminal);
    assert!(status.success());
    let shown = reading.join().unwrap();
    // The terminal turns each "\n" into "\r\n" (ONLCR).
    let shown = String::from_utf8(shown).unwrap().replace("\r\n", "\n");
    assert_eq!(shown.as_bytes(), expected);
    assert_eq!(entries(dir.path()), ["stacks.memscope"]);
}
