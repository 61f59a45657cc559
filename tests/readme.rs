//! The README and the guides in `docs/`, kept true: every Rust snippet in
//! them is compiled and run, here (in a temporary directory) or as an
//! example (the setup, `examples/quickstart.rs`, run here as a program);
//! every relative link leads to a file; the README stays short and keeps
//! its two commands.
// The snippets bind what they show, and derive a type they do not use.
#![allow(unused_variables, dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The longest the README may be: a newcomer reads it to the end.
const README_MAX_LINES: usize = 250;

/// The README's two commands, exactly as a newcomer copies them.
const COMMANDS: [&str; 2] = [
    "cargo run --release --example track_workload   # the main job",
    "cargo test --workspace                          # every test, doc tests included",
];

/// Guides that check their own snippets: `docs/derive.md` has its own
/// tests, written with it.
const CHECKED_ELSEWHERE: [&str; 1] = ["derive.md"];

/// The README and every guide under `docs/`, sorted.
fn documents() -> Vec<PathBuf> {
    let mut documents = vec![root().join("README.md")];
    let mut guides: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    guides.sort();
    documents.extend(guides);
    documents
}

/// The fenced blocks of `text` opened with exactly "```" + `language`,
/// each as its lines.
fn blocks(text: &str, language: &str) -> Vec<Vec<String>> {
    let opening = format!("```{language}");
    let mut found = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut in_other = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            Some(lines) if is_closing(trimmed) => {
                found.push(std::mem::take(lines));
                current = None;
            }
            Some(lines) => lines.push(line.to_owned()),
            None if in_other => in_other = !is_closing(trimmed),
            None if trimmed == opening => current = Some(Vec::new()),
            None => in_other = trimmed.starts_with("```"),
        }
    }
    found
}

/// Whether `line` (trimmed) closes a fenced block: backticks alone.
fn is_closing(line: &str) -> bool {
    line.starts_with("```") && line.chars().all(|c| c == '`')
}

/// Whether `snippet`'s lines (indentation aside) appear one after the
/// other in `file`.
fn contains(file: &Path, snippet: &[String]) -> bool {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let wanted: Vec<&str> = snippet.iter().map(|l| l.trim()).collect();
    lines.windows(wanted.len()).any(|window| window == wanted)
}

#[test]
fn every_rust_snippet_of_the_readme_and_the_docs_is_compiled_here_or_is_an_example() {
    let mut homes = vec![root().join("tests/readme.rs")];
    // The workspace's examples, and the command-line tool's (the CI
    // guide's program, which its tests run).
    for examples in ["examples", "memscope-binary-cli/examples"] {
        for entry in std::fs::read_dir(root().join(examples)).unwrap() {
            homes.push(entry.unwrap().path());
        }
    }
    let mut count = 0;
    for document in documents() {
        let name = document.file_name().unwrap().to_str().unwrap();
        if document.parent() == Some(&root().join("docs")) && CHECKED_ELSEWHERE.contains(&name) {
            continue;
        }
        let text = std::fs::read_to_string(&document).unwrap();
        for snippet in blocks(&text, "rust") {
            count += 1;
            assert!(
                homes.iter().any(|home| contains(home, &snippet)),
                "this snippet of {} is neither in tests/readme.rs nor in an example:\n{}",
                document.display(),
                snippet.join("\n")
            );
        }
    }
    assert!(count >= 5, "the snippets were found ({count})");
}

#[test]
fn the_readme_is_short_enough_to_read_to_the_end() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines, more than {README_MAX_LINES}: move the detail to docs/"
    );
}

#[test]
fn the_readme_gives_the_two_commands_verbatim() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let shell: Vec<String> = blocks(&readme, "sh").into_iter().flatten().collect();
    for command in COMMANDS {
        assert!(
            shell.iter().any(|line| line == command),
            "README.md has no ```sh line that is exactly:\n{command}"
        );
    }
}

/// The targets of the inline links `[text](target)` of `text`.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        if let Some(end) = rest.find(')') {
            targets.push(rest[..end].trim().to_owned());
            rest = &rest[end..];
        }
    }
    targets
}

/// The anchors GitHub gives the headings of `text`: lower case, spaces
/// as hyphens, punctuation other than `-` and `_` left out.
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            let title = line.trim_start_matches('#').trim();
            let slug = title
                .chars()
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    '-' | '_' => Some(c),
                    c if c.is_alphanumeric() => Some(c.to_ascii_lowercase()),
                    _ => None,
                })
                .collect();
            found.push(slug);
        }
    }
    found
}

