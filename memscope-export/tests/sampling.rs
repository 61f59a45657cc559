//! Sampled files (FORMAT.md, "`SMPL`"): a tracker's samples are written
//! with the mean each was taken at, read back with their weights, and
//! refused by a reader that does not know sampling, rather than read as
//! totals.

use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, ExportError, FileContents, FormatError,
    PlacedRecord, convert_to_json,
};
use memscope_tracker::{AllocationInfo, MemoryStats, MemoryTracker, sample_weight};

const MEAN: u64 = 512 << 10;

fn sampled_tracker() -> MemoryTracker {
    let tracker = MemoryTracker::new();
    tracker.record_sample(0x1000, 64, 7, &[0x5555_0000_1234], MEAN);
    tracker.record_sample(0x2000, 1 << 20, 8, &[0x5555_0000_5678], MEAN);
    tracker.record_sample(0x3000, 4096, 9, &[0x5555_0000_1234], 16 << 10);
    tracker
}

fn export(tracker: &MemoryTracker, config: BinaryExportConfig) -> Vec<u8> {
    let mut file = Vec::new();
    BinaryExporter::new(config.checksum(false))
        .export_to_writer(tracker, &mut file)
        .unwrap();
    file
}

#[test]
fn each_record_keeps_the_mean_it_was_sampled_at_and_weighs_accordingly() {
    for level in [0, 3] {
        let file = export(
            &sampled_tracker(),
            BinaryExportConfig::new().compression_level(level),
        );
        let mut reader = BinaryReader::from_bytes(&file).unwrap();
        assert_eq!(reader.header().version, 2);
        assert!(reader.sample_mean().is_some());
        // The stats count the samples.
        assert_eq!(reader.stats().active_allocations, 3);
        let mut estimate = 0.0;
        let mut means = Vec::new();
        for record in reader.records() {
            let record = record.unwrap();
            let size = record.allocation.size as u64;
            let mean = record.sample_mean.unwrap();
            assert_eq!(record.weight(), sample_weight(size, mean));
            estimate += size as f64 * record.weight();
            means.push((size, mean));
        }
        means.sort_unstable();
        assert_eq!(means, [(64, MEAN), (4096, 16 << 10), (1 << 20, MEAN)]);
        let expected = 64.0 * sample_weight(64, MEAN)
            + 4096.0 * sample_weight(4096, 16 << 10)
            + (1 << 20) as f64 * sample_weight(1 << 20, MEAN);
        assert!((estimate - expected).abs() < 1e-6, "level {level}");
    }
}

#[test]
fn a_reader_that_does_not_know_sampling_refuses_the_file() {
    let mut file = export(&sampled_tracker(), BinaryExportConfig::new());
    // A reader without SMPL sees an unknown critical tag: simulated by
    // renaming the segment to another critical tag it does not know.
    let at = file.windows(4).position(|w| w == b"SMPL").unwrap();
    file[at..at + 4].copy_from_slice(b"SMPX");
    match BinaryReader::from_bytes(&file) {
        Err(error @ FormatError::UnknownCriticalSegment { offset, .. }) => {
            assert_eq!(offset, at as u64);
            assert!(error.to_string().contains("SMPX"), "{error}");
        }
        other => panic!("expected the file refused, got {other:?}"),
    }
}

#[test]
fn a_lossless_file_has_no_sampling_segment() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 64, 7);
    let file = export(&tracker, BinaryExportConfig::new());
    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    assert_eq!(reader.sample_mean(), None);
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!((record.sample_mean, record.weight()), (None, 1.0));
}

#[test]
fn hand_built_samples_take_the_files_mean_unless_they_have_their_own() {
    let records = [
        PlacedRecord::new(AllocationInfo::new(0x1000, 100, 1)),
        PlacedRecord::new(AllocationInfo::new(0x2000, 200, 2)).with_sample_mean(50),
    ];
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let mut file = Vec::new();
    BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records).with_sampling(1000),
            &mut file,
        )
        .unwrap();
    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    assert_eq!(reader.sample_mean(), Some(1000));
    let means: Vec<_> = reader.records().map(|r| r.unwrap().sample_mean).collect();
    assert_eq!(means, [Some(1000), Some(50)]);
}

#[test]
fn a_sample_in_an_export_not_told_it_is_sampled_is_refused() {
    let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 100, 1)).with_sample_mean(50)];
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let error = BinaryExporter::default()
        .export_to_writer(&FileContents::new(stats, &records), &mut Vec::new())
        .unwrap_err();
    assert!(
        matches!(
            error,
            ExportError::SampleInLosslessFile { index: 0, mean: 50 }
        ),
        "{error}"
    );
    let zero = BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records).with_sampling(0),
            &mut Vec::new(),
        )
        .unwrap_err();
    assert!(matches!(zero, ExportError::ZeroSampleMean { .. }), "{zero}");
}

#[test]
fn a_sampled_file_is_not_converted_to_json_as_if_it_held_every_block() {
    let file = export(&sampled_tracker(), BinaryExportConfig::new());
    let reader = BinaryReader::from_bytes(&file).unwrap();
    let error = convert_to_json(reader, Vec::new()).unwrap_err();
    assert!(
        matches!(error, ExportError::SampledToJson { mean } if mean > 0),
        "{error}"
    );
}
