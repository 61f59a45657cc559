//! Exports to files and writers: the file appears complete or not at all,
//! and every failure is a typed error that says what and where.

use std::io::{self, Write};
use std::path::Path;

use memscope_binary::CodecError;
use memscope_export::{BinaryExportConfig, BinaryExporter, ExportError, TrackerBinaryExport};
use memscope_test_support::entries;
use memscope_tracker::MemoryTracker;

fn tracker_with(count: usize) -> MemoryTracker {
    let tracker = MemoryTracker::new();
    for i in 0..count {
        tracker.record_alloc_at(0x10_000 + i * 0x100, 32 + i, i as u64);
    }
    tracker
}

#[test]
fn export_writes_a_file_of_exactly_the_reported_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.bin");
    let tracker = tracker_with(1000);
    let config = BinaryExportConfig::new().history(false);
    let stats = tracker.export_to_binary_with_config(&path, config).unwrap();
    assert_eq!(stats.allocations_count, 1000);
    assert_eq!(stats.file_size, 24 + 60 + 8 + 24 * 1000 + 8);
    assert_eq!(std::fs::read(&path).unwrap().len(), stats.file_size);
    // With the run's history (version 2): still exactly what it says.
    let stats = tracker.export_to_binary(&path).unwrap();
    assert!(stats.file_size > 24 + 60 + 8 + 24 * 1000 + 8);
    assert_eq!(std::fs::read(&path).unwrap().len(), stats.file_size);
    assert_eq!(entries(dir.path()), ["out.bin"]);
}

#[test]
fn a_name_over_65535_bytes_fails_naming_field_and_record_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.bin");
    std::fs::write(&path, b"previous export").unwrap();

    let tracker = tracker_with(3);
    let value = vec![0u8; 16];
    tracker.record_alloc_at(value.as_ptr() as usize, 16, 99);
    assert!(tracker.track_var(&value, &"n".repeat(70_000)).is_named());

    let err = tracker
        .export_to_binary_with_config(&path, BinaryExportConfig::new().include_details(true))
        .unwrap_err();
    let ExportError::Record { source, .. } = &err else {
        panic!("expected a record error, got {err}");
    };
    assert!(
        matches!(source, CodecError::LengthOverflow { len: 70_000, .. }),
        "{err}"
    );
    assert_eq!(source.path().to_string(), "AllocationInfo.var_name");
    assert!(err.to_string().starts_with("allocation record "), "{err}");

    assert_eq!(std::fs::read(&path).unwrap(), b"previous export");
    assert_eq!(
        entries(dir.path()),
        ["out.bin"],
        "no temporary file is left"
    );
}

#[test]
fn a_missing_directory_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir");
    let err = tracker_with(1)
        .export_to_binary(missing.join("out.bin"))
        .unwrap_err();
    assert!(
        matches!(&err, ExportError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound),
        "{err}"
    );
    assert!(err.to_string().contains("no/such/dir"), "{err}");
}

#[test]
fn a_path_that_is_a_directory_is_an_error_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    let err = tracker_with(5).export_to_binary(&target).unwrap_err();
    assert!(
        matches!(
            err,
            ExportError::NotWritable {
                found: "a directory",
                ..
            }
        ),
        "{err}"
    );
    assert!(target.is_dir());
    assert_eq!(entries(dir.path()), ["taken"]);
}

#[cfg(unix)]
#[test]
fn exporting_through_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.bin");
    std::fs::write(&real, b"stale").unwrap();
    let link = dir.path().join("link.bin");
    std::os::unix::fs::symlink("real.bin", &link).unwrap();

    let stats = tracker_with(5).export_to_binary(&link).unwrap();

    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        std::fs::metadata(&real).unwrap().len() as usize,
        stats.file_size
    );
    assert_eq!(memscope_export::read_file(&link).unwrap().records.len(), 5);
    assert_eq!(entries(dir.path()), ["link.bin", "real.bin"]);
}

#[test]
fn compression_above_level_22_is_refused_not_clamped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.bin");
    let err = tracker_with(1)
        .export_to_binary_with_config(&path, BinaryExportConfig::new().compression_level(23))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid export setting `compression_level`: expected 0 (none) to 22, found 23"
    );
    assert!(!path.exists());
    assert!(entries(dir.path()).is_empty());
}

/// A writer that accepts `budget` bytes and then fails.
struct FailAfter {
    budget: usize,
    kind: io::ErrorKind,
}

