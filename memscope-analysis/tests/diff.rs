//! What changed between two files of one program (`Comparison::diff`):
//! names that grew come first and names that shrank last, equal growth
//! ordered by count growth then name, unchanged names left out; stacks of
//! the two files matched by their frames, not their ids or addresses.

use memscope_analysis::{Change, Comparison, Naming, Options, TallyChange};
use memscope_export::{BinaryReader, CallStacks};
use memscope_test_support::{detailed, file_bytes, placed, record, stacks_of};
use memscope_tracker::AllocationInfo;

/// Records of the type names `names` (`(name, count, bytes)`: `count`
/// records of equal size adding up to `bytes`).
fn typed(names: &[(&str, u64, u64)]) -> Vec<AllocationInfo> {
    let mut records = Vec::new();
    for &(name, count, bytes) in names {
        assert_eq!(bytes % count, 0, "{name}: equal sizes");
        for _ in 0..count {
            let i = records.len();
            records.push(record(
                0x1000 + i * 0x100,
                (bytes / count) as usize,
                i as u64,
                None,
                Some(name),
            ));
        }
    }
    records
}

/// The comparison of two files of `old` and `new` records, record `i`
/// of each under the stack of index `places[i] - 1` when it has stacks.
fn compare(
    old: (&[AllocationInfo], &[u32], Option<&CallStacks>),
    new: (&[AllocationInfo], &[u32], Option<&CallStacks>),
) -> Comparison {
    let bytes = |(records, places, stacks): (&[AllocationInfo], &[u32], Option<&CallStacks>)| {
        file_bytes(detailed(), &placed(records, places, &[]), stacks, None)
    };
    let (old, new) = (bytes(old), bytes(new));
    Comparison::of_readers(
        BinaryReader::from_bytes(&old).unwrap(),
        BinaryReader::from_bytes(&new).unwrap(),
        Options::default(),
    )
    .expect("both fixtures read")
}

/// How the type names changed from `old` to `new`.
fn changed(old: &[(&str, u64, u64)], new: &[(&str, u64, u64)]) -> (Vec<Change>, usize) {
    let diff =
        compare((&typed(old), &[], None), (&typed(new), &[], None)).diff(100, 5, Naming::default());
    (diff.by_type, diff.types_changed)
}

#[test]
fn growth_comes_first_and_shrinks_last() {
    let (changes, count) = changed(
        &[("Vec<u8>", 10, 1000), ("String", 5, 500), ("Gone", 1, 64)],
        &[("Vec<u8>", 12, 3000), ("String", 4, 400), ("Born", 2, 128)],
    );
    let got: Vec<(&str, i128, i128)> = changes
        .iter()
        .map(|c| (c.label.as_str(), c.tally.count_delta, c.tally.bytes_delta))
        .collect();
    assert_eq!(
        got,
        [
            ("Vec<u8>", 2, 2000),
            ("Born", 2, 128),
            ("Gone", -1, -64),
            ("String", -1, -100)
        ]
    );
    assert_eq!(count, 4);
}

#[test]
fn unchanged_names_are_left_out() {
    let (changes, count) = changed(
        &[("Same", 3, 300), ("Moved", 1, 100)],
        &[("Same", 3, 300), ("Moved", 2, 100)],
    );
    assert_eq!(
        changes,
        [Change {
            label: "Moved".to_owned(),
            name_bytes: 5,
            tally: TallyChange {
                old_count: 1,
                new_count: 2,
                count_delta: 1,
                old_bytes: 100,
                new_bytes: 100,
                bytes_delta: 0,
            },
        }]
    );
    assert_eq!(count, 1);
}

#[test]
fn equal_growth_is_ordered_by_count_growth_then_name() {
    let (changes, _) = changed(&[], &[("b", 1, 50), ("a", 1, 50), ("c", 5, 50)]);
    let names: Vec<&str> = changes.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(names, ["c", "a", "b"]);
}

#[test]
fn stacks_of_two_files_match_by_their_frames_not_their_ids_or_addresses() {
    let a = (Some("app::a"), Some("/home/u/app/src/a.rs"), 1, false);
    let b = (Some("app::b"), Some("/home/u/app/src/b.rs"), 2, false);
    let c = (Some("app::c"), Some("/home/u/app/src/c.rs"), 3, false);
    let old_stacks = stacks_of(&[&[a], &[b]]);
    // The same two stacks in the other order, at other addresses, and
    // one more.
    let mut new_stacks = stacks_of(&[&[c], &[b], &[a]]);
    for frame in &mut new_stacks.frames {
        frame.address += 0x1000;
    }
    assert_ne!(
        old_stacks.frames[0].address, new_stacks.frames[2].address,
        "a is elsewhere in the new file"
    );
    let sized = |sizes: &[usize]| -> Vec<AllocationInfo> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| record(0x1000 + i * 0x100, size, i as u64, None, None))
            .collect()
    };
    let comparison = compare(
        (&sized(&[100, 100, 100]), &[1, 2, 2], Some(&old_stacks)),
        (
            &sized(&[50, 100, 100, 100, 100, 100, 100]),
            &[1, 2, 2, 3, 3, 3, 3],
            Some(&new_stacks),
        ),
    );
    let diff = comparison.diff(10, 5, Naming::default());
    assert_eq!(diff.has_stacks, (true, true));
    assert_eq!(diff.stacks_changed, Some(2), "b did not change");
    let rows = diff.by_stack.as_deref().expect("both files have stacks");
    let got: Vec<(Option<u32>, Option<u32>, i128, i128)> = rows
        .iter()
        .map(|r| {
            (
                r.old_stack,
                r.new_stack,
                r.tally.count_delta,
                r.tally.bytes_delta,
            )
        })
        .collect();
    assert_eq!(got, [(Some(1), Some(3), 3, 300), (None, Some(1), 1, 50)]);
    let first: Vec<&str> = rows
        .iter()
        .map(|r| r.stack.frames[0].label.as_str())
        .collect();
    assert_eq!(first, ["app::a", "app::c"]);

    let sites: Vec<(&str, i128, i128)> = diff
        .by_call_site
        .as_deref()
        .expect("both files have stacks")
        .iter()
        .map(|c| (c.label.as_str(), c.tally.count_delta, c.tally.bytes_delta))
        .collect();
    assert_eq!(sites, [("app::a", 3, 300), ("app::c", 1, 50)]);
    assert_eq!(diff.call_sites_changed, Some(2));
}
