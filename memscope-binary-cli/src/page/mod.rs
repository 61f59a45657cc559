//! The report: one self-contained HTML page per snapshot. The page is
//! [`TEMPLATE`] (its CSS and its small script inline) with these things
//! put in: the page's data as one JSON blob, which the script draws the
//! header, bars, histogram and tables from; inferno's flame graphs
//! ([`flame`]), each in a frame of its own (inferno's script expects a
//! document to itself); and, for a file with its run's timeline
//! (`tIME`), the chart of live bytes over the run ([`timeline`]), inline
//! SVG.
//!
//! A file with each call site's totals over the run (`sITE`) and call
//! stacks has four flame graphs under tabs, one per [`Measure`]: at the
//! peak (shown first), now, allocated over the run, and temporary; each
//! is bounded as the one graph of other files is
//! ([`flame::MAX_SVG_BYTES`]).
//!
//! Everything from the file is data: the JSON blob is escaped so that no
//! name can close its script element, the flame graphs' SVG is escaped
//! into an attribute, and the script writes names with `textContent`,
//! never as markup.

pub mod flame;
pub mod timeline;

use std::io::{self, Write};
use std::path::Path;

use memscope_analysis::{
    Analysis, Comparison, Diff, Grouped, Grouping, Measure, Naming, PeakNote, Summary, Tally,
};
use memscope_export::escape::SafeJson;
use memscope_export::format::{FileHeader, Flags};
use memscope_tracker::MemoryStats;
use serde::Serialize;

use crate::error::{CliError, Target};
use crate::units::utc_datetime;

pub use flame::{Drawn, growth_svg, svg};
pub use timeline::TimelineFacts;

/// The page, with `{{TITLE}}`, `{{DATA}}`, `{{TIMELINE}}`, `{{FLAME}}`,
/// `{{MEASURES}}` and `{{GROWTH}}` where the title, the data, the
/// timeline's chart, the flame graph of live bytes, the panels of the
/// other measures' flame graphs and the growth graph go.
pub const TEMPLATE: &str = include_str!("template.html");

/// The tabs of a file with its call sites' totals over the run, in
/// order, the first shown first: the measure, the id of its panel, tab
/// and frame (`flame` for the live bytes, the one graph of other files),
/// its tab's label, its heading, and what its graph says when it has no
/// bytes.
const TABS: [(Measure, &str, &str, &str, &str); 4] = [
    (
        Measure::Peak,
        "peak",
        "at the peak",
        "Bytes live at the peak by call stack",
        "No bytes were live at the peak.",
    ),
    (
        Measure::Now,
        "flame",
        "now",
        "Live bytes by call stack",
        "No live bytes: every block is empty.",
    ),
    (
        Measure::Total,
        "total",
        "total allocated",
        "Bytes allocated over the run by call stack",
        "Nothing was allocated over the run.",
    ),
    (
        Measure::Temporary,
        "temporary",
        "temporary",
        "Bytes allocated temporarily by call stack",
        "No block was temporary: none was freed by its thread before that thread allocated again.",
    ),
];

/// How many frames each stack of the growth table shows.
const GROWTH_DEPTH: usize = 10;

/// One file read whole: what the page says about it, and its analysis.
#[derive(Debug)]
pub struct Snapshot {
    /// What the page says about the file.
    pub facts: FileFacts,
    /// Its records, counted, and its frames, classified.
    pub analysis: Analysis,
}

impl Snapshot {
    /// The snapshot of `analysis`, the file at `path`.
    pub fn new(path: &Path, analysis: Analysis) -> Self {
        Snapshot {
            facts: FileFacts::new(path, analysis.header(), analysis.stats()),
            analysis,
        }
    }
}

/// What the page says about a file: its name, header and stats segment.
#[derive(Debug, Clone, Serialize)]
pub struct FileFacts {
    /// The path as the user gave it.
    pub path: String,
    /// The format version.
    pub version: u32,
    /// The header's flags, by name.
    pub flags: String,
    /// When it was exported, as a UTC date-time.
    pub exported: String,
    /// Its stats segment's counters.
    pub stats: Vec<Stat>,
}

