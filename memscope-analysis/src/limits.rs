//! Limits for CI: what one file may hold ([`Limits`], evaluated by
//! [`Analysis::check`] into a [`Check`]), and how much a later file may
//! have grown over an earlier one ([`Threshold`], evaluated by
//! [`Comparison::growth`] into a [`GrowthCheck`]). Each result says, for
//! every limit, the limit, what the file holds and by how much it is
//! over; front ends print it and turn it into an exit status.
//!
//! ```
//! use memscope_analysis::limits::{Limits, SiteLimit};
//! use memscope_analysis::{Analysis, Naming};
//! # use memscope_export::{BinaryExporter, CallStacks, FileContents, PlacedRecord, ResolvedFrame};
//! # use memscope_tracker::{AllocationInfo, MemoryStats};
//! # let mut stacks = CallStacks::default();
//! # let mut frame = |f| stacks.push_resolved(ResolvedFrame { address: 0x10, function: Some(f), file: Some("/home/me/app/src/main.rs"), line: Some(3), inlined: false });
//! # let (load, main) = (frame("app::load"), frame("app::main"));
//! # let here = stacks.push_stack([load, main]);
//! # let records: Vec<PlacedRecord> = (0..3).map(|i| PlacedRecord::new(AllocationInfo::new(0x1000 + i * 64, 64, 1)).with_stack(here)).collect();
//! # let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
//! # let dir = tempfile::tempdir().unwrap();
//! # let path = dir.path().join("snapshot.memscope");
//! # BinaryExporter::default().export(&FileContents::new(stats, &records).with_stacks(&stacks), &path).unwrap();
//! let analysis = Analysis::open(&path)?;
//! let limits = Limits {
//!     max_blocks: Some(2),
//!     sites: vec![SiteLimit { pattern: "app::load".into(), max_bytes: 1024 }],
//!     ..Limits::default()
//! };
//! let check = analysis.check(&limits, Naming::default())?;
//! assert!(!check.holds);
//! let broken: Vec<(u64, u64)> = check.broken().map(|l| (l.actual, l.over_by)).collect();
//! assert_eq!(broken, [(3, 1)], "3 blocks live, 1 over the limit of 2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Serialize, Serializer};

use crate::analysis::{Analysis, Comparison};
use crate::frames::Naming;
use crate::tally::Tally;
use crate::view::diff::call_site_changes;
use crate::view::groups::{Group, Grouping};

/// A share of a total, kept exactly in hundredths of a percent (`10%` is
/// 1000, `2.5%` is 250), so that a limit of 10% holds at exactly 10%. In
/// JSON, the percentage as a number (`10`, `2.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent {
    hundredths: u64,
}

impl Percent {
    /// `hundredths` hundredths of a percent: `Percent::from_hundredths(1000)`
    /// is 10%.
    pub const fn from_hundredths(hundredths: u64) -> Self {
        Percent { hundredths }
    }

    /// The share in hundredths of a percent.
    pub const fn hundredths(self) -> u64 {
        self.hundredths
    }

    /// The most bytes this share of `whole` allows: the share of it,
    /// rounded down (at most `u64::MAX`).
    pub fn of(self, whole: u64) -> u64 {
        let allowed = u128::from(whole) * u128::from(self.hundredths) / 10_000;
        u64::try_from(allowed).unwrap_or(u64::MAX)
    }

    /// Whether `part` is more than this share of `whole`, exactly (no
    /// rounding): when `whole` is 0, any `part` above 0 is.
    pub fn is_exceeded_by(self, part: u64, whole: u64) -> bool {
        u128::from(part) * 10_000 > u128::from(self.hundredths) * u128::from(whole)
    }
}

impl fmt::Display for Percent {
    /// `10%`, `2.5%`, `0.05%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, hundredths) = (self.hundredths / 100, self.hundredths % 100);
        match hundredths {
            0 => write!(f, "{whole}%"),
            h if h % 10 == 0 => write!(f, "{whole}.{}%", h / 10),
            h => write!(f, "{whole}.{h:02}%"),
        }
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.hundredths.is_multiple_of(100) {
            serializer.serialize_u64(self.hundredths / 100)
        } else {
            serializer.serialize_f64(self.hundredths as f64 / 100.0)
        }
    }
}

/// What a limit bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The bytes of the file's live blocks (its records).
    LiveBytes,
    /// The most bytes ever live at once, as the tracker counted up to the
    /// export (the stats segment's `peak_memory`).
    PeakBytes,
    /// How many blocks are live (the file's records).
    LiveBlocks,
    /// The bytes of the live blocks allocated at the call sites a pattern
    /// matches.
    SiteBytes,
}

