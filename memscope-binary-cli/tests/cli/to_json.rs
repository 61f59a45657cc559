//! `to-json FILE [-o OUT]`: the same bytes as the library's JSON export of
//! the same state.

use memscope_export::{BinaryExporter, export_to_json_writer};
use memscope_tracker::MemoryTracker;

use crate::common::{EXPORTED, detailed, run, s};

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
    assert!(tracker.track_var(&buf, "buf"));
    let text = String::from("a line of text \"quoted\"\n");
    tracker.record_alloc_at(text.as_ptr() as usize, text.capacity(), 11);
    assert!(tracker.track_var(&text, "text"));
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
