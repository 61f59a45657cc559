//! The report's timeline: the live bytes of the run (FORMAT.md's `tIME`)
//! as an inline SVG chart drawn here, not by the page's script: a band
//! from the least to the most live bytes of each bucket, the peak marked
//! and labelled (`peak 5.87 KiB at 22:13:14.623`), and a line at each
//! snapshot (export). Every text in it is made here from numbers: nothing
//! of the file's names goes in.
//!
//! The chart's size is bounded whatever the file holds: at most
//! [`MAX_COLUMNS`] columns (neighbouring buckets merged, their least and
//! most kept) and at most one mark line per column (the snapshots that
//! fall in one column share it).

use std::fmt::Write as _;

use memscope_export::{Mark, MarkKind, RunTimeline, TimelineBucket};
use serde::Serialize;

use crate::units::{thousands, utc_datetime};

/// The most columns the band is drawn with.
pub const MAX_COLUMNS: usize = 500;

/// The chart's size in SVG units (it scales to the page's width).
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 240.0;
/// The plot's margins: the axis labels on the left and below, the peak's
/// label above.
const LEFT: f64 = 76.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 28.0;

/// What the page says of the timeline beside the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineFacts {
    /// When the first bucket starts, as a UTC date-time.
    pub start: String,
    /// How long the chart spans, e.g. `10.0 s`.
    pub span: String,
    /// How many buckets the file has.
    pub buckets: usize,
    /// How long each lasts, e.g. `1.00 s`.
    pub bucket: String,
    /// How many columns they were drawn as.
    pub columns: usize,
    /// How many snapshots are marked.
    pub snapshots: usize,
    /// The peak's label, when anything was allocated.
    pub peak: Option<String>,
}

