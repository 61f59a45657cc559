//! [`Summary`]: what a file holds at a glance, for a file with or without
//! call stacks: the totals, the type and variable names holding the
//! most, the size histogram, and the largest blocks with their call
//! sites.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::counts::ShownRecord;
use crate::frames::{Naming, ShownFrame};
use crate::measure::PeakNote;
use crate::tally::{Bucket, Tally};
use crate::view::groups::{Group, Grouping};

/// A block among the largest, with its call site when the file has
/// stacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LargestBlock {
    /// The block: address, size, time, names, stack.
    #[serde(flatten)]
    pub record: ShownRecord,
    /// Where it was allocated: its stack's call site.
    pub call_site: Option<ShownFrame>,
}

/// What a file holds at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Blocks in the file.
    pub records: u64,
    /// Their sizes added up.
    pub bytes: u64,
    /// The type names holding the most bytes, most first.
    pub by_type: Vec<Group>,
    /// How many distinct type names were counted each on its own.
    pub type_names: usize,
    /// Blocks under type names past the most counted on their own.
    #[serde(rename = "other_type_names")]
    pub other_types: Tally,
    /// Blocks without a type name.
    pub untyped: Tally,
    /// The largest blocks, largest first.
    pub largest: Vec<LargestBlock>,
    /// The variable names holding the most bytes, most first.
    pub variables: Vec<Group>,
    /// How many distinct variable names were counted each on its own.
    pub var_names: usize,
    /// Blocks under variable names past the most counted on their own.
    #[serde(rename = "other_var_names")]
    pub other_vars: Tally,
    /// Blocks without a variable name.
    pub unnamed: Tally,
    /// Blocks by size, in powers of two; empty buckets left out.
    pub histogram: Vec<Bucket>,
    /// The most distinct names of each kind counted on their own.
    pub max_names: usize,
    /// Whether any block carries a type or variable name; without, the
    /// name tables say nothing, and a text leaves them out.
    pub carries_names: bool,
    /// Whether the file has call stacks.
    pub has_stacks: bool,
    /// When the file's records are samples, the mean gap in bytes between
    /// them: every count and byte total here is then an estimate.
    pub sample_mean: Option<u64>,
    /// How the file stands to its run's peak.
    pub peak: PeakNote,
}

impl Analysis {
    /// The summary of the file: `top` entries of the lists by type and by
    /// variable name, and the largest blocks the analysis kept (as many
    /// as [`Options::largest`](crate::Options::largest) said).
    pub fn summary(&self, top: usize, naming: Naming) -> Summary {
        let types = self.group(Grouping::Type, top, naming);
        let vars = self.group(Grouping::Var, top, naming);
        Summary {
            records: self.total().count,
            bytes: self.total().bytes,
            by_type: types.rows,
            type_names: types.distinct,
            other_types: types.other_names,
            untyped: self.untyped(),
            largest: self.largest_blocks(naming),
            variables: vars.rows,
            var_names: vars.distinct,
            other_vars: vars.other_names,
            unnamed: self.unnamed(),
            histogram: self.histogram().buckets(),
            max_names: self.names().types.max(),
            carries_names: self.has_names(),
            has_stacks: self.frames().is_some(),
            sample_mean: self.sample_mean(),
            peak: self.peak_note(),
        }
    }

    /// The largest blocks kept, largest first, each with its call site.
    pub fn largest_blocks(&self, naming: Naming) -> Vec<LargestBlock> {
        self.with_call_sites(self.largest(), naming)
    }

    /// `records`, each with its call site.
    pub(crate) fn with_call_sites(
        &self,
        records: Vec<ShownRecord>,
        naming: Naming,
    ) -> Vec<LargestBlock> {
        records
            .into_iter()
            .map(|record| LargestBlock {
                call_site: record
                    .stack
                    .zip(self.frames())
                    .and_then(|(id, table)| table.call_site(id, naming)),
                record,
            })
            .collect()
    }
}
