//! `report`: the page written for a file with call stacks, without them,
//! and against a base; names kept as text; failures as one error line
//! with any existing output left as it was.

use std::path::Path;

use serde_json::Value;

use crate::common::{
    detailed, later, record, run, s, stacked, stacks_of, write, write_with_stacks,
};

/// The page's JSON blob, parsed.
pub fn blob(html: &str) -> Value {
    let open = r#"<script type="application/json" id="report-data">"#;
    let start = html.find(open).expect("the data blob") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// The hover texts of the flame graph in the frame `id` (`flame` or
/// `growth`), as the browser reads them.
fn titles(html: &str, id: &str) -> Vec<String> {
    let open = format!(r#"<iframe class="flame" id="{id}-frame" title="flame graph" srcdoc=""#);
    let start = html.find(&open).expect("the frame") + open.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end]
        .split("&lt;title&gt;")
        .skip(1)
        .map(|t| t.split("&lt;/title&gt;").next().unwrap())
        .map(|t| t.replace("&amp;lt;", "<").replace("&amp;gt;", ">"))
        .collect()
}

/// Runs `report` with `args` and `-o dir/report.html`; the page.
fn report(dir: &Path, args: &[&str]) -> String {
    let out = dir.join("report.html");
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["-o", s(&out)]);
    let outcome = run(&all);
    outcome.assert_ok();
    assert_eq!(outcome.stdout, "", "the page goes to the file only");
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn a_file_with_stacks_gets_a_flame_graph_of_its_live_bytes_by_call_site() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "stacked.memscope");
    let html = report(dir.path(), &[s(&path)]);

    let mut titles = titles(&html, "flame");
    titles.sort();
    assert_eq!(
        titles,
        [
            "(no call stack) (12 bytes, 0.72%, 1 block)",
            "all (1,676 bytes, 100%, 6 blocks)",
            "app::index::add (300 bytes, 17.90%, 2 blocks)",
            "app::load (1,300 bytes, 77.57%, 2 blocks)",
            "app::main (1,664 bytes, 99.28%, 5 blocks)",
        ],
        "the allocator's and the library's frames below the call site left out, and the \
         frame without a symbol outside the program folded into the runtime"
    );
    let data = blob(&html);
    assert_eq!(data["file"]["path"], s(&path));
    assert_eq!(data["file"]["version"], 2);
    assert_eq!(data["file"]["exported"], "2023-11-14T22:13:20.123Z");
    assert_eq!(
        data["file"]["stats"][3],
        serde_json::json!({ "name": "active_memory", "value": 1676, "bytes": true })
    );
    assert_eq!(
        data["flame"],
        serde_json::json!({ "drawn": true, "frames": 4, "why_not": null })
    );
    let summary = &data["summary"];
    assert_eq!(
        (summary["records"].as_u64(), summary["bytes"].as_u64()),
        (Some(6), Some(1676))
    );
    assert_eq!(summary["by_type"][0]["label"], "String");
    assert_eq!(summary["by_type"][0]["bytes"], 1300);
    assert_eq!(summary["variables"][0]["label"], "text");
    assert_eq!(summary["largest"][0]["size"], 1000);
    // The largest blocks say where they were allocated, and the call
    // sites holding the most have a table of their own.
    assert_eq!(summary["largest"][0]["call_site"]["label"], "app::load");
    let sites = &data["call_sites"]["rows"];
    assert_eq!(
        (sites[0]["label"].as_str(), sites[0]["bytes"].as_u64()),
        (Some("app::load"), Some(1300))
    );
    assert_eq!(summary["histogram"].as_array().unwrap().len(), 5);
    assert_eq!(data["base"], Value::Null);
    assert!(!html.contains("growth-frame"));
}

#[test]
fn without_o_the_page_goes_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "stacked.memscope");
    let outcome = run(["report", s(&path)]);
    outcome.assert_ok();
    assert!(outcome.stdout.starts_with("<!DOCTYPE html>"));
    assert_eq!(outcome.stdout, report(dir.path(), &[s(&path)]));
}

#[test]
fn a_version_1_file_shows_the_views_by_name_and_says_why_there_is_no_flame_graph() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        record(0x1000, 64, 1, Some("buf"), Some("Vec<u8>")),
        record(0x2000, 16, 2, None, Some("String")),
    ];
    let path = write(dir.path(), "v1.memscope", detailed(), &records);
    let html = report(dir.path(), &[s(&path)]);
    assert!(!html.contains("<iframe"));
    let data = blob(&html);
    assert_eq!(data["file"]["version"], 1);
    assert_eq!(data["flame"]["drawn"], false);
    let why = data["flame"]["why_not"].as_str().unwrap();
    assert!(
        why.contains("no call stacks") && why.contains("by type name and by variable name"),
        "{why}"
    );
    assert_eq!(data["summary"]["by_type"][0]["label"], "Vec<u8>");
    assert_eq!(data["summary"]["variables"][0]["label"], "buf");
    assert_eq!(data["call_sites"], Value::Null);
}

