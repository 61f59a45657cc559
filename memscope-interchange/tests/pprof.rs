//! `to_pprof`: what a profile holds, decoded with prost from the gzip
//! stream it writes.

mod common;

use std::collections::HashSet;
use std::io::Read;

use common::{EXPORTED, block, file, module, placed, plain_file, reader, six_records};
use memscope_analysis::SHOWN_BYTES;
use memscope_export::{CallStacks, ResolvedFrame, Thread, Threads};
use memscope_interchange::pprof::OTHER_NAMES;
use memscope_interchange::pprof::proto::{Location, Profile, Sample};
use memscope_interchange::{PprofOptions, to_pprof};
use memscope_test_support::{detailed, run_file_bytes};
use prost::Message;

/// Keeps every frame but the allocator's.
const WHOLE: PprofOptions = PprofOptions {
    keep_library_frames: true,
    max_names: memscope_analysis::DEFAULT_MAX_NAMES,
};

/// Converts `bytes`, every frame kept, and decodes the profile back.
fn converted(bytes: &[u8]) -> Profile {
    converted_with(bytes, WHOLE)
}

/// Converts `bytes` with `options` and decodes the profile back.
fn converted_with(bytes: &[u8], options: PprofOptions) -> Profile {
    let mut gzip = Vec::new();
    to_pprof(reader(bytes), &mut gzip, options).unwrap();
    let mut encoded = Vec::new();
    flate2::read::GzDecoder::new(gzip.as_slice())
        .read_to_end(&mut encoded)
        .unwrap();
    Profile::decode(encoded.as_slice()).unwrap()
}

/// The string at `index`.
fn text(profile: &Profile, index: i64) -> &str {
    &profile.string_table[index as usize]
}

/// The location with `id`.
fn location(profile: &Profile, id: u64) -> &Location {
    profile.location.iter().find(|l| l.id == id).unwrap()
}

/// The frames of `sample`, innermost first, as `function file:line`: each
/// location's lines in order (inlined first), then the next location's.
fn frames(profile: &Profile, sample: &Sample) -> Vec<String> {
    let function = |id: u64| profile.function.iter().find(|f| f.id == id).unwrap();
    let mut frames = Vec::new();
    for &id in &sample.location_id {
        let location = location(profile, id);
        if location.line.is_empty() {
            frames.push(format!("{:#x}", location.address));
        }
        for line in &location.line {
            let f = function(line.function_id);
            frames.push(format!(
                "{} {}:{}",
                text(profile, f.name),
                text(profile, f.filename),
                line.line
            ));
        }
    }
    frames
}

/// The labels of `sample`, as `key=value`.
fn labels(profile: &Profile, sample: &Sample) -> Vec<String> {
    let label = |l: &memscope_interchange::pprof::proto::Label| {
        format!("{}={}", text(profile, l.key), text(profile, l.str))
    };
    sample.label.iter().map(label).collect()
}

/// The six records of the fixture with their stacks, no threads.
fn stacked() -> Vec<u8> {
    let (records, stacks, _) = six_records();
    file(&records, Some(&stacks), None)
}

#[test]
fn each_stack_and_pair_of_names_is_one_sample_whose_frames_are_the_files_stack() {
    let profile = converted(&stacked());

    let samples: Vec<(Vec<String>, Vec<i64>, Vec<String>)> = profile
        .sample
        .iter()
        .map(|s| (frames(&profile, s), s.value.clone(), labels(&profile, s)))
        .collect();
    // Each frame by its one label (generics elided), with its whole path.
    let main = "app::main src/main.rs:10".to_owned();
    let stack_1 = vec![
        "alloc::raw_vec::finish_grow /rustc/library/alloc/src/raw_vec.rs:480".to_owned(),
        "alloc::vec::Vec::push /rustc/library/alloc/src/vec/mod.rs:1200".to_owned(),
        "app::index::add src/index.rs:42".to_owned(),
        main.clone(),
    ];
    let stack_2 = vec!["app::load src/load.rs:7".to_owned(), main.clone()];
    let stack_3 = vec!["0x555500001005 :0".to_owned(), main];
    let names = |var: &str, ty: &str| {
        let mut labels = Vec::new();
        if !var.is_empty() {
            labels.push(format!("var_name={var}"));
        }
        if !ty.is_empty() {
            labels.push(format!("type_name={ty}"));
        }
        labels
    };
    assert_eq!(
        samples,
        [
            (stack_1, vec![2, 300], names("index", "Vec<u32>")),
            (stack_2.clone(), vec![1, 300], names("", "String")),
            (stack_2, vec![1, 1000], names("text", "String")),
            (stack_3, vec![1, 64], names("", "")),
            (vec!["(unnamed) :0".to_owned()], vec![1, 12], names("", "")),
        ]
    );
}