impl Measure {
    /// Its name for people: `live bytes`, `peak bytes`, `live blocks`,
    /// `site bytes`.
    pub fn name(self) -> &'static str {
        match self {
            Measure::LiveBytes => "live bytes",
            Measure::PeakBytes => "peak bytes",
            Measure::LiveBlocks => "live blocks",
            Measure::SiteBytes => "site bytes",
        }
    }

    /// Whether it counts bytes (else blocks).
    pub fn is_bytes(self) -> bool {
        self != Measure::LiveBlocks
    }
}

/// A limit on the bytes allocated at some call sites: the live blocks
/// whose call site's label (the short label `summary --by function`
/// shows, e.g. `app::cache::fill::{closure}@78`) contains `pattern`,
/// all of them together, may hold at most `max_bytes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteLimit {
    /// What the call sites' labels contain (case-sensitive, anywhere in
    /// the label: `cache` matches `app::cache::fill` and `app::warm_cache`).
    pub pattern: String,
    /// The most bytes their live blocks may hold.
    pub max_bytes: u64,
}

/// Limits on one file, each optional; a limit holds when what the file
/// holds is at most the limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// The most bytes live ([`Measure::LiveBytes`]).
    pub max_live: Option<u64>,
    /// The highest peak ([`Measure::PeakBytes`]).
    pub max_peak: Option<u64>,
    /// The most blocks live ([`Measure::LiveBlocks`]).
    pub max_blocks: Option<u64>,
    /// Limits by call site, evaluated in order; they need call stacks.
    pub sites: Vec<SiteLimit>,
}

impl Limits {
    /// Whether no limit is set.
    pub fn is_empty(&self) -> bool {
        self.max_live.is_none()
            && self.max_peak.is_none()
            && self.max_blocks.is_none()
            && self.sites.is_empty()
    }
}

/// One limit, and how the file stands against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LimitCheck {
    /// What it bounds.
    pub measure: Measure,
    /// For a call-site limit: the pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The limit: bytes, or blocks for [`Measure::LiveBlocks`].
    pub max: u64,
    /// What the file holds.
    pub actual: u64,
    /// By how much it is over the limit: `actual - max`, 0 when it holds.
    pub over_by: u64,
    /// Whether `actual` is at most `max`.
    pub holds: bool,
    /// For a call-site limit: how many call sites the pattern matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites_matched: Option<usize>,
    /// For a call-site limit: the call sites it matches holding the most,
    /// at most [`SITES_SHOWN`] of them, most bytes first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites: Option<Vec<Group>>,
}

impl LimitCheck {
    fn new(measure: Measure, max: u64, actual: u64) -> Self {
        LimitCheck {
            measure,
            pattern: None,
            max,
            actual,
            over_by: actual.saturating_sub(max),
            holds: actual <= max,
            sites_matched: None,
            sites: None,
        }
    }
}

/// How many matching call sites a [`LimitCheck`] lists.
pub const SITES_SHOWN: usize = 5;

/// How one file stands against its [`Limits`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Whether every limit holds.
    pub holds: bool,
    /// How many limits are broken.
    pub broken_count: usize,
    /// Every limit, in the order of [`Limits`]' fields (live bytes, peak,
    /// live blocks, then the call-site limits in order).
    pub limits: Vec<LimitCheck>,
    /// The file's live blocks.
    pub records: u64,
    /// Their bytes.
    pub bytes: u64,
    /// The file's peak (its stats segment's `peak_memory`).
    pub peak_bytes: u64,
    /// Which blocks `records`, `bytes` and the live and site limits
    /// count: the file's records (`now`), or its call-site totals at the
    /// peak, over the run or of the temporary ones ([`Analysis::at`]).
    pub counted: crate::Measure,
}

impl Check {
    /// The limits broken, in order.
    pub fn broken(&self) -> impl Iterator<Item = &LimitCheck> {
        self.limits.iter().filter(|limit| !limit.holds)
    }
}

/// Why limits could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitsError {
    /// A call-site limit was asked of a file without call stacks, which
    /// has no call sites to match (rather than hold with nothing
    /// matched).
    #[error("the call-site limit for \"{pattern}\" needs call stacks, and the file has none")]
    NoCallStacks {
        /// The first call-site limit's pattern.
        pattern: String,
    },

    /// A peak limit was asked of a sampled file, whose stats count the
    /// samples' peak: no estimate of the program's peak can be made from
    /// it (unlike the live bytes, estimated from the records).
    #[error(
        "--max-peak cannot be checked on a sampled file (mean {mean} bytes): its peak counts samples, not the program's bytes; check --max-live, or record without sampling"
    )]
    SampledPeak {
        /// The file's sampling mean.
        mean: u64,
    },
}