#[test]
fn a_base_adds_the_growth_by_call_site_with_a_flame_graph_coloured_by_growth() {
    let dir = tempfile::tempdir().unwrap();
    let old = stacked(dir.path(), "stacked.memscope");
    let new = later(dir.path());
    let html = report(dir.path(), &[s(&new), "--base", s(&old)]);

    let mut titles = titles(&html, "growth");
    titles.sort();
    // The 64 bytes allocated in app::main (the frame without a symbol
    // beneath it is the runtime's) moved to app::index::add: changes are
    // shares of the bytes now, 1,676.
    assert_eq!(
        titles,
        [
            "(no call stack) (12 bytes, 0.72%; 0.00%)",
            "all (1,676 bytes, 100%)",
            "app::index::add (364 bytes, 21.72%; +3.82%)",
            "app::load (1,300 bytes, 77.57%; 0.00%)",
            "app::main (1,664 bytes, 99.28%; -3.82%)",
        ]
    );
    let base = &blob(&html)["base"];
    assert_eq!(base["file"]["path"], s(&old));
    assert_eq!(base["growth"]["drawn"], true);
    let by_stack = &base["diff"]["by_stack"];
    assert_eq!(by_stack[0]["bytes_delta"], 64);
    assert_eq!(by_stack[0]["frames"][2]["label"], "app::index::add");
    assert_eq!(by_stack[1]["bytes_delta"], -64);
    assert_eq!(by_stack[1]["frames"][0]["label"], "app::main");
    assert_eq!(by_stack[1]["frames_left_out"], 1, "the runtime's frame");
    let by_call_site = &base["diff"]["by_call_site"];
    assert_eq!(by_call_site[0]["label"], "app::index::add");
    assert_eq!(by_call_site[0]["bytes_delta"], 64);
    // The same records under the same names: nothing grew by name.
    assert_eq!(base["diff"]["by_var"], serde_json::json!([]));
    assert_eq!(base["diff"]["by_type"], serde_json::json!([]));
}

#[test]
fn a_base_without_stacks_compares_by_name_and_says_why_there_is_no_growth_graph() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "v1.memscope",
        detailed(),
        &[record(0x1000, 64, 1, Some("index"), Some("Vec<u32>"))],
    );
    let new = stacked(dir.path(), "stacked.memscope");
    let html = report(dir.path(), &[s(&new), "--base", s(&old)]);
    assert!(html.contains("flame-frame") && !html.contains("growth-frame"));
    let base = &blob(&html)["base"];
    assert!(
        base["growth"]["why_not"]
            .as_str()
            .unwrap()
            .contains(s(&old))
    );
    assert_eq!(base["diff"]["by_var"][0]["label"], "text");
    assert!(base["diff"].get("by_stack").is_none());
}

#[test]
fn names_from_the_file_are_text_in_the_page_never_markup() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "<script>alert(1)</script>";
    let function = "</script><img src=x onerror=alert(2)>";
    let stacks = stacks_of(&[&[(Some(function), Some("\"quoted\".rs"), 1, false)]]);
    let records = [record(0x1000, 64, 1, Some(evil), Some("&amp;<b>"))];
    let path = write_with_stacks(
        dir.path(),
        "evil.memscope",
        detailed(),
        &records,
        &stacks,
        &[1],
    );
    let html = report(dir.path(), &[s(&path)]);

    assert_eq!(
        html.matches("<script").count(),
        2,
        "the blob and the page's own script"
    );
    assert!(!html.contains("alert(1)</script>") && !html.contains("<img"));
    let data = blob(&html);
    assert_eq!(data["summary"]["variables"][0]["label"], evil);
    assert_eq!(data["summary"]["by_type"][0]["label"], "&amp;<b>");
    assert_eq!(data["call_sites"]["rows"][0]["label"], function);
    assert_eq!(
        titles(&html, "flame")
            .iter()
            .filter(|t| t.starts_with(function))
            .count(),
        1,
        "the function is a frame's text"
    );
}

#[test]
fn bad_input_is_one_error_line_and_leaves_the_existing_page() {
    let dir = tempfile::tempdir().unwrap();
    let good = stacked(dir.path(), "stacked.memscope");
    let damaged = dir.path().join("damaged.memscope");
    let mut bytes = std::fs::read(&good).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&damaged, bytes).unwrap();
    let out = dir.path().join("report.html");
    std::fs::write(&out, "the previous report").unwrap();
    let missing = dir.path().join("missing.memscope");

    for args in [
        vec!["report", s(&damaged), "-o", s(&out)],
        vec!["report", s(&missing), "-o", s(&out)],
        vec!["report", s(&good), "--base", s(&damaged), "-o", s(&out)],
    ] {
        run(&args).assert_one_error_line(&["memscope"]);
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the previous report"
        );
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
}

