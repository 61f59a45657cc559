//! The report's flame graphs: live bytes by call stack as an icicle (the
//! program's entry at the top, call sites at the bottom), and the growth
//! between two files. inferno draws them: its SVG brings its own zoom,
//! search, reset and hover details, which the page drives from outside.
//!
//! The stacks of a file are first merged into a [`FlameTree`] by the
//! frames' names (stacks that differ only in lines or addresses become
//! one path), from the records' counts by stack: the work and memory are
//! bounded by the file's stack tables, never by its records.

use std::collections::HashMap;

use inferno::flamegraph::color::{BasicPalette, Palette};
use inferno::flamegraph::{self, Direction, Options};
use memscope_analysis::{FlameTree, ShownName};

use crate::table::cell_text;
use crate::units::thousands;

/// Frames narrower than this share of the graph's width (in percent) are
/// left out: they would be under a pixel wide, and they make the page
/// large.
pub const MIN_WIDTH_PERCENT: f64 = 0.05;

/// The most bytes one graph's SVG may take: past it, the graph is drawn
/// again leaving out frames twice as wide, so that a page with two graphs
/// stays well under 5 MB and quick to open whatever the stacks.
pub const MAX_SVG_BYTES: usize = 2 << 20;

/// The icicle graph of `tree`'s bytes as an SVG document, each frame's
/// hover text saying its bytes, share and block count.
pub fn svg(tree: &FlameTree, title: &str) -> Drawn {
    if tree.total().bytes == 0 {
        return Drawn::Empty;
    }
    let lines: Vec<String> = tree
        .paths()
        .map(|(path, own)| format!("{} {}", inferno_path(path), own.bytes))
        .collect();
    let mut options = options(
        title,
        "Click a frame to zoom into it; hover for its bytes, share and blocks",
    );
    match draw(&mut options, &lines) {
        Drawn::Graph(svg) => Drawn::Graph(with_block_counts(&svg, &tree.frames_by_position())),
        other => other,
    }
}

/// The growth from `old` to `new` as an icicle graph: frames as wide as
/// their bytes in `new`, red where they grew and blue where they shrank.
pub fn growth_svg(old: &FlameTree, new: &FlameTree, title: &str) -> Drawn {
    if new.total().bytes == 0 {
        return Drawn::Empty;
    }
    let lines: Vec<String> = new
        .growth_from(old)
        .into_iter()
        .map(|(path, old, new)| format!("{} {old} {new}", inferno_path(path)))
        .collect();
    let mut options = options(
        title,
        "Width: bytes now; red grew, blue shrank; hover for the change",
    );
    draw(&mut options, &lines)
}