#[test]
fn every_relative_link_of_the_readme_and_the_docs_leads_to_a_file() {
    let mut checked = 0;
    for document in documents() {
        let text = std::fs::read_to_string(&document).unwrap();
        // Links in code blocks are code, not links.
        let prose: String = {
            let mut fenced = false;
            let mut kept = String::new();
            for line in text.lines() {
                if line.trim_start().starts_with("```") {
                    fenced = !fenced;
                } else if !fenced {
                    kept.push_str(line);
                    kept.push('\n');
                }
            }
            kept
        };
        for target in link_targets(&prose) {
            let path = target.split('#').next().unwrap();
            if path.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let resolved = document.parent().unwrap().join(path);
            checked += 1;
            assert!(
                resolved.exists(),
                "{} links to {target}, which is not there",
                document.display()
            );
            if let Some((_, anchor)) = target.split_once('#')
                && path.ends_with(".md")
            {
                let linked = std::fs::read_to_string(&resolved).unwrap();
                assert!(
                    anchors(&linked).iter().any(|a| a == anchor),
                    "{} links to {target}, whose headings have no #{anchor}",
                    document.display()
                );
            }
        }
    }
    assert!(checked >= 10, "the links were found ({checked})");
}

#[test]
fn the_checks_read_markdown_as_written() {
    let text = "a\n```rust\nlet x = 1;\n```\n```sh\nls\n```\n````text\n```rust\n````\nb\n";
    assert_eq!(blocks(text, "rust"), vec![vec!["let x = 1;".to_owned()]]);
    assert_eq!(blocks(text, "sh"), vec![vec!["ls".to_owned()]]);
    assert_eq!(
        link_targets("see [a](docs/A.md#x) and [b](https://e.invalid/) and [c](B.md)"),
        ["docs/A.md#x", "https://e.invalid/", "B.md"]
    );
    assert_eq!(
        anchors(
            "# A guide\n## Writing files: `write_atomically`\n```sh\n# not a heading\n```\n### --by: one"
        ),
        ["a-guide", "writing-files-write_atomically", "--by-one"]
    );
}

/// The quickstart example, as `cargo test` built it (a run of this test
/// alone, `--test readme`, builds no example: then it is built here).
fn quickstart() -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let profile = deps.parent().and_then(Path::parent).unwrap();
    let example = profile.join("examples").join("quickstart");
    if !example.exists() {
        let built = Command::new(env!("CARGO"))
            .args(["build", "--example", "quickstart"])
            .current_dir(root())
            .status()
            .unwrap();
        assert!(built.success());
    }
    example
}

#[test]
fn the_setup_in_the_readme_runs_and_its_file_answers_where_the_memory_is() {
    let dir = tempfile::tempdir().unwrap();
    let run = Command::new(quickstart())
        .current_dir(dir.path())
        .output()
        .expect("cargo test builds the examples");
    assert!(run.status.success(), "{run:?}");
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.ends_with("live blocks in app.memscope\n"), "{out}");

    let path = dir.path().join("app.memscope");
    let mut reader = memscope_export::BinaryReader::open(&path).unwrap();
    assert_eq!(reader.header().version, 2);
    let mut named = None;
    for record in reader.records() {
        let record = record.unwrap();
        // The scratch buffer of the paused section is not there.
        assert_ne!(record.allocation.size, 1 << 20);
        if record.allocation.var_name.as_deref() == Some("word counts") {
            let thread = record.thread.expect("a thread").name().map(str::to_owned);
            named = Some((record.stack_id().expect("a call stack"), thread));
        }
    }
    let (stack, thread) = named.expect("the map's table is named");
    assert_eq!(thread.as_deref(), Some("main"));

    // It was allocated in the example's main, as the analysis tells.
    use memscope_analysis::{Analysis, Grouping, Naming};
    let analysis = Analysis::open(&path).unwrap();
    let frames = analysis.frames().expect("call stacks");
    let site = frames
        .call_site(stack, Naming::default())
        .expect("a call site");
    assert_eq!(site.label, "quickstart::main");
    let by_var = analysis.group(Grouping::Var, 10, Naming::default());
    assert!(by_var.rows.iter().any(|row| row.label == "word counts"));
}

