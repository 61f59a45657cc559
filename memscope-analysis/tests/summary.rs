//! The summary of a file and the largest blocks it keeps: the largest
//! come largest first whatever order the records come in, none are kept
//! when none are asked for (`Options::largest`), and `top` limits every
//! list of the summary but not the counts of distinct names.

use std::io::Cursor;

use memscope_analysis::{Analysis, Naming, Options, Tally};
use memscope_test_support::{detailed, file_bytes, placed, record};
use memscope_tracker::AllocationInfo;

/// `records`, without stacks or threads, read with `options`.
fn analysis(records: &[AllocationInfo], options: Options) -> Analysis {
    let bytes = file_bytes(detailed(), &placed(records, &[], &[]), None, None);
    Analysis::read(Cursor::new(bytes), options).expect("the fixture reads")
}

#[test]
fn the_largest_are_kept_largest_first_whatever_the_order_they_come_in() {
    let sizes = [5, 90, 1, 70, 90, 3, 100, 2];
    let records: Vec<AllocationInfo> = sizes
        .iter()
        .enumerate()
        .map(|(i, &size)| record(0x1000 + i * 0x10, size, i as u64, None, None))
        .collect();
    let options = Options {
        largest: 3,
        ..Options::default()
    };
    let analysis = analysis(&records, options);
    let got: Vec<(u64, u64)> = analysis.largest().iter().map(|r| (r.size, r.ptr)).collect();
    // Equal sizes: the lower address first.
    assert_eq!(got, [(100, 0x1060), (90, 0x1010), (90, 0x1040)]);
    let blocks: Vec<(u64, u64)> = analysis
        .largest_blocks(Naming::default())
        .iter()
        .map(|b| (b.record.size, b.record.ptr))
        .collect();
    assert_eq!(blocks, got, "the summary's blocks are the ones kept");
}

#[test]
fn keeping_no_largest_records_keeps_none() {
    let options = Options {
        largest: 0,
        ..Options::default()
    };
    let analysis = analysis(&[record(1, 8, 1, None, None)], options);
    assert_eq!(analysis.largest(), []);
    assert_eq!(analysis.summary(10, Naming::default()).largest, []);
    assert_eq!(analysis.total(), Tally::new(1, 8), "still counted");
}

#[test]
fn top_limits_every_list_but_not_the_counts_of_names() {
    let records: Vec<AllocationInfo> = (0..20)
        .map(|i| {
            let name = format!("v{i}");
            record(i * 16, i + 1, i as u64, Some(&name), Some(&name))
        })
        .collect();
    // A front end keeps as many of the largest blocks as it shows.
    let options = Options {
        largest: 3,
        ..Options::default()
    };
    let summary = analysis(&records, options).summary(3, Naming::default());
    let labels = |groups: &[memscope_analysis::Group]| -> Vec<String> {
        groups.iter().map(|g| g.label.clone()).collect()
    };
    assert_eq!(labels(&summary.by_type), ["v19", "v18", "v17"]);
    assert_eq!(labels(&summary.variables), ["v19", "v18", "v17"]);
    let sizes: Vec<u64> = summary.largest.iter().map(|b| b.record.size).collect();
    assert_eq!(sizes, [20, 19, 18]);
    assert_eq!((summary.type_names, summary.var_names), (20, 20));
    assert_eq!((summary.records, summary.bytes), (20, 210));
    assert_eq!(summary.other_types, Tally::default());
    let buckets: Vec<(u64, u64, u64, u64)> = summary
        .histogram
        .iter()
        .map(|b| (b.min, b.max, b.count, b.bytes))
        .collect();
    assert_eq!(
        buckets,
        [
            (1, 1, 1, 1),
            (2, 3, 2, 5),
            (4, 7, 4, 22),
            (8, 15, 8, 92),
            (16, 31, 5, 90)
        ],
        "the histogram is whole: it is no list of the top"
    );
    assert!(summary.carries_names);
    assert!(!summary.has_stacks);
}

#[test]
fn a_sampled_files_counts_are_estimates_each_sample_weighted_by_its_inverse_probability() {
    use memscope_export::{BinaryExporter, FileContents, PlacedRecord};
    use memscope_tracker::{MemoryStats, sample_weight};

    const MEAN: u64 = 4096;
    let sizes = [64u64, 1000, 4096, 100_000];
    let records: Vec<PlacedRecord> = sizes
        .iter()
        .enumerate()
        .map(|(i, &size)| {
            PlacedRecord::new(AllocationInfo::new(0x1000 + i * 0x10000, size as usize, 1))
        })
        .collect();
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let mut file = Vec::new();
    BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records).with_sampling(MEAN),
            &mut file,
        )
        .unwrap();
    let analysis = Analysis::read(Cursor::new(file), Options::default()).unwrap();

    assert_eq!(analysis.sample_mean(), Some(MEAN));
    let count: f64 = sizes.iter().map(|&s| sample_weight(s, MEAN)).sum();
    let bytes: f64 = sizes
        .iter()
        .map(|&s| s as f64 * sample_weight(s, MEAN))
        .sum();
    let total = analysis.total();
    // Rounded down once, at the end: within one block and one byte.
    assert!(
        (total.count as f64 - count).abs() < 1.0,
        "{} vs {count}",
        total.count
    );
    assert!(
        (total.bytes as f64 - bytes).abs() < 1.0,
        "{} vs {bytes}",
        total.bytes
    );
    // The stats still count the samples.
    assert_eq!(analysis.stats().active_allocations, 4);
    // Every view counts the same estimates: the histogram's 64-byte bucket
    // stands for about 64 blocks.
    let small = analysis.histogram().get(7);
    assert_eq!(small.count, sample_weight(64, MEAN).floor() as u64);
    assert!(analysis.summary(5, Naming::default()).sample_mean == Some(MEAN));
}