#[test]
fn the_output_is_replaced_atomically_and_a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "stacked.memscope");
    let out = dir.path().join("report.html");
    std::fs::write(&out, "the previous report").unwrap();
    run(["report", s(&path), "-o", s(&out)]).assert_ok();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    let subdir = dir.path().join("pages");
    std::fs::create_dir(&subdir).unwrap();
    run(["report", s(&path), "-o", s(&subdir)]).assert_one_error_line(&[s(&subdir)]);
    assert_eq!(std::fs::read_dir(&subdir).unwrap().count(), 0);
}

#[cfg(target_os = "linux")]
#[test]
fn the_output_to_dev_null_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "stacked.memscope");
    run(["report", s(&path), "-o", "/dev/null"]).assert_ok();
    assert!(Path::new("/dev/null").exists());
}

/// Writes the file of [`memscope_test_support::run_file_bytes`] (the six
/// records with their run's call-site totals and timeline) to
/// `dir/run.memscope`.
pub fn run_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("run.memscope");
    std::fs::write(&path, memscope_test_support::run_file_bytes(detailed())).unwrap();
    path
}

#[test]
fn a_file_with_its_run_s_history_gets_the_timeline_and_a_flame_graph_per_measure_the_peak_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = run_file(dir.path());
    let html = report(dir.path(), &[s(&path)]);
    let data = blob(&html);

    // A tab per measure, the peak first, each with its totals.
    let tabs: Vec<(&str, &str, u64, u64, bool)> = data["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap(),
                m["tab"].as_str().unwrap(),
                m["total"]["bytes"].as_u64().unwrap(),
                m["total"]["count"].as_u64().unwrap(),
                m["graph"]["drawn"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tabs,
        [
            ("peak", "at the peak", 6008, 8, true),
            ("flame", "now", 1676, 6, true),
            ("total", "total allocated", 4_098_076, 1009, true),
            ("temporary", "temporary", 4_096_100, 1001, true),
        ]
    );
    let sorted = |id| {
        let mut titles = titles(&html, id);
        titles.sort();
        titles
    };
    assert_eq!(
        sorted("peak"),
        [
            "(no call stack) (12 bytes, 0.20%, 1 block)",
            "all (6,008 bytes, 100%, 8 blocks)",
            "app::index::add (600 bytes, 9.99%, 4 blocks)",
            "app::load (1,300 bytes, 21.64%, 2 blocks)",
            "app::main (5,996 bytes, 99.80%, 7 blocks)",
            "app::parse (4,096 bytes, 68.18%, 1 block)",
        ],
        "at the peak, app::parse held most; it holds nothing now"
    );
    assert!(
        sorted("flame")
            .iter()
            .all(|title| !title.starts_with("app::parse")),
        "{:?}",
        sorted("flame")
    );
    assert_eq!(
        sorted("temporary"),
        [
            "all (4,096,100 bytes, 100%, 1,001 blocks)",
            "app::main (4,096,100 bytes, 100.00%, 1,001 blocks)",
            "app::parse (4,096,000 bytes, 100.00%, 1,000 blocks)",
        ],
        "app::index::add's 100 bytes are 0.002% wide, under the 0.05% drawn"
    );
    assert!(html.contains(r#"<div class="panel inactive" id="total-panel" role="tabpanel">"#));

    // The timeline: its chart inline, the peak labelled.
    let chart = html
        .split(r#"<svg class="timeline""#)
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("the chart, inline");
    let label = chart.split(r#"<text id="timeline-peak""#).nth(1).unwrap();
    assert!(
        label.contains(">peak 5.87 KiB at 22:13:14.623</text>"),
        "{label}"
    );
    assert_eq!(
        data["timeline"],
        serde_json::json!({
            "start": "2023-11-14T22:13:10.123Z",
            "span": "10.0 s",
            "buckets": 10,
            "bucket": "1.00 s",
            "columns": 10,
            "snapshots": 2,
            "peak": "peak 5.87 KiB at 22:13:14.623",
        })
    );
    assert_eq!(data["peak"]["now_bytes"], 1676);
    assert_eq!(data["peak"]["peak_bytes"], 6008);
    assert_eq!(
        data["peak"]["peak_time_ns"],
        memscope_test_support::PEAK_TIME
    );
}

#[test]
fn a_file_without_its_run_s_history_has_neither_timeline_nor_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "stacked.memscope");
    let html = report(dir.path(), &[s(&path)]);
    let data = blob(&html);
    assert_eq!(data["measures"], serde_json::json!([]));
    assert_eq!(
        (&data["timeline"], &data["peak"]),
        (&Value::Null, &Value::Null)
    );
    assert!(!html.contains("<svg class=\"timeline\""));
    assert_eq!(
        html.matches("<iframe").count(),
        1,
        "the live bytes' graph only"
    );
}