/// The chart of `timeline` and what the page says of it; `None` when it
/// has no bucket (nothing was ever allocated).
pub fn chart(timeline: &RunTimeline) -> Option<(String, TimelineFacts)> {
    if timeline.buckets.is_empty() {
        return None;
    }
    let bucket_ns = timeline.bucket_ns.max(1);
    let start = timeline.start_ns;
    let band_end = start.saturating_add(bucket_ns.saturating_mul(timeline.buckets.len() as u64));
    let mut end = band_end;
    for time in timeline.marks.iter().map(|m| m.time_ns) {
        end = end.max(time);
    }
    if let Some(peak) = timeline.peak {
        end = end.max(peak.time_ns);
    }
    let (per_column, columns) = columns(&timeline.buckets);
    let column_ns = bucket_ns.saturating_mul(per_column as u64);
    let mut most = columns.iter().map(|c| c.max_bytes).max().unwrap_or(0);
    most = most.max(timeline.peak.map_or(0, |p| p.bytes));
    most = most.max(timeline.marks.iter().map(|m| m.bytes).max().unwrap_or(0));
    let plot = Plot {
        start,
        span: end.saturating_sub(start).max(1),
        most: most.max(1),
    };

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="timeline" id="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="live bytes over the run" xmlns="http://www.w3.org/2000/svg">"#
    );
    // The axes: three levels, and the first and last instants.
    for (share, anchor) in [(0.0, "0"), (0.5, "half"), (1.0, "top")] {
        let level = (plot.most as f64 * share).round() as u64;
        let y = plot.y(level);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{x2}" y2="{y:.1}"/><text class="axis" id="timeline-level-{anchor}" x="{x:.1}" y="{ty:.1}" text-anchor="end">{}</text>"#,
            level_text(level),
            x2 = WIDTH - RIGHT,
            x = LEFT - 6.0,
            ty = y + 4.0,
        );
    }
    let bottom = HEIGHT - BOTTOM + 18.0;
    let _ = write!(
        svg,
        r#"<text class="axis" id="timeline-start" x="{LEFT}" y="{bottom}">{}</text><text class="axis" id="timeline-end" x="{x}" y="{bottom}" text-anchor="end">{}</text>"#,
        time_of_day(start),
        time_of_day(end),
        x = WIDTH - RIGHT,
    );
    // The band: the most live bytes left to right, then the least right
    // to left, a step a column; the level after the last bucket is the
    // last snapshot's when it is later.
    let mut top = Vec::with_capacity(2 * columns.len() + 2);
    let mut under = Vec::with_capacity(2 * columns.len() + 2);
    for (i, column) in columns.iter().enumerate() {
        let from = start.saturating_add(column_ns.saturating_mul(i as u64));
        let to = from.saturating_add(column_ns).min(band_end);
        let (x0, x1) = (plot.x(from), plot.x(to));
        top.push((x0, plot.y(column.max_bytes)));
        top.push((x1, plot.y(column.max_bytes)));
        under.push((x0, plot.y(column.min_bytes)));
        under.push((x1, plot.y(column.min_bytes)));
    }
    if let Some(last) = timeline.marks.last().filter(|m| m.time_ns > band_end) {
        let level = plot.y(last.bytes);
        top.extend([(plot.x(band_end), level), (plot.x(last.time_ns), level)]);
        under.extend([(plot.x(band_end), level), (plot.x(last.time_ns), level)]);
    }
    svg.push_str(r#"<polygon class="band" id="timeline-band" points=""#);
    for (x, y) in top.iter().chain(under.iter().rev()) {
        let _ = write!(svg, "{x:.1},{y:.1} ");
    }
    svg.push_str(r#""/>"#);
    // The snapshots: one line a column, the file's own the last.
    let groups = mark_groups(&timeline.marks, &plot);
    for (n, group) in groups.iter().enumerate() {
        let own =
            n + 1 == groups.len() && group.last().is_some_and(|m| m.kind == MarkKind::Snapshot);
        let x = plot.x(group[0].time_ns);
        let _ = write!(
            svg,
            r#"<g class="mark{}"><title>{}</title><line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{y2}"/></g>"#,
            if own { " own" } else { "" },
            mark_text(group, own),
            y2 = HEIGHT - BOTTOM,
        );
    }
    // The peak, labelled, the label kept inside the chart.
    let peak = timeline.peak.map(|peak| {
        let label = format!(
            "peak {} at {}",
            level_text(peak.bytes),
            time_of_day(peak.time_ns)
        );
        let (x, y) = (plot.x(peak.time_ns), plot.y(peak.bytes));
        let anchor = if x > WIDTH * 0.7 { "end" } else { "start" };
        let tx = if anchor == "end" { x - 6.0 } else { x + 6.0 };
        let _ = write!(
            svg,
            r#"<g class="peak"><title>{} bytes in {} blocks at {}</title><circle cx="{x:.1}" cy="{y:.1}" r="4"/><text id="timeline-peak" x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}">{label}</text></g>"#,
            thousands(peak.bytes),
            thousands(peak.blocks),
            utc_datetime(peak.time_ns),
            ty = (y - 8.0).max(12.0),
        );
        label
    });
    svg.push_str("</svg>");
    let facts = TimelineFacts {
        start: utc_datetime(start),
        span: duration(end.saturating_sub(start)),
        buckets: timeline.buckets.len(),
        bucket: duration(bucket_ns),
        columns: columns.len(),
        snapshots: timeline
            .marks
            .iter()
            .filter(|m| m.kind == MarkKind::Snapshot)
            .count(),
        peak,
    };
    Some((svg, facts))
}

/// Where a time and a level go on the chart.
struct Plot {
    start: u64,
    span: u64,
    most: u64,
}

impl Plot {
    fn x(&self, time_ns: u64) -> f64 {
        let share = time_ns.saturating_sub(self.start) as f64 / self.span as f64;
        LEFT + share.min(1.0) * (WIDTH - LEFT - RIGHT)
    }

    fn y(&self, bytes: u64) -> f64 {
        let share = bytes as f64 / self.most as f64;
        HEIGHT - BOTTOM - share.min(1.0) * (HEIGHT - TOP - BOTTOM - 8.0)
    }
}

/// `buckets` merged into at most [`MAX_COLUMNS`] columns of as many
/// buckets each (the last may have fewer), each the least and most of
/// its buckets; with how many buckets a column has.
fn columns(buckets: &[TimelineBucket]) -> (usize, Vec<TimelineBucket>) {
    let per_column = buckets.len().div_ceil(MAX_COLUMNS).max(1);
    let columns = buckets
        .chunks(per_column)
        .map(|chunk| TimelineBucket {
            min_bytes: chunk.iter().map(|b| b.min_bytes).min().unwrap_or(0),
            max_bytes: chunk.iter().map(|b| b.max_bytes).max().unwrap_or(0),
            min_blocks: chunk.iter().map(|b| b.min_blocks).min().unwrap_or(0),
            max_blocks: chunk.iter().map(|b| b.max_blocks).max().unwrap_or(0),
        })
        .collect();
    (per_column, columns)
}

/// The marks, those that fall within one column's width of the first of
/// their group together, in order: at most one line per column.
fn mark_groups<'a>(marks: &'a [Mark], plot: &Plot) -> Vec<Vec<&'a Mark>> {
    let width = (WIDTH - LEFT - RIGHT) / MAX_COLUMNS as f64;
    let mut groups: Vec<Vec<&Mark>> = Vec::new();
    for mark in marks {
        match groups.last_mut() {
            Some(group) if plot.x(mark.time_ns) - plot.x(group[0].time_ns) < width => {
                group.push(mark);
            }
            _ => groups.push(vec![mark]),
        }
    }
    groups
}