impl FileFacts {
    /// The facts of the file at `path` with `header` and `stats`.
    pub fn new(path: &Path, header: &FileHeader, stats: &MemoryStats) -> Self {
        FileFacts {
            path: path.to_string_lossy().into_owned(),
            version: header.version,
            flags: Flags::from_bits(header.flags).to_string(),
            exported: utc_datetime(header.timestamp),
            stats: stats
                .exported_counters()
                .into_iter()
                .map(|counter| Stat {
                    name: counter.name,
                    value: counter.value,
                    bytes: counter.is_bytes,
                })
                .collect(),
        }
    }
}

/// One counter of the file's stats segment
/// ([`MemoryStats::exported_counters`]), in its order.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Stat {
    /// The field's name, e.g. `active_memory`.
    pub name: &'static str,
    /// Its value.
    pub value: u64,
    /// Whether it counts bytes (else blocks or operations).
    pub bytes: bool,
}

/// The JSON blob the page's script draws from.
#[derive(Debug, Clone, Serialize)]
pub struct PageData {
    /// The file the page is about.
    pub file: FileFacts,
    /// Its blocks by type name, by variable name and by size, and the
    /// largest with their call sites.
    pub summary: Summary,
    /// The call sites holding the most bytes, when the file has stacks.
    pub call_sites: Option<Grouped>,
    /// Whether the page has a flame graph, or why not.
    pub flame: GraphNote,
    /// With its call sites' totals over the run: a tab per measure, the
    /// first shown first (empty without them).
    pub measures: Vec<MeasureView>,
    /// How this snapshot stands to its run's peak, when the file has its
    /// run's history.
    pub peak: Option<PeakNote>,
    /// What the page says of the timeline's chart, when it has one.
    pub timeline: Option<TimelineFacts>,
    /// With `--base`: the earlier file and what changed since.
    pub base: Option<BaseData>,
}

/// One tab of the flame graphs: a [`Measure`] of the file's blocks by
/// call stack.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    /// The id of its panel (`ID-panel`), tab (`ID-tab`) and frame
    /// (`ID-frame`): `peak`, `flame` (now), `total` or `temporary`.
    pub id: &'static str,
    /// What it counts.
    pub measure: Measure,
    /// Its tab's label.
    pub tab: &'static str,
    /// The section's heading while it is shown.
    pub title: &'static str,
    /// Its blocks and bytes, all stacks together.
    pub total: Tally,
    /// Whether its flame graph is drawn, or why not.
    pub graph: GraphNote,
}

/// What `--base` adds to the page's data.
#[derive(Debug, Clone, Serialize)]
pub struct BaseData {
    /// The earlier file.
    pub file: FileFacts,
    /// What changed from it, by type name, by variable name, and by call
    /// site when both files have stacks.
    pub diff: Diff,
    /// Whether the page has a growth flame graph, or why not.
    pub growth: GraphNote,
}

/// Whether a flame graph is drawn, how many frames it has, and when it is
/// not drawn, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphNote {
    /// Whether it is drawn.
    pub drawn: bool,
    /// How many distinct frames (by name, in their callers) the stacks
    /// have.
    pub frames: usize,
    /// Why it is not drawn.
    pub why_not: Option<String>,
}

impl GraphNote {
    /// A graph that is drawn with `frames` frames.
    fn drawn(frames: usize) -> Self {
        GraphNote {
            drawn: true,
            frames,
            why_not: None,
        }
    }

    /// A graph that is not drawn, because `why`.
    fn not_drawn(why: String) -> Self {
        GraphNote {
            drawn: false,
            frames: 0,
            why_not: Some(why),
        }
    }
}