#[test]
fn by_default_each_sample_starts_at_its_call_site() {
    let profile = converted_with(&stacked(), PprofOptions::default());
    let leaves: Vec<Vec<String>> = profile.sample.iter().map(|s| frames(&profile, s)).collect();
    let main = "app::main src/main.rs:10".to_owned();
    assert_eq!(
        leaves,
        [
            vec!["app::index::add src/index.rs:42".to_owned(), main.clone()],
            vec!["app::load src/load.rs:7".to_owned(), main.clone()],
            vec!["app::load src/load.rs:7".to_owned(), main.clone()],
            // Beneath app::main only a frame without a symbol outside
            // the program: the runtime's, left out.
            vec![main],
            vec!["(unnamed) :0".to_owned()],
        ]
    );
}

#[test]
fn the_totals_are_the_files_stats() {
    let bytes = stacked();
    let stats = *reader(&bytes).stats();
    let profile = converted(&bytes);

    let total = |i: usize| profile.sample.iter().map(|s| s.value[i]).sum::<i64>() as u64;
    assert_eq!(
        (total(0), total(1)),
        (stats.active_allocations, stats.active_memory)
    );
    assert_eq!((total(0), total(1)), (6, 1676));
    let mut written = Vec::new();
    let counted = to_pprof(reader(&bytes), &mut written, WHOLE).unwrap();
    assert_eq!(
        (counted.records, counted.bytes, counted.samples),
        (6, 1676, 5)
    );
    assert_eq!(counted.written, written.len() as u64);
}

#[test]
fn inlined_frames_share_the_location_of_their_caller_innermost_first() {
    let profile = converted(&stacked());

    let first = &profile.sample[0];
    assert_eq!(first.location_id.len(), 3, "four frames at three addresses");
    let inlined = location(&profile, first.location_id[1]);
    assert_eq!(inlined.address, 0x5555_0000_0002);
    let names: Vec<&str> = inlined
        .line
        .iter()
        .map(|line| {
            let f = profile
                .function
                .iter()
                .find(|f| f.id == line.function_id)
                .unwrap();
            text(&profile, f.name)
        })
        .collect();
    assert_eq!(names, ["alloc::vec::Vec::push", "app::index::add"]);
    // app::main is one location, shared by the three stacks.
    let main = first.location_id[2];
    assert!(
        profile.sample[1..4]
            .iter()
            .all(|s| s.location_id.last() == Some(&main))
    );
}

#[test]
fn a_version_1_file_becomes_one_frame_samples_named_by_variable_and_type() {
    let records = [
        block(0x10, 8, Some("buf"), Some("Vec<u8>")),
        block(0x20, 16, Some("buf"), Some("Vec<u8>")),
        block(0x30, 32, None, Some("String")),
        block(0x40, 64, Some("cache"), None),
        block(0x50, 128, None, None),
    ];
    let profile = converted(&plain_file(&records));

    let samples: Vec<(Vec<String>, Vec<i64>)> = profile
        .sample
        .iter()
        .map(|s| (frames(&profile, s), s.value.clone()))
        .collect();
    let one = |name: &str| vec![format!("{name} :0")];
    assert_eq!(
        samples,
        [
            (one("buf: Vec<u8>"), vec![2, 24]),
            (one("String"), vec![1, 32]),
            (one("cache"), vec![1, 64]),
            (one("(unnamed)"), vec![1, 128]),
        ]
    );
    assert_eq!(
        labels(&profile, &profile.sample[0]),
        ["var_name=buf", "type_name=Vec<u8>"]
    );
}