/// The library snippets of docs/LIBRARY.md, in its order, run in a
/// temporary directory (they write files where they stand). Kept as the
/// guide shows them, so not formatted.
#[rustfmt::skip]
#[test]
fn the_library_snippets_of_the_docs_run() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::env::set_current_dir(dir.path())?;

    // docs/LIBRARY.md: exporting
    use memscope_export::{BinaryExportConfig, BinaryExporter, TrackerBinaryExport, export_to_json};
    use memscope_tracker::MemoryTracker;

    let tracker = MemoryTracker::new(); // in a program: global_tracker(), fed by the TrackingAllocator
    tracker.record_alloc(0x1000, 64);
    let config = BinaryExportConfig::new().include_details(true).compression_level(3);
    let report = BinaryExporter::new(config).export(&tracker, "detailed.memscope")?;
    println!("{} records in {} bytes", report.allocations_count, report.file_size);
    tracker.export_to_binary("basic.memscope")?; // the default configuration
    let mut bytes = Vec::new();
    BinaryExporter::default().export_to_writer(&tracker, &mut bytes)?;
    export_to_json(&tracker, "state.json")?;

    assert_eq!(report.allocations_count, 1);
    assert_eq!(memscope_export::BinaryReader::from_bytes(&bytes)?.record_count(), 1);

    // docs/LIBRARY.md: reading
    use memscope_export::{BinaryReader, convert_to_json, read_file};

    let mut reader = BinaryReader::open("detailed.memscope")?;
    println!("{} records, flags {}", reader.record_count(), reader.flags());
    for record in reader.records() {
        let record = record?;
        let size = record.allocation.size; // an AllocationInfo
        if let Some(stack) = record.stack {
            for frame in stack.frames() { // innermost first: a ResolvedFrame
                println!("{:?} at {:?}:{:?}", frame.function, frame.file, frame.line);
            }
        }
        let thread = record.thread.and_then(|thread| thread.name());
    }
    let whole = read_file("detailed.memscope")?; // header, stats, records, stacks, threads
    convert_to_json(BinaryReader::open("detailed.memscope")?, std::io::stdout())?;

    assert_eq!(whole.records.len(), 1);
    assert_eq!(whole.records[0].allocation.size, 64);

    // docs/LIBRARY.md: analysing
    use memscope_analysis::{Analysis, Comparison, Grouping, Naming, Options};

    // The five call sites holding the most bytes.
    let analysis = Analysis::open("detailed.memscope")?;
    for site in analysis.group(Grouping::Function, 5, Naming::default()).rows {
        println!("{:>10} bytes in {:>6} blocks  {}", site.bytes, site.count, site.label);
    }
    let stacks = analysis.top_stacks(10, 10, Naming::default()); // `summary`: 10 stacks, 10 frames each
    let summary = analysis.summary(10, Naming::default()); // by type, variable, size; the largest blocks
    let flame = analysis.flame_tree(Naming::default()); // the report's flame graph; None without stacks

    // What grew between two exports, and what was allocated since the first.
    let comparison = Comparison::open("basic.memscope", "detailed.memscope", Options::default())?;
    let diff = comparison.diff(10, 10, Naming::default());
    println!("{}", serde_json::to_string(&diff)?); // what `diff --json` prints

    assert_eq!((summary.records, summary.bytes), (1, 64));
    assert!(flame.is_none() && stacks.stacks.is_empty(), "this tracker recorded no stacks");
    assert_eq!(diff.totals[0].tally.new_bytes, 64);

    deriving()
}

/// README: deriving the encoding.
#[rustfmt::skip]
fn deriving() -> Result<(), Box<dyn std::error::Error>> {
    use memscope_binary::{BinaryRecord, Layout};

    // Enums with data: the discriminant as the repr integer, then the fields.
    #[derive(BinaryRecord, Debug, PartialEq)]
    #[repr(u8)]
    enum Event {
        Alloc { ptr: u64, size: u64 } = 1,
        Free { ptr: u64 } = 2,
    }
    let bytes = Event::Free { ptr: 0x1000 }.to_bytes(Layout::Basic)?;
    assert_eq!(bytes, [2, 0x00, 0x10, 0, 0, 0, 0, 0, 0]);
    assert_eq!(Event::decode_slice(&bytes, Layout::Basic)?.0, Event::Free { ptr: 0x1000 });
    Ok(())
}