/// The whole page: its data and its flame graphs' SVG documents.
#[derive(Debug, Clone)]
pub struct Page {
    /// The data the script draws from.
    pub data: PageData,
    /// The flame graph of live bytes by call stack.
    pub flame: Option<String>,
    /// The flame graph of growth since the base.
    pub growth: Option<String>,
    /// The flame graphs of the other measures' tabs, by id, in tab order.
    pub measures: Vec<(&'static str, Option<String>)>,
    /// The chart of live bytes over the run.
    pub timeline: Option<String>,
}

/// The SVG of what was drawn, and what the page says about it.
fn note(drawn: Drawn, frames: usize) -> (Option<String>, GraphNote) {
    noted(drawn, frames, TABS[1].4)
}

/// The SVG of what was drawn, and what the page says about it; `empty`
/// when there were no bytes.
fn noted(drawn: Drawn, frames: usize, empty: &str) -> (Option<String>, GraphNote) {
    match drawn {
        Drawn::Graph(svg) => (Some(svg), GraphNote::drawn(frames)),
        Drawn::Empty => (None, GraphNote::not_drawn(empty.to_string())),
        Drawn::Failed(why) => (
            None,
            GraphNote::not_drawn(format!("The flame graph could not be drawn: {why}")),
        ),
    }
}

/// Why a file without stacks has no flame graph.
fn no_stacks(facts: &FileFacts) -> String {
    format!(
        "{} has no call stacks (format version {}, flag STACKS clear: it was exported without them), so live bytes are shown by type name and by variable name instead.",
        facts.path, facts.version
    )
}

/// What a page is drawn from: one file, or two files of one program read
/// as one comparison (so that their names match).
#[derive(Debug)]
pub enum Files {
    /// One file.
    One(Box<Snapshot>),
    /// A base and a later file.
    Compared(Box<Compared>),
}

/// Two files of one program, read together.
#[derive(Debug)]
pub struct Compared {
    /// What the page says about the base.
    pub base: FileFacts,
    /// What it says about the later file.
    pub current: FileFacts,
    /// Both files.
    pub comparison: Comparison,
}

impl Files {
    /// The comparison of the files at `base` and `current`.
    pub fn compared(base: &Path, current: &Path, comparison: Comparison) -> Self {
        let (old, new) = (comparison.old_file(), comparison.new_file());
        Files::Compared(Box::new(Compared {
            base: FileFacts::new(base, old.header(), old.stats()),
            current: FileFacts::new(current, new.header(), new.stats()),
            comparison,
        }))
    }
}

impl Page {
    /// The page of the later file of `files`, compared with the base when
    /// there is one. Lists show their `top` entries.
    pub fn new(files: Files, top: usize) -> Self {
        let (current_facts, current, base) = match &files {
            Files::One(snapshot) => (snapshot.facts.clone(), &snapshot.analysis, None),
            Files::Compared(compared) => (
                compared.current.clone(),
                compared.comparison.new_file(),
                Some((&compared.base, &compared.comparison)),
            ),
        };
        let naming = Naming::default();
        let tree = current.flame_tree(naming);
        let title = format!("Live bytes by call stack: {}", current_facts.path);
        let (flame, flame_note) = match &tree {
            None => (None, GraphNote::not_drawn(no_stacks(&current_facts))),
            Some(tree) => note(svg(tree, &title), tree.frame_count()),
        };
        let (measures, measure_graphs) = match (&tree, &current.history().sites) {
            (Some(_), Some(_)) => tabs(current, &current_facts, &flame_note, naming),
            _ => (Vec::new(), Vec::new()),
        };
        let history = current.history();
        let (timeline, timeline_facts) =
            history.timeline.as_ref().and_then(timeline::chart).unzip();
        let peak = (!history.is_empty()).then(|| current.peak_note());
        let summary = current.summary(top, naming);
        let call_sites = current
            .frames()
            .map(|_| current.group(Grouping::Function, top, naming));
        let mut growth = None;
        let base_data = base.map(|(base_facts, comparison)| {
            let old_tree = comparison.old_file().flame_tree(naming);
            let diff = comparison.diff(top, GROWTH_DEPTH, naming);
            let note = match (old_tree, &tree) {
                (None, _) => GraphNote::not_drawn(no_stacks(base_facts)),
                (_, None) => GraphNote::not_drawn(no_stacks(&current_facts)),
                (Some(old), Some(new)) => {
                    let title = format!("Growth by call stack since {}", base_facts.path);
                    let (svg, note) = note(growth_svg(&old, new, &title), new.frame_count());
                    growth = svg;
                    note
                }
            };
            BaseData {
                file: base_facts.clone(),
                diff,
                growth: note,
            }
        });
        let data = PageData {
            file: current_facts,
            summary,
            call_sites,
            flame: flame_note,
            measures,
            peak,
            timeline: timeline_facts,
            base: base_data,
        };
        Page {
            data,
            flame,
            growth,
            measures: measure_graphs,
            timeline,
        }
    }

