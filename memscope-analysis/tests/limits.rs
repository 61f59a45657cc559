//! Limits for CI (`memscope_analysis::limits`): a limit holds up to and
//! at its value and is broken one past it, by exactly how much; a
//! call-site limit adds up every call site whose label holds its pattern;
//! growth is checked for the whole program and for each call site, a
//! percentage always of the earlier file's live bytes.

use memscope_analysis::limits::{Limits, LimitsError, Measure, Percent, SiteLimit, Threshold};
use memscope_analysis::{Analysis, Comparison, Naming, Options};
use memscope_export::{BinaryReader, CallStacks};
use memscope_test_support::{
    detailed, file_bytes, placed, record, six_allocations, stacks_of, three_stacks,
};
use memscope_tracker::AllocationInfo;
use serde_json::json;

/// The six records of 1676 bytes under three stacks (`app::index::add`
/// 300 bytes in 2 blocks, `app::load` 1300 in 2, `app::main` 64 in 1, 12
/// bytes without a stack); the stats say the peak was 1776.
fn six() -> Analysis {
    let records = placed(&six_allocations(), &[1, 1, 2, 2, 3, 0], &[]);
    let bytes = file_bytes(detailed(), &records, Some(&three_stacks()), None);
    Analysis::read(std::io::Cursor::new(bytes), Options::default()).unwrap()
}

fn site(pattern: &str, max_bytes: u64) -> SiteLimit {
    SiteLimit {
        pattern: pattern.to_owned(),
        max_bytes,
    }
}

#[test]
fn every_limit_holds_at_its_value_and_breaks_one_past_it() {
    let analysis = six();
    let at = Limits {
        max_live: Some(1676),
        max_peak: Some(1776),
        max_blocks: Some(6),
        sites: vec![site("app::load", 1300)],
    };
    let check = analysis.check(&at, Naming::default()).unwrap();
    assert!(check.holds, "{check:#?}");
    assert_eq!(check.broken_count, 0);
    assert_eq!(
        (check.records, check.bytes, check.peak_bytes),
        (6, 1676, 1776)
    );

    let below = Limits {
        max_live: Some(1675),
        max_peak: Some(1000),
        max_blocks: Some(5),
        sites: vec![site("app::load", 1299)],
    };
    let check = analysis.check(&below, Naming::default()).unwrap();
    assert!(!check.holds);
    assert_eq!(check.broken_count, 4);
    let broken: Vec<(Measure, u64, u64, u64)> = check
        .broken()
        .map(|l| (l.measure, l.max, l.actual, l.over_by))
        .collect();
    assert_eq!(
        broken,
        [
            (Measure::LiveBytes, 1675, 1676, 1),
            (Measure::PeakBytes, 1000, 1776, 776),
            (Measure::LiveBlocks, 5, 6, 1),
            (Measure::SiteBytes, 1299, 1300, 1),
        ]
    );
}

#[test]
fn no_limit_is_an_empty_check_that_holds() {
    let check = six().check(&Limits::default(), Naming::default()).unwrap();
    assert!(Limits::default().is_empty());
    assert!(check.holds && check.limits.is_empty());
}

#[test]
fn a_site_pattern_adds_up_every_call_site_whose_label_holds_it() {
    let analysis = six();
    let limits = Limits {
        sites: vec![site("app::", 0), site("load", 0), site("App::", 0)],
        ..Limits::default()
    };
    let check = analysis.check(&limits, Naming::default()).unwrap();
    let found: Vec<(&str, u64, Option<usize>)> = check
        .limits
        .iter()
        .map(|l| (l.pattern.as_deref().unwrap(), l.actual, l.sites_matched))
        .collect();
    // `app::` is in all three call sites; the 12 bytes without a stack
    // have none. Patterns are case-sensitive.
    assert_eq!(
        found,
        [
            ("app::", 300 + 1300 + 64, Some(3)),
            ("load", 1300, Some(1)),
            ("App::", 0, Some(0))
        ]
    );
    let listed: Vec<&str> = check.limits[0]
        .sites
        .as_ref()
        .unwrap()
        .iter()
        .map(|g| g.label.as_str())
        .collect();
    assert_eq!(listed, ["app::load", "app::index::add", "app::main"]);
    // A pattern that matches nothing holds: 0 bytes are no more than 0.
    assert!(check.limits[2].holds);
}