impl Write for FailAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.budget == 0 {
            return Err(self.kind.into());
        }
        let n = buf.len().min(self.budget);
        self.budget -= n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_writer_failing_at_any_byte_fails_the_export_in_every_variant() {
    let tracker = tracker_with(4);
    let value = String::from("named");
    tracker.record_alloc_at(value.as_ptr() as usize, value.capacity(), 1);
    tracker.track_var(&value, "value");
    // Every layout of the records, without the run's history; the history
    // (written the same way in every layout) once, compressed and
    // checksummed. Uncompressed, each export's mark on the timeline made
    // the file grow to 13 KB, and the test 15 s.
    let mut configs = Vec::new();
    for details in [false, true] {
        for level in [0, 1] {
            for checksum in [false, true] {
                configs.push(
                    BinaryExportConfig::new()
                        .include_details(details)
                        .compression_level(level)
                        .checksum(checksum)
                        .history(false),
                );
            }
        }
    }
    configs.push(BinaryExportConfig::new().compression_level(1).history(true));
    for config in configs {
        let exporter = BinaryExporter::new(config.clone());
        let full = exporter
            .export_to_writer(&tracker, Vec::new())
            .unwrap()
            .file_size;
        for budget in 0..full {
            let writer = FailAfter {
                budget,
                kind: io::ErrorKind::StorageFull,
            };
            // Each export marks itself on the timeline, so a later one
            // with the history may differ in size: one that fits the
            // budget may succeed.
            let err = match exporter.export_to_writer(&tracker, writer) {
                Ok(report) if report.file_size <= budget => continue,
                Ok(report) => panic!(
                    "{} bytes written past a budget of {budget} ({config:?})",
                    report.file_size
                ),
                Err(err) => err,
            };
            let io_kind = match &err {
                ExportError::Io { source, .. } => source.kind(),
                ExportError::Codec(CodecError::Io { source, .. }) => source.kind(),
                ExportError::Record {
                    source: CodecError::Io { source, .. },
                    ..
                } => source.kind(),
                other => panic!("unexpected error at byte {budget} ({config:?}): {other}"),
            };
            assert_eq!(
                io_kind,
                io::ErrorKind::StorageFull,
                "at byte {budget} ({config:?})"
            );
        }
    }
}

#[test]
fn exporting_to_dev_full_reports_storage_full() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not a Linux machine
    };
    let err = BinaryExporter::default()
        .export_to_writer(&tracker_with(10_000), full)
        .unwrap_err();
    assert!(err.to_string().contains("No space left on device"), "{err}");
}

#[test]
fn a_read_only_directory_is_an_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let mut target = locked.join("out.bin");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Permission bits do not stop a privileged user (CI may run as
        // root); /proc refuses new files to everyone.
        if std::fs::File::create(locked.join("probe")).is_ok() {
            target = Path::new("/proc/memscope-binary-export-test.bin").to_path_buf();
        }
    }
    let err = tracker_with(3).export_to_binary(&target).unwrap_err();
    assert!(matches!(err, ExportError::Io { .. }), "{err}");
    assert!(!target.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn every_zstd_level_from_1_to_22_exports_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let tracker = tracker_with(50);
    for level in 1..=22 {
        let path = dir.path().join(format!("level-{level}.bin"));
        let config = BinaryExportConfig::new()
            .include_details(true)
            .compression_level(level);
        tracker.export_to_binary_with_config(&path, config).unwrap();
        let file = memscope_export::read_file(&path).unwrap();
        assert_eq!(file.records.len(), 50, "level {level}");
    }
}

#[test]
fn a_tracker_that_never_saw_an_allocation_is_an_error_naming_the_allocator_line_and_writes_nothing()
{
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.memscope");
    let err = MemoryTracker::new().export_to_binary(&path).unwrap_err();
    assert!(matches!(err, ExportError::NothingTracked), "{err}");
    assert!(err.to_string().contains("#[global_allocator]"), "{err}");
    assert!(entries(dir.path()).is_empty(), "no file, no temporary file");

    // Opting in writes the empty file.
    let config = BinaryExportConfig::new().allow_empty(true);
    let stats = MemoryTracker::new()
        .export_to_binary_with_config(&path, config)
        .unwrap();
    assert_eq!(stats.allocations_count, 0);
    assert_eq!(entries(dir.path()), ["empty.memscope"]);
}

#[cfg(target_os = "linux")]
#[test]
fn export_to_binary_writes_through_a_descriptor_path_to_a_pipe_and_an_appended_file() {
    use std::io::Read;
    use std::os::fd::AsRawFd;

    let tracker = tracker_with(3);
    // A pipe, read on another thread (an export may outgrow its buffer).
    let (mut reader, writer) = io::pipe().unwrap();
    let reading = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map(|_| bytes)
    });
    let path = format!("/dev/fd/{}", writer.as_raw_fd());
    let stats = tracker.export_to_binary(&path).unwrap();
    drop(writer);
    let bytes = reading.join().unwrap().unwrap();
    assert_eq!(bytes.len(), stats.file_size);
    let mut read = memscope_export::BinaryReader::from_bytes(&bytes).unwrap();
    assert_eq!(read.records().count(), 3);

    // A file opened for appending keeps what it had, the export after it.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.bin");
    std::fs::write(&log, b"earlier").unwrap();
    let appending = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let path = format!("/proc/self/fd/{}", appending.as_raw_fd());
    let stats = tracker.export_to_binary(&path).unwrap();
    let written = std::fs::read(&log).unwrap();
    assert_eq!(&written[..7], b"earlier");
    assert_eq!(written.len() - 7, stats.file_size);
    let mut read = memscope_export::BinaryReader::from_bytes(&written[7..]).unwrap();
    assert_eq!(read.records().count(), 3);
    assert_eq!(entries(dir.path()), ["log.bin"]);
}