    /// Writes the page: the template with the title, the data and the
    /// graphs put in.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let parts = [
            ("{{TITLE}}", Part::Text(&self.data.file.path)),
            ("{{DATA}}", Part::Data(&self.data)),
            ("{{TIMELINE}}", Part::Chart(self.timeline.as_deref())),
            ("{{FLAME}}", Part::Graph("flame", self.flame.as_deref())),
            ("{{MEASURES}}", Part::Panels(&self.measures)),
            ("{{GROWTH}}", Part::Graph("growth", self.growth.as_deref())),
        ];
        let mut rest = TEMPLATE;
        // The markers in the order they come in the template.
        while let Some((at, marker, part)) = parts
            .iter()
            .filter_map(|(marker, part)| rest.find(marker).map(|at| (at, marker, part)))
            .min_by_key(|&(at, ..)| at)
        {
            out.write_all(&rest.as_bytes()[..at])?;
            match part {
                Part::Text(text) => write_escaped(out, text)?,
                Part::Data(data) => write_data(out, data)?,
                Part::Graph(id, Some(svg)) => write_graph(out, id, svg)?,
                Part::Graph(_, None) | Part::Chart(None) => {}
                // Made of numbers and fixed words only (see `timeline`).
                Part::Chart(Some(svg)) => out.write_all(svg.as_bytes())?,
                Part::Panels(panels) => {
                    for (id, svg) in panels.iter() {
                        write!(
                            out,
                            r#"<div class="panel inactive" id="{id}-panel" role="tabpanel"><div class="toolbar" id="{id}-toolbar"></div>"#
                        )?;
                        if let Some(svg) = svg {
                            write_graph(out, id, svg)?;
                        }
                        write!(out, r#"<p class="note" id="{id}-note" hidden></p></div>"#)?;
                    }
                }
            }
            rest = &rest[at + marker.len()..];
        }
        out.write_all(rest.as_bytes())
    }
}

/// What goes where a marker of the template is.
enum Part<'a> {
    Text(&'a str),
    Data(&'a PageData),
    Graph(&'static str, Option<&'a str>),
    /// The timeline's SVG, as it is.
    Chart(Option<&'a str>),
    /// A panel per flame graph of the other measures, by id.
    Panels(&'a [(&'static str, Option<String>)]),
}

/// The tabs of `analysis`, a file with its call sites' totals and call
/// stacks (whose live bytes' graph is noted `now`), and the flame graphs
/// of the measures other than now, by id. A measure's graph is bounded
/// as every graph is ([`flame::MAX_SVG_BYTES`]).
fn tabs(
    analysis: &Analysis,
    facts: &FileFacts,
    now: &GraphNote,
    naming: Naming,
) -> (Vec<MeasureView>, Vec<(&'static str, Option<String>)>) {
    let mut views = Vec::new();
    let mut graphs = Vec::new();
    for (measure, id, tab, title, empty) in TABS {
        let (total, graph) = if measure == Measure::Now {
            (analysis.total(), now.clone())
        } else {
            let Some(counted) = analysis.at(measure) else {
                continue;
            };
            let (svg, graph) = match counted.flame_tree(naming) {
                None => (None, GraphNote::not_drawn(no_stacks(facts))),
                Some(tree) => noted(
                    svg(&tree, &format!("{title}: {}", facts.path)),
                    tree.frame_count(),
                    empty,
                ),
            };
            graphs.push((id, svg));
            (counted.total(), graph)
        };
        views.push(MeasureView {
            id,
            measure,
            tab,
            title,
            total,
            graph,
        });
    }
    (views, graphs)
}

/// `text` escaped for HTML text and attribute values.
fn write_escaped(out: &mut impl Write, text: &str) -> io::Result<()> {
    let mut start = 0;
    for (at, c) in text.char_indices() {
        let escaped = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        out.write_all(&text.as_bytes()[start..at])?;
        out.write_all(escaped.as_bytes())?;
        start = at + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])
}

/// `data` as JSON that can stand inside a `<script>` element: `<`, `>`
/// and `&` (which JSON has only inside strings) written as `\u003c`,
/// `\u003e` and `\u0026`, so no name can close the element or open a
/// comment; U+2028 and U+2029, and the characters terminals act on, are
/// `\u` escapes too ([`SafeJson`]).
pub fn write_data(out: &mut impl Write, data: &impl Serialize) -> io::Result<()> {
    let mut json = serde_json::Serializer::with_formatter(
        ScriptSafe { inner: &mut *out },
        SafeJson::compact(),
    );
    data.serialize(&mut json).map_err(io::Error::from)
}