/// The hover text of a group of marks: each one's kind, time and level
/// (the first and last of a larger group).
fn mark_text(group: &[&Mark], own: bool) -> String {
    let one = |mark: &Mark| {
        let kind = match mark.kind {
            MarkKind::Snapshot => "snapshot".to_owned(),
            MarkKind::Other(kind) => format!("mark of kind {kind}"),
        };
        format!(
            "{kind} at {}: {} bytes in {} blocks",
            time_of_day(mark.time_ns),
            thousands(mark.bytes),
            thousands(mark.blocks)
        )
    };
    let text = match group {
        [mark] => one(mark),
        [first, .., last] => format!(
            "{} marks, from {} to {}",
            group.len(),
            one(first),
            one(last)
        ),
        [] => String::new(),
    };
    if own {
        format!("{text} (this file's)")
    } else {
        text
    }
}

/// `bytes` in three significant digits of the largest binary unit that
/// keeps the value at least 1: `512 B`, `5.87 KiB`, `558 MiB`.
pub fn level_text(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let digits = if unit == 0 || value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {}", UNITS[unit])
}

/// The UTC time of day of `nanos` (since the UNIX epoch) to the
/// millisecond: `22:13:14.623`.
pub fn time_of_day(nanos: u64) -> String {
    let datetime = utc_datetime(nanos);
    // `2023-11-14T22:13:14.623Z`: the part between `T` and `Z`.
    datetime
        .split_once('T')
        .map_or(datetime.clone(), |(_, time)| {
            time.trim_end_matches('Z').to_owned()
        })
}