#[test]
fn the_profile_is_well_formed_for_every_reader() {
    let profile = converted(&stacked());

    assert_eq!(profile.string_table[0], "", "string_table[0] must be empty");
    let strings = profile.string_table.len() as i64;
    let unique = |ids: Vec<u64>| {
        assert!(ids.iter().all(|&id| id != 0), "ids are non-zero: {ids:?}");
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "ids are unique"
        );
        ids.into_iter().collect::<HashSet<_>>()
    };
    let functions = unique(profile.function.iter().map(|f| f.id).collect());
    let locations = unique(profile.location.iter().map(|l| l.id).collect());
    for f in &profile.function {
        assert!((0..strings).contains(&f.name) && (0..strings).contains(&f.filename));
    }
    for l in &profile.location {
        assert!(
            l.line
                .iter()
                .all(|line| functions.contains(&line.function_id))
        );
    }
    // Symbolized at export: one mapping of everything says so, so that
    // pprof looks for no binary to symbolize it again.
    let mapping = &profile.mapping[..];
    assert_eq!(mapping.len(), 1);
    assert!(mapping[0].has_functions && mapping[0].has_filenames && mapping[0].has_line_numbers);
    assert_eq!(
        (mapping[0].memory_start, mapping[0].memory_limit),
        (0, u64::MAX)
    );
    assert!(
        profile
            .location
            .iter()
            .all(|l| l.mapping_id == mapping[0].id && !l.line.is_empty())
    );
    for s in &profile.sample {
        assert_eq!(s.value.len(), profile.sample_type.len());
        assert!(s.location_id.iter().all(|id| locations.contains(id)));
    }
    let types: Vec<(&str, &str)> = profile
        .sample_type
        .iter()
        .map(|t| (text(&profile, t.r#type), text(&profile, t.unit)))
        .collect();
    assert_eq!(
        types,
        [("inuse_objects", "count"), ("inuse_space", "bytes")]
    );
    assert_eq!(text(&profile, profile.default_sample_type), "inuse_space");
    assert_eq!(profile.time_nanos, EXPORTED as i64);
}

#[test]
fn raw_addresses_in_a_mapped_module_are_left_for_pprof_to_symbolize() {
    let mut stacks = CallStacks::default();
    let raw = |address| ResolvedFrame {
        address,
        function: None,
        file: None,
        line: None,
        inlined: false,
    };
    let inside = stacks.push_resolved(raw(0x40_1234));
    let outside = stacks.push_resolved(raw(0x90_0000));
    stacks.modules = vec![module(&mut stacks, 0x40_0000, 0x50_0000, "/usr/bin/app")];
    stacks.push_stack([inside, outside]);
    let records = placed(&[block(0x10, 8, None, None)], &[1], &[]);
    let profile = converted(&file(&records, Some(&stacks), None));

    let mapping = &profile.mapping[0];
    assert_eq!(
        (
            mapping.id,
            mapping.memory_start,
            mapping.memory_limit,
            mapping.file_offset
        ),
        (1, 0x40_0000, 0x50_0000, 0x1000)
    );
    assert_eq!(
        (
            text(&profile, mapping.filename),
            text(&profile, mapping.build_id)
        ),
        ("/usr/bin/app", "abcd")
    );
    assert!(!mapping.has_functions, "nothing symbolized in it");
    let sample = &profile.sample[0];
    let [first, second] = [0, 1].map(|i| location(&profile, sample.location_id[i]));
    assert_eq!(
        (first.address, first.mapping_id, first.line.len()),
        (0x40_1234, 1, 0)
    );
    assert_eq!((second.address, second.mapping_id), (0x90_0000, 0));
    assert_eq!(frames(&profile, sample), ["0x401234", "0x900000 :0"]);
    // By default the frame outside the program's module is the runtime's.
    let profile = converted_with(
        &file(&records, Some(&stacks), None),
        PprofOptions::default(),
    );
    assert_eq!(frames(&profile, &profile.sample[0]), ["0x401234"]);
}

#[test]
fn live_bytes_beyond_a_signed_64_bit_value_are_refused_naming_the_sample_before_writing() {
    let bytes = plain_file(&[block(0x10, usize::MAX, Some("huge"), None)]);

    let mut out = Vec::new();
    let error = to_pprof(reader(&bytes), &mut out, WHOLE).unwrap_err();
    assert!(out.is_empty(), "found before anything is written");
    assert_eq!(
        error.to_string(),
        "the live bytes of sample 1 is 18446744073709551615, more than the signed 64-bit sample value of the pprof output holds (at most 9223372036854775807)"
    );
}

#[test]
fn the_thread_is_a_label_and_blocks_of_two_threads_are_two_samples() {
    let (records, stacks, threads) = six_records();
    let profile = converted(&file(&records, Some(&stacks), Some(&threads)));
    let labelled: Vec<(Vec<i64>, Vec<String>)> = profile
        .sample
        .iter()
        .map(|s| (s.value.clone(), labels(&profile, s)))
        .collect();
    assert_eq!(
        labelled,
        [
            (
                vec![2, 300],
                vec![
                    "var_name=index".into(),
                    "type_name=Vec<u32>".into(),
                    "thread=loader (2)".into()
                ]
            ),
            (
                vec![1, 300],
                vec!["type_name=String".into(), "thread=loader (2)".into()]
            ),
            (
                vec![1, 1000],
                vec![
                    "var_name=text".into(),
                    "type_name=String".into(),
                    "thread=9".into()
                ]
            ),
            (vec![1, 64], vec!["thread=9".into()]),
            (vec![1, 12], vec![]),
        ]
    );
}

/// `head` padded with `x` to `len` bytes.
fn long(head: &str, len: usize) -> String {
    format!("{head}{}", "x".repeat(len - head.len()))
}

/// Every frame kept, and at most `max_names` names of each kind.
fn at_most(max_names: u32) -> PprofOptions {
    PprofOptions { max_names, ..WHOLE }
}

#[test]
fn long_names_are_labels_cut_as_every_output_shows_them_but_told_apart_whole() {
    // Two names alike in their first 10,000 bytes, a third alike in its
    // first 256 only.
    let first = long("buf", 10_000) + "1";
    let second = long("buf", 10_000) + "2";
    let third = long("buf", 300);
    let ty = long("app::Buffer<", 40_000);
    let records = [
        block(0x10, 8, Some(&first), Some(&ty)),
        block(0x20, 16, Some(&second), Some(&ty)),
        block(0x30, 32, Some(&third), Some(&ty)),
        block(0x40, 64, Some(&first), Some(&ty)),
    ];
    let threads = Threads {
        threads: vec![Thread {
            id: 7,
            name: long("worker", 5_000),
        }],
    };
    let profile = converted(&file(
        &placed(&records, &[], &[1, 1, 1, 1]),
        None,
        Some(&threads),
    ));

    let cut = |name: &str| format!("{}…", &name[..SHOWN_BYTES]);
    let var = cut(&first);
    assert_eq!(var, cut(&second), "alike as shown");
    let labelled: Vec<(Vec<i64>, Vec<String>)> = profile
        .sample
        .iter()
        .map(|s| (s.value.clone(), labels(&profile, s)))
        .collect();
    let expected = |value: Vec<i64>| {
        let labels = vec![
            format!("var_name={var}"),
            format!("type_name={}", cut(&ty)),
            format!("thread={} (7)", cut(&threads.threads[0].name)),
        ];
        (value, labels)
    };
    // Each name its own sample, the names compared whole.
    assert_eq!(
        labelled,
        [
            expected(vec![2, 72]),
            expected(vec![1, 16]),
            expected(vec![1, 32]),
        ]
    );
    // Blocks without a stack are named after the labels, cut too.
    let name = format!("{var}: {}", cut(&ty));
    assert_eq!(frames(&profile, &profile.sample[0]), [format!("{name} :0")]);
    let longest = profile.string_table.iter().map(String::len).max();
    assert_eq!(longest, Some(name.len()));
}

#[test]
fn names_past_max_names_are_labelled_other_names_and_the_totals_stay_whole() {
    let records = [
        block(0x10, 1, Some("a"), Some("A")),
        block(0x20, 2, Some("b"), Some("B")),
        block(0x30, 4, Some("c"), Some("C")),
        block(0x40, 8, Some("a"), Some("D")),
        block(0x50, 16, Some("d"), Some("C")),
        block(0x60, 32, None, Some("")),
    ];
    let bytes = plain_file(&records);

    let summed = |profile: &Profile| -> Vec<i64> {
        (0..2)
            .map(|i| profile.sample.iter().map(|s| s.value[i]).sum())
            .collect()
    };
    let samples = |profile: &Profile| -> Vec<(Vec<i64>, Vec<String>, Vec<String>)> {
        profile
            .sample
            .iter()
            .map(|s| (s.value.clone(), labels(profile, s), frames(profile, s)))
            .collect()
    };
    let sample = |value: [i64; 2], var: &str, ty: &str, name: &str| {
        let mut labels = Vec::new();
        if !var.is_empty() {
            labels.push(format!("var_name={var}"));
        }
        if !ty.is_empty() {
            labels.push(format!("type_name={ty}"));
        }
        (value.to_vec(), labels, vec![format!("{name} :0")])
    };
    let other = OTHER_NAMES;
    let other_other = format!("{other}: {other}");

    // The first two names of each kind are labels; the others one label.
    let profile = converted_with(&bytes, at_most(2));
    assert_eq!(
        samples(&profile),
        [
            sample([1, 1], "a", "A", "a: A"),
            sample([1, 2], "b", "B", "b: B"),
            sample([2, 20], other, other, &other_other),
            sample([1, 8], "a", other, &format!("a: {other}")),
            sample([1, 32], "", "", "(unnamed)"),
        ]
    );
    assert_eq!(summed(&profile), [6, 63]);
    for name in ["c", "d", "C", "D"] {
        assert!(!profile.string_table.iter().any(|s| s == name), "{name}");
    }

    // No room at all: every named block is under the one label.
    let profile = converted_with(&bytes, at_most(0));
    assert_eq!(
        samples(&profile),
        [
            sample([5, 31], other, other, &other_other),
            sample([1, 32], "", "", "(unnamed)"),
        ]
    );

    // Room for every name: no block is under the label, which is not in
    // the profile.
    let profile = converted_with(&bytes, PprofOptions::default());
    assert_eq!(profile.sample.len(), 6);
    assert!(!profile.string_table.iter().any(|s| s == OTHER_NAMES));
}

#[test]
fn what_the_profile_keeps_of_names_is_bounded_by_max_names_not_by_the_file() {
    const RECORDS: usize = 300;
    const MAX: usize = 100;
    let records: Vec<_> = (0..RECORDS)
        .map(|i| {
            let var = long(&format!("var{i:04}"), 20_000);
            let ty = long(&format!("Type{i:04}"), 20_000);
            block(0x10 * (i + 1), 1, Some(&var), Some(&ty))
        })
        .collect();
    let profile = converted_with(&plain_file(&records), at_most(MAX as u32));

    // The names kept, their labels and the functions named after them;
    // the rest folded into one sample.
    assert_eq!(profile.sample.len(), MAX + 1);
    let kept: usize = profile.string_table.iter().map(String::len).sum();
    let label = SHOWN_BYTES + '…'.len_utf8();
    assert!(kept <= 4 * MAX * label + 4096, "{kept} bytes of strings");
    let last = profile.sample.last().unwrap();
    assert_eq!(last.value, [(RECORDS - MAX) as i64, (RECORDS - MAX) as i64]);
}

#[test]
fn a_sampled_files_values_are_estimates() {
    use memscope_export::{BinaryExporter, FileContents, PlacedRecord};
    use memscope_tracker::{AllocationInfo, MemoryStats, sample_weight};

    let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 1000, 1))];
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let mut bytes = Vec::new();
    BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records).with_sampling(4096),
            &mut bytes,
        )
        .unwrap();
    let profile = converted(&bytes);
    let weight = sample_weight(1000, 4096);
    let values: Vec<i64> = profile
        .sample
        .iter()
        .flat_map(|s| s.value.clone())
        .collect();
    // One sample of 1,000 bytes at a 4 KiB mean stands for about 4.6
    // blocks: rounded down once.
    assert_eq!(
        values,
        [weight.floor() as i64, (1000.0 * weight).floor() as i64]
    );
}

