//! Equal work: every contestant writes all the records and gets every one
//! of them back, names included where its content has them, through each
//! of its four operations. Small inputs, no timing.

use memscope_bench::contestants::{self, Op, io_floor::IoFloor};
use memscope_bench::data::{Content, Snapshot};
use memscope_bench::report;
use memscope_bench::sink::{FileSink, prefaulted};
use memscope_export::format::{FOOTER, RECORDS_OFFSET};

const RECORDS: usize = 250;

#[test]
fn every_contestant_round_trips_the_same_records() {
    let snapshot = Snapshot::generate(RECORDS);
    let dir = tempfile::tempdir().unwrap();
    let mut encoded = prefaulted(1 << 20);
    let mut scratch = prefaulted(1 << 20);
    let mut seen = Vec::new();
    for mut c in contestants::all(&snapshot) {
        let id = c.id();
        assert!(!seen.contains(&id), "{id} twice");
        seen.push(id);
        let expected = snapshot.expected(c.content());
        let digest = snapshot.digest(c.content());
        if c.content() == Content::Detailed {
            assert!(expected.iter().any(|m| m.var_name.is_some()), "{id}");
        }

        let path = dir.path().join(id);
        let mut sink = FileSink::create(&path).unwrap();
        c.export(sink.rewind().unwrap()).unwrap();
        sink.finish().unwrap();
        // A second export into the same sink replaces the first.
        c.export(sink.rewind().unwrap()).unwrap();
        sink.finish().unwrap();
        let file = std::fs::read(&path).unwrap();

        encoded.clear();
        let len = c.encode(&mut encoded);
        assert_eq!(len, file.len(), "{id}: encode and export differ in size");
        if id.starts_with("bitcode") {
            assert!(encoded.is_empty(), "bitcode encodes into its own buffer");
        } else {
            assert_eq!(encoded, file, "{id}: encode and export differ");
        }

        assert_eq!(c.decode_to_mirrors(&file), expected, "{id}");
        assert_eq!(c.decode(&file), digest, "{id}: decode");
        scratch.clear();
        assert_eq!(c.read(&path, &mut scratch).unwrap(), digest, "{id}: read");
    }
}

#[test]
fn derived_and_hand_written_write_our_record_segment() {
    let snapshot = Snapshot::generate(RECORDS);
    let encode = |id: String| {
        let mut c = contestants::all(&snapshot)
            .into_iter()
            .find(|c| c.id() == id)
            .unwrap();
        let mut out = Vec::new();
        c.encode(&mut out);
        out
    };
    for content in ["basic", "detailed"] {
        let file = encode(format!("memscope_{content}"));
        let records = &file[RECORDS_OFFSET..file.len() - FOOTER.fixed_size];
        assert_eq!(encode(format!("hand_{content}")), records, "{content}");
        assert_eq!(encode(format!("derived_{content}")), records, "{content}");
    }
}

#[test]
fn io_floor_writes_and_reads_the_same_bytes() {
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let floor = IoFloor::new("memscope_basic", bytes.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("floor");
    let mut sink = FileSink::create(&path).unwrap();
    floor.export(sink.rewind().unwrap()).unwrap();
    sink.finish().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let mut scratch = Vec::new();
    assert_eq!(floor.read(&path, &mut scratch).unwrap(), bytes.len());
    assert_eq!(scratch, bytes);
}

#[test]
fn the_report_refers_only_to_existing_rows() {
    let snapshot = Snapshot::generate(10);
    let mut ids: Vec<&str> = contestants::all(&snapshot).iter().map(|c| c.id()).collect();
    ids.extend(["io_floor_basic", "io_floor_detailed"]);
    for id in report::referenced_ids() {
        assert!(ids.contains(&id), "{id}");
    }
    assert_eq!(Op::ALL.len(), 4);
}
