//! [`FlameTree`]: a file's call stacks merged by their frames' labels,
//! each path from the program's outermost frame down to the call site,
//! with the blocks allocated there: what a flame graph draws. The
//! runtime above the program and the allocator's frames are left out,
//! and so are the standard library's frames beneath the call site.
//!
//! The tree is built from the counts by stack, never from the records:
//! the work and memory are bounded by the file's stack tables.

use std::collections::{BTreeMap, HashMap};

use memscope_export::StackId;
use serde::{Serialize, Serializer};

use crate::analysis::Analysis;
use crate::frames::{FrameClass, FrameTable, Naming};
use crate::tally::Tally;

/// What the frame of blocks without a call stack is called.
pub const NO_STACK: &str = "(no call stack)";

/// Call stacks merged by their frames' labels: each path of labels,
/// outermost frame first, with the blocks (and bytes) allocated there.
/// The paths are kept sorted frame by frame, so that the paths through
/// one frame are consecutive (a flame graph drawn from them in this
/// order, not sorted again as text, shows each frame once: as text,
/// `a;b;c` would sort after `a;b::x`, splitting `a;b`).
///
/// In JSON it is the list of its paths, each
/// `{"path": "a;b;c", "count": 3, "bytes": 1024}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlameTree {
    paths: BTreeMap<Path, Tally>,
}

/// A path of labels joined by `;`, ordered frame by frame.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Path(String);

impl Ord for Path {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.split(';').cmp(other.0.split(';'))
    }
}

impl PartialOrd for Path {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for FlameTree {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// One path of the tree as JSON shows it.
        #[derive(Serialize)]
        struct Shown<'a> {
            path: &'a str,
            #[serde(flatten)]
            tally: Tally,
        }
        serializer.collect_seq(self.paths().map(|(path, tally)| Shown { path, tally }))
    }
}

impl FlameTree {
    /// Counts `tally` under the path of frame labels `path`, outermost
    /// first. A label's `;` (which separates frames) is written as the
    /// full-width `；`.
    pub fn add(&mut self, path: &[String], tally: Tally) {
        let path: Vec<String> = path
            .iter()
            .map(|label| label.replace(';', "\u{ff1b}"))
            .collect();
        self.paths
            .entry(Path(path.join(";")))
            .or_default()
            .merge(tally);
    }

    /// Every path, sorted frame by frame, with the blocks allocated at
    /// its end: the collapsed-stack lines of flame-graph tools
    /// (`a;b;c 1024`), in the order to draw them in.
    pub fn paths(&self) -> impl Iterator<Item = (&str, Tally)> + '_ {
        self.paths
            .iter()
            .map(|(path, &tally)| (path.0.as_str(), tally))
    }

    /// All the blocks and bytes in the tree.
    pub fn total(&self) -> Tally {
        let mut total = Tally::default();
        for &tally in self.paths.values() {
            total.merge(tally);
        }
        total
    }

    /// The frames a flame graph draws for the paths, as it merges them
    /// (each run of consecutive paths with one label at one depth is one
    /// frame): the blocks under each, by its depth (the root is 0) and its
    /// left edge in bytes.
    pub fn frames_by_position(&self) -> HashMap<(usize, u64), u64> {
        let mut frames = HashMap::new();
        frames.insert((0, 0), self.total().count);
        // The frames open at depths 1, 2, ...: label, left edge, blocks.
        let mut open: Vec<(&str, u64, u64)> = Vec::new();
        let mut x = 0;
        let mut close = |open: &mut Vec<(&str, u64, u64)>, keep: usize| {
            for (i, &(_, left, count)) in open.iter().enumerate().skip(keep) {
                frames.insert((i + 1, left), count);
            }
            open.truncate(keep);
        };
        for (path, tally) in self.paths() {
            let labels: Vec<&str> = path.split(';').collect();
            let common = open
                .iter()
                .zip(&labels)
                .take_while(|(frame, label)| frame.0 == **label)
                .count();
            close(&mut open, common);
            open.extend(labels[common..].iter().map(|&label| (label, x, 0)));
            for frame in &mut open {
                frame.2 += tally.count;
            }
            x += tally.bytes;
        }
        close(&mut open, 0);
        frames
    }

    /// Every path of `old` or of `self` (the later tree), sorted, with
    /// its bytes in each: what a differential flame graph draws.
    pub fn growth_from<'a>(&'a self, old: &'a FlameTree) -> Vec<(&'a str, u64, u64)> {
        let mut both: BTreeMap<Path, (u64, u64)> = BTreeMap::new();
        for (path, tally) in &old.paths {
            both.entry(path.clone()).or_default().0 += tally.bytes;
        }
        for (path, tally) in &self.paths {
            both.entry(path.clone()).or_default().1 += tally.bytes;
        }
        both.into_iter()
            .map(|(path, (before, now))| {
                // The same text is in one of the trees: borrow it there.
                let text = self
                    .paths
                    .get_key_value(&path)
                    .or_else(|| old.paths.get_key_value(&path))
                    .map_or("", |(key, _)| key.0.as_str());
                (text, before, now)
            })
            .collect()
    }

    /// How many frames a flame graph of it has (the root not counted).
    pub fn frame_count(&self) -> usize {
        self.frames_by_position().len() - 1
    }
}