/// The types of `profile`'s values, as `type/unit`, and its default.
fn sample_types(profile: &Profile) -> (Vec<String>, &str) {
    let types = profile
        .sample_type
        .iter()
        .map(|t| format!("{}/{}", text(profile, t.r#type), text(profile, t.unit)))
        .collect();
    (types, text(profile, profile.default_sample_type))
}

#[test]
fn with_call_site_totals_a_profile_has_the_pairs_of_the_run_and_inuse_space_stays_the_default() {
    let profile = converted(&run_file_bytes(detailed()));
    assert_eq!(
        sample_types(&profile),
        (
            [
                "inuse_objects/count",
                "inuse_space/bytes",
                "alloc_objects/count",
                "alloc_space/bytes",
                "peak_objects/count",
                "peak_space/bytes",
                "temporary_objects/count",
                "temporary_space/bytes",
            ]
            .map(String::from)
            .to_vec(),
            "inuse_space"
        )
    );
    assert!(
        text(&profile, profile.comment[0]).contains("call sites' totals over the run"),
        "{:?}",
        profile.comment
    );
}

#[test]
fn without_call_site_totals_a_profile_has_only_the_inuse_pair() {
    let profile = converted(&stacked());
    assert_eq!(
        sample_types(&profile),
        (
            vec![
                "inuse_objects/count".to_owned(),
                "inuse_space/bytes".to_owned()
            ],
            "inuse_space"
        )
    );
    assert!(profile.sample.iter().all(|s| s.value.len() == 2));
}

#[test]
fn each_call_site_is_one_sample_of_its_run_even_when_none_of_its_blocks_is_live() {
    let bytes = run_file_bytes(detailed());
    let profile = converted_with(&bytes, PprofOptions::default());
    let samples: Vec<(Vec<String>, Vec<i64>, Vec<String>)> = profile
        .sample
        .iter()
        .map(|s| (frames(&profile, s), s.value.clone(), labels(&profile, s)))
        .collect();
    let main = "app::main src/main.rs:10".to_owned();
    let add = vec!["app::index::add src/index.rs:42".to_owned(), main.clone()];
    let load = vec!["app::load src/load.rs:7".to_owned(), main.clone()];
    let parse = vec!["app::parse src/parse.rs:20".to_owned(), main.clone()];
    let live = |count, bytes| vec![count, bytes, 0, 0, 0, 0, 0, 0];
    let run = |values: [i64; 6]| [vec![0, 0], values.to_vec()].concat();
    let names = |pairs: &[&str]| pairs.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    assert_eq!(
        samples,
        [
            // The records, as without the totals: the values of the run 0.
            (
                add.clone(),
                live(2, 300),
                names(&["var_name=index", "type_name=Vec<u32>"])
            ),
            (load.clone(), live(1, 300), names(&["type_name=String"])),
            (
                load.clone(),
                live(1, 1000),
                names(&["var_name=text", "type_name=String"])
            ),
            (vec![main.clone()], live(1, 64), names(&[])),
            (vec!["(unnamed) :0".to_owned()], live(1, 12), names(&[])),
            // Then each call site's totals, by stack, without labels.
            (
                vec!["(no call stack) :0".to_owned()],
                run([1, 12, 1, 12, 0, 0]),
                names(&[])
            ),
            (add, run([5, 700, 4, 600, 1, 100]), names(&[])),
            (load, run([2, 1300, 2, 1300, 0, 0]), names(&[])),
            (vec![main], run([1, 64, 0, 0, 0, 0]), names(&[])),
            // All freed: no block live, and still its sample.
            (
                parse,
                run([1000, 4_096_000, 1, 4096, 1000, 4_096_000]),
                names(&[])
            ),
        ]
    );
    let total = |i: usize| profile.sample.iter().map(|s| s.value[i]).sum::<i64>();
    assert_eq!(
        (total(0), total(1)),
        (6, 1676),
        "the live blocks, as before"
    );
    assert_eq!((total(2), total(3)), (1009, 4_098_076), "allocated");
    assert_eq!(
        (total(4), total(5)),
        (8, 6008),
        "the peak, as the stats say"
    );
    assert_eq!((total(6), total(7)), (1001, 4_096_100), "temporary");

    let mut written = Vec::new();
    let report = to_pprof(reader(&bytes), &mut written, PprofOptions::default()).unwrap();
    assert_eq!(
        (report.samples, report.site_samples, report.allocated_bytes),
        (10, 5, 4_098_076)
    );
}

#[test]
fn a_call_site_count_beyond_a_signed_64_bit_value_is_refused_naming_its_stack() {
    use memscope_export::{BinaryExporter, FileContents, History};
    use memscope_test_support::run_records;

    let (records, stacks, mut history) = run_records();
    let sites = history.sites.as_mut().unwrap();
    sites[4].allocated_bytes = u64::MAX;
    sites[4].freed_bytes = u64::MAX;
    sites[4].temporary_bytes = u64::MAX;
    let stats = memscope_tracker::MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let mut bytes = Vec::new();
    BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records)
                .with_stacks(&stacks)
                .with_history(&History {
                    timeline: None,
                    ..history
                }),
            &mut bytes,
        )
        .unwrap();
    let mut out = Vec::new();
    let error = to_pprof(reader(&bytes), &mut out, WHOLE).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the allocated bytes of the call-site totals (sITE) of stack 4 is 18446744073709551615, \
         more than the signed 64-bit sample value of the pprof output holds (at most 9223372036854775807)"
    );
    assert!(out.is_empty(), "nothing written");
}