impl Analysis {
    /// Evaluates `limits` on this file; call sites are labelled as
    /// `naming` says. Fails when a call-site limit is asked of a file
    /// without call stacks, or a peak limit of a sampled file.
    pub fn check(&self, limits: &Limits, naming: Naming) -> Result<Check, LimitsError> {
        if let Some(site) = limits.sites.first()
            && self.frames().is_none()
        {
            return Err(LimitsError::NoCallStacks {
                pattern: site.pattern.clone(),
            });
        }
        if let (Some(mean), Some(_)) = (self.sample_mean(), limits.max_peak) {
            return Err(LimitsError::SampledPeak { mean });
        }
        let total = self.total();
        let peak = self.stats().peak_memory;
        let mut checks = Vec::new();
        let wholes = [
            (Measure::LiveBytes, limits.max_live, total.bytes),
            (Measure::PeakBytes, limits.max_peak, peak),
            (Measure::LiveBlocks, limits.max_blocks, total.count),
        ];
        for (measure, max, actual) in wholes {
            if let Some(max) = max {
                checks.push(LimitCheck::new(measure, max, actual));
            }
        }
        if !limits.sites.is_empty() {
            let sites = self.group(Grouping::Function, usize::MAX, naming).rows;
            for limit in &limits.sites {
                let matched: Vec<&Group> = sites
                    .iter()
                    .filter(|site| site.label.contains(&limit.pattern))
                    .collect();
                let mut held = Tally::default();
                for site in &matched {
                    held.merge(Tally::new(site.count, site.bytes));
                }
                checks.push(LimitCheck {
                    pattern: Some(limit.pattern.clone()),
                    sites_matched: Some(matched.len()),
                    // Already most bytes first.
                    sites: Some(matched.into_iter().take(SITES_SHOWN).cloned().collect()),
                    ..LimitCheck::new(Measure::SiteBytes, limit.max_bytes, held.bytes)
                });
            }
        }
        let broken_count = checks.iter().filter(|c| !c.holds).count();
        Ok(Check {
            holds: broken_count == 0,
            broken_count,
            limits: checks,
            records: total.count,
            bytes: total.bytes,
            peak_bytes: peak,
            counted: self.measure(),
        })
    }
}

/// How much growth is allowed: a number of bytes, or a share of the
/// earlier file's live bytes. In JSON, `{"bytes": 4096}` or
/// `{"percent": 10}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Threshold {
    /// At most this many bytes.
    Bytes(u64),
    /// At most this share of the earlier file's live bytes.
    Percent(Percent),
}

impl Threshold {
    /// The most bytes of growth allowed when the earlier file's live
    /// bytes are `base`.
    pub fn allowed(self, base: u64) -> u64 {
        match self {
            Threshold::Bytes(bytes) => bytes,
            Threshold::Percent(percent) => percent.of(base),
        }
    }

    /// Whether `growth` (new minus old bytes, negative for a shrink) is
    /// more than allowed, exactly, when the earlier file's live bytes are
    /// `base`.
    pub fn is_exceeded_by(self, growth: i128, base: u64) -> bool {
        let Ok(growth) = u64::try_from(growth) else {
            // A shrink, or nothing.
            return false;
        };
        match self {
            Threshold::Bytes(bytes) => growth > bytes,
            Threshold::Percent(percent) => percent.is_exceeded_by(growth, base),
        }
    }
}

impl fmt::Display for Threshold {
    /// `4096 bytes`, `10%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Threshold::Bytes(bytes) => write!(f, "{bytes} bytes"),
            Threshold::Percent(percent) => write!(f, "{percent}"),
        }
    }
}

/// How much one thing grew, against the growth allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Growth {
    /// What grew: `all live blocks`, or a call site's label.
    pub label: String,
    /// Its bytes in the earlier file.
    pub old_bytes: u64,
    /// Its bytes in the later file.
    pub new_bytes: u64,
    /// `new_bytes - old_bytes`: negative for a shrink.
    pub growth: i128,
    /// The most growth allowed, in bytes (for a percentage, the share of
    /// the earlier file's live bytes, rounded down).
    pub allowed: u64,
    /// By how much the growth passes what is allowed: 0 when it holds.
    pub over_by: u64,
    /// Whether the growth is at most what is allowed.
    pub holds: bool,
}