#[test]
fn a_site_limit_on_a_file_without_call_stacks_is_an_error_not_a_pass() {
    let records = placed(&six_allocations(), &[], &[]);
    let bytes = file_bytes(detailed(), &records, None, None);
    let analysis = Analysis::read(std::io::Cursor::new(bytes), Options::default()).unwrap();
    let limits = Limits {
        max_live: Some(1),
        sites: vec![site("cache", 10)],
        ..Limits::default()
    };
    let error = analysis.check(&limits, Naming::default()).unwrap_err();
    assert_eq!(
        error,
        LimitsError::NoCallStacks {
            pattern: "cache".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "the call-site limit for \"cache\" needs call stacks, and the file has none"
    );
    // Without site limits, the file is checked.
    let whole = Limits {
        sites: Vec::new(),
        ..limits
    };
    assert!(!analysis.check(&whole, Naming::default()).unwrap().holds);
}

/// Two files of one program: `app::load` and `app::cache` allocate
/// `(old, new)` bytes each (0: none), in one block.
fn compare(load: (usize, usize), cache: (usize, usize), stacks: bool) -> Comparison {
    let table: CallStacks = stacks_of(&[
        &[(Some("app::load"), Some("src/load.rs"), 7, false)],
        &[(Some("app::cache"), Some("src/cache.rs"), 9, false)],
    ]);
    let file = |load: usize, cache: usize| {
        let mut records: Vec<AllocationInfo> = Vec::new();
        let mut ids = Vec::new();
        for (id, size) in [(1, load), (2, cache)] {
            if size > 0 {
                records.push(record(0x1000 * id, size, 1, None, None));
                ids.push(id as u32);
            }
        }
        let table = stacks.then_some(&table);
        file_bytes(detailed(), &placed(&records, &ids, &[]), table, None)
    };
    let (old, new) = (file(load.0, cache.0), file(load.1, cache.1));
    Comparison::of_readers(
        BinaryReader::from_bytes(&old).unwrap(),
        BinaryReader::from_bytes(&new).unwrap(),
        Options::default(),
    )
    .unwrap()
}

#[test]
fn growth_is_checked_for_the_whole_and_for_each_call_site() {
    // 1000 -> 1100 bytes: 10% of the whole, all of it at app::cache.
    let comparison = compare((1000, 1000), (0, 100), true);
    let ten = Threshold::Percent(Percent::from_hundredths(1000));
    let check = comparison.growth(ten, Naming::default());
    assert!(check.holds, "exactly 10%: {check:#?}");
    assert_eq!(check.total.growth, 100);
    assert_eq!(check.sites_checked, Some(1), "the call sites that changed");

    // 5%: 50 bytes of the old 1000, for the whole and for each site.
    let five = Threshold::Percent(Percent::from_hundredths(500));
    let check = comparison.growth(five, Naming::default());
    assert!(!check.holds);
    assert_eq!(check.broken_count(), 2);
    let broken: Vec<(&str, i128, u64, u64)> = check
        .broken()
        .map(|g| (g.label.as_str(), g.growth, g.allowed, g.over_by))
        .collect();
    assert_eq!(
        broken,
        [
            ("all live blocks", 100, 50, 50),
            ("app::cache", 100, 50, 50)
        ]
    );
}

#[test]
fn a_site_that_grew_is_caught_even_when_another_shrank_as_much() {
    let comparison = compare((1000, 500), (0, 500), true);
    let check = comparison.growth(Threshold::Bytes(64), Naming::default());
    assert!(check.total.holds, "the whole did not grow");
    assert_eq!(check.total.growth, 0);
    let over: Vec<(&str, i128)> = check
        .broken()
        .map(|g| (g.label.as_str(), g.growth))
        .collect();
    assert_eq!(over, [("app::cache", 500)]);
    assert!(!check.holds);
}

#[test]
fn without_call_stacks_only_the_whole_is_checked() {
    let comparison = compare((1000, 1000), (0, 500), false);
    let check = comparison.growth(Threshold::Bytes(499), Naming::default());
    assert_eq!(check.sites_over, None);
    assert_eq!(check.sites_checked, None);
    assert_eq!((check.total.growth, check.total.over_by), (500, 1));
    assert!(!check.holds);
}

#[test]
fn results_serialize_with_the_limit_what_was_found_and_how_much_over() {
    let comparison = compare((1000, 1000), (0, 500), true);
    let ten = Threshold::Percent(Percent::from_hundredths(1000));
    let growth = serde_json::to_value(comparison.growth(ten, Naming::default())).unwrap();
    assert_eq!(growth["threshold"], json!({"percent": 10}));
    assert_eq!(
        growth["total"],
        json!({
            "label": "all live blocks", "old_bytes": 1000, "new_bytes": 1500,
            "growth": 500, "allowed": 100, "over_by": 400, "holds": false
        })
    );
    assert_eq!(growth["sites_over"][0]["label"], "app::cache");
    let half = Threshold::Percent(Percent::from_hundredths(250));
    assert_eq!(serde_json::to_value(half).unwrap(), json!({"percent": 2.5}));
    assert_eq!(
        serde_json::to_value(Threshold::Bytes(4096)).unwrap(),
        json!({"bytes": 4096})
    );

    let limits = Limits {
        max_blocks: Some(5),
        sites: vec![site("load", 2000)],
        ..Limits::default()
    };
    let check = serde_json::to_value(six().check(&limits, Naming::default()).unwrap()).unwrap();
    assert_eq!(
        check["limits"][0],
        json!({"measure": "live_blocks", "max": 5, "actual": 6, "over_by": 1, "holds": false})
    );
    assert_eq!(check["limits"][1]["pattern"], "load");
    assert_eq!(check["limits"][1]["sites_matched"], 1);
    assert_eq!(check["limits"][1]["sites"][0]["label"], "app::load");
    assert_eq!(
        (check["holds"].clone(), check["broken_count"].clone()),
        (json!(false), json!(1))
    );
}

#[test]
fn a_sampled_file_is_checked_on_its_estimates_and_refuses_a_peak_limit() {
    use memscope_export::{BinaryExporter, FileContents, PlacedRecord};
    use memscope_tracker::{MemoryStats, sample_weight};

    let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 1000, 1))];
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let mut file = Vec::new();
    BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records).with_sampling(4096),
            &mut file,
        )
        .unwrap();
    let analysis = Analysis::read(std::io::Cursor::new(file), Options::default()).unwrap();
    let estimate = (1000.0 * sample_weight(1000, 4096)).floor() as u64;

    let live = Limits {
        max_live: Some(estimate - 1),
        ..Limits::default()
    };
    let check = analysis.check(&live, Naming::default()).unwrap();
    assert!(!check.holds, "the sample's 1000 bytes stand for {estimate}");

    let peak = Limits {
        max_peak: Some(1 << 30),
        ..Limits::default()
    };
    assert!(matches!(
        analysis.check(&peak, Naming::default()),
        Err(LimitsError::SampledPeak { mean: 4096 })
    ));
}