/// A tree's path as inferno reads it: each label cut and escaped as every
/// name shown is ([`SHOWN_BYTES`](memscope_analysis::SHOWN_BYTES),
/// [`cell_text`]), and written so that inferno reads it as one
/// frame's label whatever it holds: the space of a leading `# ` (a
/// comment line) or of a trailing number (a count) as a no-break space.
fn inferno_path(path: &str) -> String {
    path.split(';')
        .map(|label| {
            let shown = ShownName::of(label);
            let mut text = cell_text(shown.name.trim());
            if shown.is_cut() {
                text.push('…');
            }
            if text.starts_with("# ") {
                text.replace_range(1..2, "\u{a0}");
            }
            if let Some(space) = text.rfind(' ')
                && text[space + 1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
            {
                text.replace_range(space..space + 1, "\u{a0}");
            }
            text
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// inferno's options for the report's graphs: icicles in the memory
/// palette, colours by name (the same on every run), sized to their
/// container.
fn options<'a>(title: &str, subtitle: &str) -> Options<'a> {
    let mut options = Options::default();
    options.title = title.to_string();
    options.subtitle = Some(subtitle.to_string());
    options.direction = Direction::Inverted;
    options.colors = Palette::Basic(BasicPalette::Mem);
    options.hash = true;
    // The tree's order, frame by frame: sorted as text, as inferno sorts
    // its input, the paths through one frame can part (`f;g` sorts after
    // `f::{closure};h`) and draw it twice. inferno keeps the order of its
    // input only in flame-chart mode, which reads it last line first (and
    // merges consecutive frames as always): see `draw_once`.
    options.flame_chart = true;
    options.count_name = "bytes".to_string();
    options.name_type = "Frame:".to_string();
    options.min_width = MIN_WIDTH_PERCENT;
    options
}

/// What drawing a flame graph came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawn {
    /// The SVG document.
    Graph(String),
    /// Nothing to draw: no bytes.
    Empty,
    /// inferno refused the input, saying this.
    Failed(String),
}

/// inferno's SVG of `lines` (collapsed stacks, in a tree's order), in at most
/// [`MAX_SVG_BYTES`].
fn draw(options: &mut Options<'_>, lines: &[String]) -> Drawn {
    draw_within(options, lines, MAX_SVG_BYTES)
}

/// inferno's SVG of `lines` in at most `budget` bytes: drawn again with
/// twice the least frame width while it is larger (up to frames of 3.2%,
/// at most 31 a row, which fit any budget worth having).
fn draw_within(options: &mut Options<'_>, lines: &[String], budget: usize) -> Drawn {
    loop {
        let drawn = draw_once(options, lines);
        match &drawn {
            Drawn::Graph(svg) if svg.len() > budget && options.min_width < 3.2 => {
                options.min_width *= 2.0;
            }
            _ => return drawn,
        }
    }
}

/// inferno's SVG of `lines`.
fn draw_once(options: &mut Options<'_>, lines: &[String]) -> Drawn {
    let mut svg = Vec::new();
    // Last line first: flame-chart mode reverses them (see `options`).
    match flamegraph::from_lines(options, lines.iter().rev().map(String::as_str), &mut svg) {
        Ok(()) => match String::from_utf8(svg) {
            Ok(svg) => Drawn::Graph(svg),
            Err(e) => Drawn::Failed(e.to_string()),
        },
        Err(e) => Drawn::Failed(e.to_string()),
    }
}

/// `svg` with each frame's hover text (its `<title>`, e.g. `f (1,024
/// bytes, 50.00%)`) given the frame's block count from `counts`, found by
/// the frame's depth (from its `y`) and left edge (`fg:x`): `f (1,024
/// bytes, 50.00%, 3 blocks)`.
fn with_block_counts(svg: &str, counts: &HashMap<(usize, u64), u64>) -> String {
    struct Found {
        /// Where the title's closing `)` is.
        close: usize,
        y: f64,
        x: u64,
    }
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = svg[from..].find("<g><title>").map(|i| from + i) {
        let Some(end) = svg[start..].find("</title>").map(|i| start + i) else {
            break;
        };
        let rect_end = svg[end..].find("/>").map_or(svg.len(), |i| end + i);
        let rect = &svg[end..rect_end];
        let y = attribute(rect, " y=\"").and_then(|v| v.parse().ok());
        let x = attribute(rect, " fg:x=\"").and_then(|v| v.parse().ok());
        if let (Some(y), Some(x), true) = (y, x, svg[..end].ends_with(')')) {
            found.push(Found {
                close: end - 1,
                y,
                x,
            });
        }
        from = end;
    }
    let top = found.iter().map(|f| f.y).fold(f64::INFINITY, f64::min);
    let height = flamegraph::defaults::FRAME_HEIGHT as f64;
    let mut out = String::with_capacity(svg.len() + found.len() * 16);
    let mut copied = 0;
    for f in &found {
        let depth = ((f.y - top) / height).round() as usize;
        if let Some(&blocks) = counts.get(&(depth, f.x)) {
            out.push_str(&svg[copied..f.close]);
            let plural = if blocks == 1 { "" } else { "s" };
            out.push_str(&format!(", {} block{plural}", thousands(blocks)));
            copied = f.close;
        }
    }
    out.push_str(&svg[copied..]);
    out
}

/// The value of the attribute that `prefix` (` name="`) opens in `tag`.
fn attribute<'a>(tag: &'a str, prefix: &str) -> Option<&'a str> {
    let start = tag.find(prefix)? + prefix.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;
    use memscope_analysis::Tally;

    fn tally(count: u64, bytes: u64) -> Tally {
        Tally::new(count, bytes)
    }

    fn path(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|l| l.to_string()).collect()
    }

    /// The `<title>`s of an SVG, unescaped enough to read.
    fn titles(svg: &str) -> Vec<String> {
        svg.split("<title>")
            .skip(1)
            .filter_map(|t| t.split_once("</title>"))
            .map(|(t, _)| t.replace("&lt;", "<").replace("&gt;", ">"))
            .collect()
    }

    /// Two stacks under `app::main`, one without a symbol, and records
    /// without a stack, as `memscope-analysis` merges them.
    fn tree() -> FlameTree {
        let mut tree = FlameTree::default();
        tree.add(&path(&["app::main", "app::index::add"]), tally(2, 300));
        tree.add(&path(&["app::main", "app::load"]), tally(2, 1300));
        tree.add(&path(&["app::main", "app+0x106"]), tally(1, 64));
        tree.add(&path(&["(no call stack)"]), tally(1, 12));
        tree
    }

    #[test]
    fn a_label_is_cut_and_escaped_like_every_name_shown() {
        assert_eq!(
            inferno_path("<[u8\u{ff1b} 4] as app::Fill>::fill\u{202e};main"),
            "\"<[u8\u{ff1b} 4] as app::Fill>::fill\\u{202e}\";main"
        );
        let long = "f".repeat(1000);
        assert_eq!(inferno_path(&long), format!("{}…", "f".repeat(256)));
    }

    #[test]
    fn every_frame_s_hover_text_says_its_bytes_share_and_blocks() {
        let Drawn::Graph(svg) = svg(&tree(), "Live bytes") else {
            panic!("a graph")
        };
        let mut titles = titles(&svg);
        titles.sort();
        assert_eq!(
            titles,
            [
                "(no call stack) (12 bytes, 0.72%, 1 block)",
                "all (1,676 bytes, 100%, 6 blocks)",
                "app+0x106 (64 bytes, 3.82%, 1 block)",
                "app::index::add (300 bytes, 17.90%, 2 blocks)",
                "app::load (1,300 bytes, 77.57%, 2 blocks)",
                "app::main (1,664 bytes, 99.28%, 5 blocks)",
            ]
        );
        assert!(svg.contains("function zoom(") && svg.contains("function search("));
    }

    #[test]
    fn frames_too_narrow_to_see_are_left_out_and_the_rest_keep_their_block_counts() {
        // One wide stack and 3,000 stacks of one byte each: 0.0003% wide.
        let mut tree = FlameTree::default();
        tree.add(
            &["main".to_string(), "big".to_string()],
            tally(7, 10_000_000),
        );
        for i in 0..3000 {
            tree.add(&["main".to_string(), format!("tiny{i}")], tally(1, 1));
        }
        let Drawn::Graph(svg) = svg(&tree, "Live bytes") else {
            panic!("a graph")
        };
        let titles = titles(&svg);
        assert_eq!(titles.len(), 3, "all, main, big: {titles:?}");
        assert!(titles.contains(&"big (10,000,000 bytes, 99.97%, 7 blocks)".to_string()));
        assert!(titles.contains(&"main (10,003,000 bytes, 100.00%, 3,007 blocks)".to_string()));
    }

    #[test]
    fn a_frame_whose_name_prefixes_its_siblings_is_drawn_once_with_all_its_blocks() {
        let path = |frames: &[&str]| frames.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        let mut tree = FlameTree::default();
        tree.add(&path(&["main", "handler1"]), tally(1, 100));
        tree.add(&path(&["main", "handler1", "stage"]), tally(2, 100));
        tree.add(&path(&["main", "handler10"]), tally(4, 100));
        tree.add(&path(&["main", "handler1-x"]), tally(8, 100));
        let drawn = svg(&tree, "Live bytes");
        let Drawn::Graph(svg) = drawn else {
            panic!("a graph: {drawn:?}")
        };
        let mut titles = titles(&svg);
        titles.sort();
        // As text, "handler1-x" and "handler10" sort between "handler1"
        // and "handler1;stage"; drawn in the tree's order, handler1 is one
        // frame.
        assert_eq!(
            titles,
            [
                "all (400 bytes, 100%, 15 blocks)",
                "handler1 (200 bytes, 50.00%, 3 blocks)",
                "handler1-x (100 bytes, 25.00%, 8 blocks)",
                "handler10 (100 bytes, 25.00%, 4 blocks)",
                "main (400 bytes, 100.00%, 15 blocks)",
                "stage (100 bytes, 25.00%, 2 blocks)",
            ]
        );
    }

    #[test]
    fn names_inferno_would_read_as_a_count_or_a_comment_stay_names() {
        assert_eq!(inferno_path("# main;f 12"), "#\u{a0}main;f\u{a0}12");
        let mut tree = FlameTree::default();
        tree.add(&path(&["# main", "f 12"]), tally(1, 5));
        let Drawn::Graph(svg) = svg(&tree, "Live bytes") else {
            panic!("a graph")
        };
        let mut titles = titles(&svg);
        titles.sort();
        assert_eq!(
            titles,
            [
                "#\u{a0}main (5 bytes, 100.00%, 1 block)",
                "all (5 bytes, 100%, 1 block)",
                "f\u{a0}12 (5 bytes, 100.00%, 1 block)",
            ]
        );
    }

    #[test]
    fn a_graph_too_large_for_its_budget_leaves_out_more_narrow_frames() {
        // 400 leaves of 0.25% each under 10 levels of one frame each.
        let lines: Vec<String> = (0..400)
            .map(|i| format!("a;b;c;d;e;f;g;h;i;j;leaf{i:03} 1"))
            .collect();
        let mut whole_options = options("Live bytes", "");
        let Drawn::Graph(whole) = draw_within(&mut whole_options, &lines, usize::MAX) else {
            panic!("a graph")
        };
        assert_eq!(titles(&whole).len(), 411);
        let mut cut_options = options("Live bytes", "");
        let Drawn::Graph(cut) = draw_within(&mut cut_options, &lines, whole.len() / 2) else {
            panic!("a graph")
        };
        assert!(cut.len() <= whole.len() / 2, "{} bytes", cut.len());
        assert_eq!(
            cut_options.min_width, 0.4,
            "doubled three times, past the leaves' 0.25%"
        );
        assert_eq!(
            titles(&cut).len(),
            11,
            "the root and the ten levels above the leaves"
        );
    }

    #[test]
    fn no_bytes_draw_no_graph() {
        let mut tree = FlameTree::default();
        tree.add(&["main".to_string()], tally(3, 0));
        assert_eq!(svg(&tree, "Live bytes"), Drawn::Empty);
        assert_eq!(
            growth_svg(&tree, &FlameTree::default(), "Growth"),
            Drawn::Empty
        );
    }

    #[test]
    fn the_growth_graph_is_as_wide_as_the_bytes_now_and_says_each_frame_s_change() {
        let path = |frames: &[&str]| frames.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        let mut old = FlameTree::default();
        old.add(&path(&["main", "load"]), tally(1, 100));
        old.add(&path(&["main", "gone"]), tally(1, 100));
        let mut new = FlameTree::default();
        new.add(&path(&["main", "load"]), tally(2, 300));
        new.add(&path(&["main", "cache"]), tally(1, 100));
        let Drawn::Graph(svg) = growth_svg(&old, &new, "Growth") else {
            panic!("a graph")
        };
        let mut titles = titles(&svg);
        titles.sort();
        // Changes are shares of the bytes now (400); `gone` has no width.
        assert_eq!(
            titles,
            [
                "all (400 bytes, 100%)",
                "cache (100 bytes, 25.00%; +25.00%)",
                "load (300 bytes, 75.00%; +50.00%)",
                "main (400 bytes, 100.00%; 0.00%)",
            ]
        );
    }
}