/// Whether a later file grew too much over an earlier one, as a whole and
/// at each call site.
///
/// A percentage is of the earlier file's live bytes for the call sites
/// too: "no call site may grow by more than 10% of what the program held".
/// A site's growth over its own bytes would fail on every site born
/// since (it had none) and on every small one that doubled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrowthCheck {
    /// The growth allowed, to the whole and to each call site.
    pub threshold: Threshold,
    /// Whether the whole and every call site hold.
    pub holds: bool,
    /// The whole program: all live blocks.
    pub total: Growth,
    /// When both files have call stacks: the call sites that grew more
    /// than allowed, most growth first; `None` when either has none (then
    /// only the whole is checked).
    pub sites_over: Option<Vec<Growth>>,
    /// When both files have call stacks: how many call sites changed and
    /// were checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites_checked: Option<usize>,
}

impl GrowthCheck {
    /// How many things grew more than allowed: the whole, and call sites.
    pub fn broken_count(&self) -> usize {
        usize::from(!self.total.holds) + self.sites_over.as_ref().map_or(0, Vec::len)
    }

    /// What grew more than allowed: the whole first, then call sites.
    pub fn broken(&self) -> impl Iterator<Item = &Growth> {
        std::iter::once(&self.total)
            .filter(|total| !total.holds)
            .chain(self.sites_over.iter().flatten())
    }
}

impl Comparison {
    /// Whether the later file grew by more than `threshold` over the
    /// earlier, as a whole (all live bytes) and at each call site
    /// (labelled as `naming` says; when both files have call stacks).
    /// Blocks without a call site count in the whole only.
    pub fn growth(&self, threshold: Threshold, naming: Naming) -> GrowthCheck {
        let (old, new) = (self.old_file(), self.new_file());
        let base = old.total().bytes;
        let growth = |label: String, old_bytes: u64, new_bytes: u64| {
            let growth = i128::from(new_bytes) - i128::from(old_bytes);
            let allowed = threshold.allowed(base);
            let holds = !threshold.is_exceeded_by(growth, base);
            // Over the exact share is over its rounded-down bytes.
            let over = (growth - i128::from(allowed)).max(0);
            Growth {
                label,
                old_bytes,
                new_bytes,
                growth,
                allowed,
                over_by: if holds {
                    0
                } else {
                    u64::try_from(over).unwrap_or(u64::MAX)
                },
                holds,
            }
        };
        let total = growth(
            "all live blocks".to_owned(),
            old.total().bytes,
            new.total().bytes,
        );
        let (sites_over, sites_checked) = if old.frames().is_some() && new.frames().is_some() {
            let (changes, checked) = call_site_changes(old, new, usize::MAX, naming);
            let over: Vec<Growth> = changes
                .into_iter()
                // Most growth first: once one holds, the rest do.
                .map(|c| growth(c.label, c.tally.old_bytes, c.tally.new_bytes))
                .take_while(|g| !g.holds)
                .collect();
            (Some(over), Some(checked))
        } else {
            (None, None)
        };
        let holds = total.holds && sites_over.as_ref().is_none_or(Vec::is_empty);
        GrowthCheck {
            threshold,
            holds,
            total,
            sites_over,
            sites_checked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_is_exact_and_shows_as_written() {
        let ten = Percent::from_hundredths(1000);
        assert!(!ten.is_exceeded_by(100, 1000), "exactly 10% holds");
        assert!(ten.is_exceeded_by(101, 1000));
        assert!(ten.is_exceeded_by(1, 0), "any growth over nothing");
        assert!(!ten.is_exceeded_by(0, 0));
        assert_eq!(ten.of(1005), 100, "rounded down");
        assert_eq!(Percent::from_hundredths(u64::MAX).of(u64::MAX), u64::MAX);
        let shown: Vec<String> = [1000, 250, 5, 0, 12345]
            .map(|h| Percent::from_hundredths(h).to_string())
            .into();
        assert_eq!(shown, ["10%", "2.5%", "0.05%", "0%", "123.45%"]);
    }

    #[test]
    fn a_threshold_never_counts_a_shrink_as_growth() {
        let bytes = Threshold::Bytes(0);
        assert!(!bytes.is_exceeded_by(-5, 100));
        assert!(!bytes.is_exceeded_by(0, 100));
        assert!(bytes.is_exceeded_by(1, 100));
        let percent = Threshold::Percent(Percent::from_hundredths(0));
        assert!(!percent.is_exceeded_by(i128::from(u64::MAX) * -2, 100));
        assert!(percent.is_exceeded_by(1, u64::MAX));
    }
}