/// The labels a flame graph shows of stack `id`, outermost first: from
/// the first frame below the runtime down to the call site, the
/// allocator's frames left out.
pub fn flame_path(table: &FrameTable, id: StackId, naming: Naming) -> Vec<String> {
    let frames = table.frames(id, naming);
    let shape = table.shape(id);
    let Some(site) = shape.call_site else {
        return Vec::new();
    };
    let top = shape.runtime_from.max(site + 1).min(frames.len());
    frames[site..top]
        .iter()
        .rev()
        .filter(|frame| frame.class != FrameClass::Allocator)
        .filter(|frame| frame.position == site || frame.class != FrameClass::Runtime)
        .map(|frame| frame.label.clone())
        .collect()
}

impl Analysis {
    /// The flame tree of the file's blocks by call stack, the blocks
    /// without a stack under one frame of their own; `None` for a file
    /// without call stacks.
    pub fn flame_tree(&self, naming: Naming) -> Option<FlameTree> {
        let table = self.frames()?;
        let mut tree = FlameTree::default();
        for (id, tally) in self.stacks_with_blocks() {
            tree.add(&flame_path(table, id, naming), tally);
        }
        if self.without_stack().count > 0 {
            tree.add(&[NO_STACK.to_owned()], self.without_stack());
        }
        Some(tree)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(count: u64, bytes: u64) -> Tally {
        Tally::new(count, bytes)
    }

    fn path(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_frame_is_drawn_once_whatever_its_siblings_names() {
        let mut tree = FlameTree::default();
        tree.add(&path(&["main", "handler1"]), tally(1, 100));
        tree.add(&path(&["main", "handler1", "stage"]), tally(2, 100));
        tree.add(&path(&["main", "handler10"]), tally(4, 100));
        let frames = tree.frames_by_position();
        assert_eq!(frames[&(0, 0)], 7);
        assert_eq!(frames[&(1, 0)], 7, "main");
        assert_eq!(tree.frame_count(), 4, "main, handler1, stage, handler10");
        let order: Vec<&str> = tree.paths().map(|(path, _)| path).collect();
        assert_eq!(
            order,
            ["main;handler1", "main;handler1;stage", "main;handler10"]
        );
        assert_eq!(tree.total(), tally(7, 300));
    }

    #[test]
    fn growth_pairs_every_path_of_either_tree_with_its_bytes_in_each() {
        let mut old = FlameTree::default();
        old.add(&path(&["main", "gone"]), tally(1, 8));
        old.add(&path(&["main", "kept"]), tally(1, 16));
        let mut new = FlameTree::default();
        new.add(&path(&["main", "kept"]), tally(2, 48));
        new.add(&path(&["main", "new"]), tally(1, 4));
        assert_eq!(
            new.growth_from(&old),
            [
                ("main;gone", 8, 0),
                ("main;kept", 16, 48),
                ("main;new", 0, 4)
            ]
        );
    }

    #[test]
    fn a_label_never_splits_a_frame() {
        let mut tree = FlameTree::default();
        tree.add(&path(&["<[u8; 4] as app::Fill>::fill"]), tally(1, 8));
        let (line, _) = tree.paths().next().unwrap();
        assert_eq!(line, "<[u8\u{ff1b} 4] as app::Fill>::fill");
    }

    #[test]
    fn in_json_a_tree_is_its_paths_with_their_blocks() {
        let mut tree = FlameTree::default();
        tree.add(&path(&["main", "load"]), tally(2, 64));
        tree.add(&path(&["main"]), tally(1, 8));
        let json = serde_json::to_string(&tree).unwrap();
        assert_eq!(
            json,
            r#"[{"path":"main","count":1,"bytes":8},{"path":"main;load","count":2,"bytes":64}]"#
        );
    }
}
