//! The views of a file, each a model with serde for `--json`: the
//! [`Summary`](summary::Summary), call stacks ranked
//! ([`TopStacks`](stacks::TopStacks)), blocks grouped by one thing
//! ([`Grouped`](groups::Grouped)), what changed between two files
//! ([`Diff`](diff::Diff)), and the [`FlameTree`](flame::FlameTree).

pub mod diff;
pub mod flame;
pub mod groups;
pub mod stacks;
pub mod summary;
