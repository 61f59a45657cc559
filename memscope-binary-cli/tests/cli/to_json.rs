//! `to-json FILE [-o OUT]`: the same bytes as the library's JSON export of
//! the same state.

use memscope_export::{BinaryExporter, export_to_json_writer};
use memscope_tracker::MemoryTracker;

use crate::common::{EXPORTED, detailed, entries, run, s};

/// A tracker holding two real, named heap blocks and 200 unnamed ones.
struct Tracked {
    tracker: MemoryTracker,
    _buf: Vec<u8>,
    _text: String,
}

fn tracked() -> Tracked {
    let tracker = MemoryTracker::new();
    let buf = vec![7u8; 4096];
    tracker.record_alloc_at(buf.as_ptr() as usize, buf.capacity(), 10);
    assert!(tracker.track_var(&buf, "buf").is_named());
    let text = String::from("a line of text \"quoted\"\n");
    tracker.record_alloc_at(text.as_ptr() as usize, text.capacity(), 11);
    assert!(tracker.track_var(&text, "text").is_named());
    for i in 0..200 {
        tracker.record_alloc_at(0x1000 + i * 64, 48, 100 + i as u64);
    }
    Tracked {
        tracker,
        _buf: buf,
        _text: text,
    }
}

/// The library's JSON export of `tracker`, stamped like the binary files.
fn library_json(tracker: &MemoryTracker) -> String {
    let mut json = Vec::new();
    export_to_json_writer(tracker, &mut json, EXPORTED).unwrap();
    String::from_utf8(json).unwrap()
}

#[test]
fn to_json_prints_exactly_the_library_json_export() {
    let dir = tempfile::tempdir().unwrap();
    let t = tracked();
    let path = dir.path().join("state.memscope");
    let file = std::fs::File::create(&path).unwrap();
    BinaryExporter::new(detailed().compression_level(3))
        .export_to_writer(&t.tracker, file)
        .unwrap();

    let out = run(["to-json", s(&path)]);
    out.assert_ok();
    let expected = library_json(&t.tracker);
    assert!(expected.contains(r#""var_name":"text","type_name":"alloc::string::String""#));
    assert_eq!(out.stdout, expected);
}

#[test]
fn to_json_output_writes_the_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let t = tracked();
    let path = dir.path().join("state.memscope");
    let file = std::fs::File::create(&path).unwrap();
    BinaryExporter::new(detailed())
        .export_to_writer(&t.tracker, file)
        .unwrap();
    let json = dir.path().join("state.json");

    let out = run(["to-json", s(&path), "-o", s(&json)]);
    out.assert_ok();
    assert_eq!(out.stdout, "");
    assert_eq!(
        std::fs::read_to_string(&json).unwrap(),
        library_json(&t.tracker)
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["state.json", "state.memscope"],
        "no temporary file left"
    );
}

#[test]
fn to_json_of_a_damaged_file_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let t = tracked();
    let path = dir.path().join("state.memscope");
    let file = std::fs::File::create(&path).unwrap();
    BinaryExporter::new(detailed())
        .export_to_writer(&t.tracker, file)
        .unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[92] ^= 0x01; // the low byte of record 0's address
    std::fs::write(&path, bytes).unwrap();
    let json = dir.path().join("state.json");
    std::fs::write(&json, "the previous export").unwrap();

    run(["to-json", s(&path), "--output", s(&json)])
        .assert_one_error_line(&[s(&path), "checksum mismatch"]);
    assert_eq!(
        std::fs::read_to_string(&json).unwrap(),
        "the previous export"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn to_json_into_a_missing_directory_says_it_cannot_write_there() {
    let dir = tempfile::tempdir().unwrap();
    let t = tracked();
    let path = dir.path().join("state.memscope");
    let file = std::fs::File::create(&path).unwrap();
    BinaryExporter::new(detailed())
        .export_to_writer(&t.tracker, file)
        .unwrap();
    let json = dir.path().join("no/such/dir/state.json");

    run(["to-json", s(&path), "-o", s(&json)]).assert_one_error_line(&[
        "i/o error creating a temporary file beside",
        s(&json),
        "No such file or directory",
    ]);
}

/// A small binary file of `tracked()`, and the JSON it converts to.
fn converted(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let t = tracked();
    let path = dir.join("state.memscope");
    let file = std::fs::File::create(&path).unwrap();
    BinaryExporter::new(detailed())
        .export_to_writer(&t.tracker, file)
        .unwrap();
    (path, library_json(&t.tracker))
}

#[cfg(unix)]
#[test]
fn to_json_output_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let (path, expected) = converted(dir.path());
    let real = dir.path().join("real.json");
    std::fs::write(&real, "stale").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();

    run(["to-json", s(&path), "-o", s(&link)]).assert_ok();

    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), expected);
    assert_eq!(
        entries(dir.path()),
        ["link.json", "real.json", "state.memscope"]
    );
}

#[cfg(unix)]
#[test]
fn to_json_output_to_dev_null_writes_through_and_leaves_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = converted(dir.path());
    // Through a link in the temporary directory first, then the device.
    let link = dir.path().join("null.json");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    for out in [s(&link), "/dev/null"] {
        run(["to-json", s(&path), "-o", out]).assert_ok();
        let kind = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
        assert!(kind.is_char_device(), "{out}");
    }
    assert_eq!(entries(dir.path()), ["null.json", "state.memscope"]);
}

#[cfg(target_os = "linux")]
#[test]
fn to_json_output_to_a_fifo_streams_to_its_reader() {
    use std::os::unix::fs::FileTypeExt;
    use std::sync::mpsc;
    use std::time::Duration;

    let dir = tempfile::tempdir().unwrap();
    let (path, expected) = converted(dir.path());
    let fifo = dir.path().join("pipe.json");
    memscope_test_support::mkfifo(&fifo);
    let (sender, received) = mpsc::channel();
    let reader_path = fifo.clone();
    std::thread::spawn(move || {
        let _ = sender.send(std::fs::read_to_string(&reader_path));
    });

    run(["to-json", s(&path), "-o", s(&fifo)]).assert_ok();

    let got = received
        .recv_timeout(Duration::from_secs(60))
        .expect("the reader sees the end of the document")
        .unwrap();
    assert_eq!(got, expected);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(entries(dir.path()), ["pipe.json", "state.memscope"]);
}

#[test]
fn to_json_output_to_a_directory_is_refused_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = converted(dir.path());
    let taken = dir.path().join("taken");
    std::fs::create_dir(&taken).unwrap();

    run(["to-json", s(&path), "-o", s(&taken)])
        .assert_one_error_line(&[s(&taken), "it is a directory"]);
    assert_eq!(entries(&taken), Vec::<String>::new());
    assert_eq!(entries(dir.path()), ["state.memscope", "taken"]);
}