/// A length of time in the unit that suits it: `250 ms`, `1.00 s`,
/// `10.0 s`, `2.5 min`, `3.2 h`.
pub fn duration(nanos: u64) -> String {
    let seconds = nanos as f64 / 1e9;
    if seconds < 1e-3 {
        format!("{} µs", nanos / 1000)
    } else if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1e3)
    } else if seconds < 10.0 {
        format!("{seconds:.2} s")
    } else if seconds < 120.0 {
        format!("{seconds:.1} s")
    } else if seconds < 7200.0 {
        format!("{:.1} min", seconds / 60.0)
    } else {
        format!("{:.1} h", seconds / 3600.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memscope_test_support::{PEAK_TIME, run_timeline};

    /// The texts of the elements of `svg` whose markup starts with `open`.
    fn texts<'a>(svg: &'a str, open: &str) -> Vec<&'a str> {
        svg.split(open)
            .skip(1)
            .filter_map(|rest| rest.split_once('>'))
            .filter_map(|(_, rest)| rest.split_once('<'))
            .map(|(text, _)| text)
            .collect()
    }

    #[test]
    fn the_peak_is_labelled_with_its_level_and_its_time_of_day() {
        let (svg, facts) = chart(&run_timeline()).unwrap();
        assert_eq!(
            texts(&svg, r#"<text id="timeline-peak""#),
            ["peak 5.87 KiB at 22:13:14.623"]
        );
        assert_eq!(facts.peak.as_deref(), Some("peak 5.87 KiB at 22:13:14.623"));
        assert_eq!(
            texts(&svg, "<g class=\"peak\"><title"),
            ["6,008 bytes in 8 blocks at 2023-11-14T22:13:14.623Z"]
        );
        assert_eq!(time_of_day(PEAK_TIME), "22:13:14.623");
    }

    #[test]
    fn the_chart_spans_the_run_and_marks_each_snapshot_the_file_s_own_last() {
        let (svg, facts) = chart(&run_timeline()).unwrap();
        assert_eq!(
            facts,
            TimelineFacts {
                start: "2023-11-14T22:13:10.123Z".to_owned(),
                span: "10.0 s".to_owned(),
                buckets: 10,
                bucket: "1.00 s".to_owned(),
                columns: 10,
                snapshots: 2,
                peak: Some("peak 5.87 KiB at 22:13:14.623".to_owned()),
            }
        );
        assert_eq!(
            texts(&svg, r#"<text class="axis" id="timeline-start""#),
            ["22:13:10.123"]
        );
        assert_eq!(
            texts(&svg, r#"<text class="axis" id="timeline-end""#),
            ["22:13:20.123"]
        );
        assert_eq!(
            texts(&svg, r#"<g class="mark"><title"#),
            ["snapshot at 22:13:12.123: 2,000 bytes in 3 blocks"]
        );
        assert_eq!(
            texts(&svg, r#"<g class="mark own"><title"#),
            ["snapshot at 22:13:20.123: 1,676 bytes in 6 blocks (this file's)"]
        );
        // The top level is the peak's; ten columns, two corners each, on
        // each side of the band.
        assert_eq!(
            texts(&svg, r#"<text class="axis" id="timeline-level-top""#),
            ["5.87 KiB"]
        );
        let band = svg.split(r#"id="timeline-band" points=""#).nth(1).unwrap();
        let points = band.split('"').next().unwrap().split_whitespace().count();
        assert_eq!(points, 40);
    }

    #[test]
    fn a_long_run_is_drawn_in_at_most_max_columns_keeping_each_extreme() {
        let mut timeline = run_timeline();
        timeline.buckets = (0..65_536u64)
            .map(|i| TimelineBucket {
                min_bytes: i,
                max_bytes: if i == 40_000 { 1 << 30 } else { i + 10 },
                min_blocks: 1,
                max_blocks: 2,
            })
            .collect();
        timeline.bucket_ns = 1_000_000;
        timeline.peak = None;
        timeline.marks = (0..65_536u64)
            .map(|i| Mark {
                kind: MarkKind::Snapshot,
                time_ns: timeline.start_ns + i * 1_000_000,
                bytes: i,
                blocks: 1,
            })
            .collect();
        let (svg, facts) = chart(&timeline).unwrap();
        assert_eq!((facts.buckets, facts.columns), (65_536, 497));
        assert_eq!(
            texts(&svg, r#"<text class="axis" id="timeline-level-top""#),
            ["1.00 GiB"],
            "the one bucket that reached 1 GiB is still seen"
        );
        let marks = svg.matches("<g class=\"mark").count();
        assert!(marks <= MAX_COLUMNS, "{marks} mark lines");
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
        assert!(!svg.contains("timeline-peak"), "no peak to label");
    }

    #[test]
    fn a_timeline_without_buckets_has_no_chart() {
        let timeline = RunTimeline {
            bucket_ns: 1,
            ..RunTimeline::default()
        };
        assert_eq!(chart(&timeline), None);
    }

    #[test]
    fn levels_and_lengths_read_in_three_digits() {
        assert_eq!(level_text(512), "512 B");
        assert_eq!(level_text(6008), "5.87 KiB");
        assert_eq!(level_text(558 << 20), "558 MiB");
        assert_eq!(level_text(15 << 19), "7.50 MiB");
        assert_eq!(level_text(25 << 20), "25.0 MiB");
        assert_eq!(duration(250_000_000), "250 ms");
        assert_eq!(duration(90_000_000_000), "90.0 s");
        assert_eq!(duration(150_000_000_000), "2.5 min");
        assert_eq!(duration(40_000), "40 µs");
    }
}