/// A writer that escapes `<`, `>` and `&` as JSON `\u` escapes.
struct ScriptSafe<W> {
    inner: W,
}

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (at, &byte) in buf.iter().enumerate() {
            let escaped: &[u8] = match byte {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            self.inner.write_all(&buf[start..at])?;
            self.inner.write_all(escaped)?;
            start = at + 1;
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A flame graph: inferno's SVG (from its `<svg` on: the XML prolog has
/// no place in HTML) as the document of a frame of its own, escaped into
/// its `srcdoc` attribute.
///
/// inferno keeps the zoom and the search in the page's URL with
/// `history.replaceState`; a `srcdoc` frame's URL takes no query (the
/// browser throws, which would cut inferno's search short before it
/// says what matched), so the frame's `replaceState` does nothing.
fn write_graph(out: &mut impl Write, id: &str, svg: &str) -> io::Result<()> {
    let svg = svg.find("<svg").map_or(svg, |at| &svg[at..]);
    write!(
        out,
        r#"<iframe class="flame" id="{id}-frame" title="flame graph" srcdoc=""#
    )?;
    write_escaped(
        out,
        concat!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\">",
            "<style>html,body{margin:0;overflow:hidden}svg{display:block;width:100%}</style>",
            "<script>history.replaceState=function(){};</script></head><body>",
        ),
    )?;
    write_escaped(out, svg)?;
    write_escaped(out, "</body></html>")?;
    out.write_all(br#""></iframe>"#)
}

/// Writes `page` to `output` (`-o`), replaced atomically as every output
/// file is (a FIFO or a device written through), or else to `out`.
pub fn write_report(
    page: &Page,
    output: Option<&Path>,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match output {
        None => page.write_to(out).map_err(CliError::stdout),
        Some(path) => {
            // OUT may be standard output itself: what is buffered goes first.
            out.flush().map_err(CliError::stdout)?;
            memscope_export::write_atomically(path, |file| {
                let mut buffered = io::BufWriter::new(file);
                page.write_to(&mut buffered)
                    .and_then(|()| buffered.flush())
                    .map_err(|source| CliError::Output {
                        target: Target::File(path.to_owned()),
                        action: "cannot write",
                        source,
                    })
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memscope_analysis::{Comparison, Options};
    use memscope_export::BinaryReader;
    use memscope_test_support::{detailed, file_bytes, placed, record};
    use memscope_tracker::AllocationInfo;

    /// The bytes of a file of `records` without call stacks.
    fn file(records: &[AllocationInfo]) -> Vec<u8> {
        file_bytes(detailed(), &placed(records, &[], &[]), None, None)
    }

    /// A snapshot of `records` without call stacks.
    fn snapshot(records: &[AllocationInfo]) -> Snapshot {
        let bytes = file(records);
        let analysis = Analysis::read(std::io::Cursor::new(bytes), Options::default()).unwrap();
        Snapshot::new(Path::new("a.memscope"), analysis)
    }

    /// Two files of one program, read as one comparison.
    fn compared(base: &[AllocationInfo], now: &[AllocationInfo]) -> Files {
        let (base, now) = (file(base), file(now));
        let reader = |bytes| BinaryReader::from_bytes(bytes).unwrap();
        let comparison =
            Comparison::of_readers(reader(&base), reader(&now), Options::default()).unwrap();
        Files::compared(
            Path::new("base.memscope"),
            Path::new("a.memscope"),
            comparison,
        )
    }

    fn html(page: &Page) -> String {
        let mut out = Vec::new();
        page.write_to(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The JSON blob of a page, parsed.
    fn blob(html: &str) -> serde_json::Value {
        let start = html.find(r#"id="report-data">"#).unwrap() + r#"id="report-data">"#.len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn the_json_blob_cannot_end_its_script_element_and_reads_back_the_same() {
        let hostile = "</script><script>alert(1)</script><!-- & \u{2028}\u{2029}";
        let mut out = Vec::new();
        write_data(&mut out, &serde_json::json!({ "name": hostile })).unwrap();
        let json = String::from_utf8(out).unwrap();
        for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!json.contains(raw), "{raw:?} in {json}");
        }
        assert!(json.contains(r"\u003c/script\u003e"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], hostile);
    }

    #[test]
    fn a_page_without_stacks_has_the_views_by_name_and_says_why_it_has_no_flame_graph() {
        let records = [
            record(
                0x10,
                100,
                1,
                Some("<script>alert(1)</script>"),
                Some("Vec<u8>"),
            ),
            record(0x20, 50, 2, Some("buf"), None),
        ];
        let page = Page::new(Files::One(Box::new(snapshot(&records))), 10);
        assert_eq!(page.flame, None);
        let html = html(&page);
        assert!(!html.contains("{{"), "every marker filled");
        assert!(!html.contains("<iframe"));
        assert_eq!(
            html.matches("<script").count(),
            2,
            "the blob and the page's script"
        );
        let data = blob(&html);
        assert_eq!(data["summary"]["records"], 2);
        assert_eq!(data["summary"]["bytes"], 150);
        assert_eq!(
            data["summary"]["variables"][0]["label"],
            "<script>alert(1)</script>"
        );
        assert_eq!(data["summary"]["by_type"][0]["label"], "Vec<u8>");
        assert_eq!(data["call_sites"], serde_json::Value::Null);
        assert_eq!(data["summary"]["largest"][0]["size"], 100);
        assert_eq!(data["flame"]["drawn"], false);
        let why = data["flame"]["why_not"].as_str().unwrap();
        assert!(
            why.contains("no call stacks") && why.contains("version 1"),
            "{why}"
        );
        assert_eq!(data["base"], serde_json::Value::Null);
    }

    #[test]
    fn a_page_with_a_base_carries_the_growth_by_name() {
        let files = compared(
            &[record(0x10, 100, 1, Some("cache"), Some("Vec<u8>"))],
            &[
                record(0x10, 100, 1, Some("cache"), Some("Vec<u8>")),
                record(0x20, 400, 2, Some("cache"), Some("Vec<u8>")),
            ],
        );
        let page = Page::new(files, 10);
        let data = blob(&html(&page));
        let diff = &data["base"]["diff"];
        assert_eq!(diff["by_var"][0]["label"], "cache");
        assert_eq!(diff["by_var"][0]["bytes_delta"], 400);
        assert_eq!(diff["by_type"][0]["count_delta"], 1);
        assert_eq!(data["base"]["growth"]["drawn"], false);
    }

    #[test]
    fn with_a_base_the_largest_allocations_are_still_all_of_the_file_s() {
        let files = compared(
            &[record(0x10, 100, 1, Some("cache"), None)],
            &[
                record(0x10, 100, 1, Some("cache"), None),
                record(0x20, 400, 2, Some("cache"), None),
            ],
        );
        let data = blob(&html(&Page::new(files, 10)));
        let sizes: Vec<u64> = data["summary"]["largest"]
            .as_array()
            .unwrap()
            .iter()
            .map(|block| block["size"].as_u64().unwrap())
            .collect();
        assert_eq!(sizes, [400, 100]);
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        for needle in [
            "<link",
            " src=",
            "@import",
            "url(",
            "fetch(",
            "XMLHttpRequest",
            "@font-face",
        ] {
            assert!(!TEMPLATE.contains(needle), "{needle} in the template");
        }
    }

    #[test]
    fn a_flame_graph_is_escaped_into_its_frame_s_srcdoc() {
        let mut out = Vec::new();
        let svg = r#"<?xml version="1.0"?><svg a="1"><title>x &lt;b&gt; & 'y'</title></svg>"#;
        write_graph(&mut out, "flame", svg).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.starts_with(r#"<iframe class="flame" id="flame-frame""#));
        assert!(html.contains(
            "&lt;svg a=&quot;1&quot;&gt;&lt;title&gt;x &amp;lt;b&amp;gt; &amp; &#39;y&#39;"
        ));
        assert!(!html.contains("<?xml") && !html.contains("&lt;?xml"));
        assert_eq!(
            html.matches('"').count(),
            8,
            "only the iframe's own attributes: {html}"
        );
    }
}
