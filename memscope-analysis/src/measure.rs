//! [`Measure`]: which blocks a view counts. A file's records are the
//! blocks live when it was written ([`Measure::Now`]); its `sITE` segment
//! adds, for each call stack, the blocks live at the run's peak, all
//! those allocated over the run, and the temporary ones. Every view of an
//! [`Analysis`] (by stack, function, file, crate; flame trees; diffs) can
//! be asked of any of them through [`Analysis::at`]. [`PeakNote`] says how
//! far a snapshot is from the peak.

use std::borrow::Cow;

use serde::Serialize;

use memscope_export::{History, SiteTotals};

use crate::analysis::Analysis;
use crate::counts::Counts;
use crate::tally::Tally;

/// Which blocks a view counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// The blocks live when the file was written: its records.
    Now,
    /// The blocks live at the run's peak (the first instant its live
    /// bytes were highest).
    Peak,
    /// Every block allocated over the run, freed or not.
    Total,
    /// The blocks freed by their own thread before it allocated again
    /// (heaptrack's temporary allocations): churn.
    Temporary,
}

impl Measure {
    /// What it counts, in words, for titles: "live now", "live at the
    /// peak", "allocated over the run", "temporary".
    pub fn describe(self) -> &'static str {
        match self {
            Measure::Now => "live now",
            Measure::Peak => "live at the peak",
            Measure::Total => "allocated over the run",
            Measure::Temporary => {
                "allocated temporarily (freed before their thread's next allocation)"
            }
        }
    }

    /// The blocks and bytes of `site` this measure counts.
    pub fn of_site(self, site: &SiteTotals) -> Tally {
        match self {
            Measure::Now => Tally::new(site.live_blocks(), site.live_bytes()),
            Measure::Peak => Tally::new(site.peak_blocks, site.peak_bytes),
            Measure::Total => Tally::new(site.allocated_blocks, site.allocated_bytes),
            Measure::Temporary => Tally::new(site.temporary_blocks, site.temporary_bytes),
        }
    }
}

/// How a snapshot stands to its run's peak: what it holds, what the peak
/// held, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeakNote {
    /// The bytes live in the snapshot.
    pub now_bytes: u64,
    /// The most bytes live at once over the run.
    pub peak_bytes: u64,
    /// When the peak was first reached, ns since the UNIX epoch, when
    /// the file has a timeline.
    pub peak_time_ns: Option<u64>,
    /// Whether the file holds each call site's blocks at the peak
    /// (`--at peak` can show them).
    pub has_peak_sites: bool,
}

impl PeakNote {
    /// `now_bytes / peak_bytes`, from 0 to 1 (1 when nothing was ever
    /// live).
    pub fn share(&self) -> f64 {
        if self.peak_bytes == 0 {
            1.0
        } else {
            self.now_bytes as f64 / self.peak_bytes as f64
        }
    }

    /// Whether the snapshot is far enough below the peak to say so: it
    /// holds less than 90% of it.
    pub fn is_far_below(&self) -> bool {
        self.peak_bytes > 0 && self.share() < 0.9
    }
}

impl Analysis {
    /// What the file says about its run beside its records: each call
    /// site's totals and the timeline (empty for files written without).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// How this snapshot stands to the run's peak: from the stats (every
    /// file has them), with the peak's time from the timeline.
    ///
    /// In a sampled file the stats count the samples, and so does this.
    pub fn peak_note(&self) -> PeakNote {
        let stats = self.stats();
        let peak_bytes = stats.peak_memory.max(stats.active_memory);
        let timeline = self.history.timeline.as_ref();
        PeakNote {
            now_bytes: stats.active_memory,
            peak_bytes,
            peak_time_ns: timeline.and_then(|t| t.peak).map(|peak| peak.time_ns),
            has_peak_sites: self.history.sites.is_some(),
        }
    }

    /// The measure this analysis counts.
    pub fn measure(&self) -> Measure {
        self.measure
    }

    /// This file as `measure` counts it (itself, borrowed, for
    /// [`Now`](Measure::Now)), for any view by call stack
    /// (stacks, function, file, crate, flame trees, diffs): from each call
    /// site's totals for [`Peak`](Measure::Peak), [`Total`](Measure::Total)
    /// and [`Temporary`](Measure::Temporary), the records for
    /// [`Now`](Measure::Now). `None` when the file has no call-site totals
    /// (written before `sITE`, or with `history(false)`).
    ///
    /// The totals are per call stack only: the views by thread, type and
    /// variable name, the size histogram and the largest blocks of the
    /// result are empty.
    ///
    /// ```
    /// # use memscope_export::{BinaryExporter, BinaryExportConfig};
    /// # use memscope_tracker::MemoryTracker;
    /// use memscope_analysis::{Analysis, Grouping, Measure, Naming, Options};
    ///
    /// let tracker = MemoryTracker::new();
    /// for i in 1..=4 {
    ///     tracker.record_alloc_with_stack(i * 0x1000, 1 << 20, 1, &[0x5555_0000_1000]);
    /// }
    /// for i in 1..=4 {
    ///     tracker.record_dealloc(i * 0x1000);
    /// }
    /// tracker.record_alloc_with_stack(0x9000, 64, 2, &[0x5555_0000_2000]);
    /// let mut file = Vec::new();
    /// BinaryExporter::new(BinaryExportConfig::new().symbolize(false))
    ///     .export_to_writer(&tracker, &mut file)
    ///     .unwrap();
    ///
    /// let analysis = Analysis::read(std::io::Cursor::new(file), Options::default())?;
    /// assert_eq!(analysis.total().bytes, 64);
    /// let peak = analysis.at(Measure::Peak).unwrap();
    /// assert_eq!(peak.total().bytes, 4 << 20);
    /// assert!(analysis.peak_note().share() < 0.001);
    /// # Ok::<(), memscope_analysis::AnalysisError>(())
    /// ```
    pub fn at(&self, measure: Measure) -> Option<Cow<'_, Analysis>> {
        if measure == Measure::Now {
            return Some(Cow::Borrowed(self));
        }
        let sites = self.history.sites.as_ref()?;
        let mut counts = Counts::default();
        for site in sites {
            let tally = measure.of_site(site);
            counts.total.merge(tally);
            match site.stack {
                None => counts.without_stack.merge(tally),
                Some(id) => counts.add_stack(id, tally),
            }
        }
        // The sites' totals carry no names: none go unnamed either.
        counts.untyped = counts.total;
        counts.unnamed = counts.total;
        counts.without_thread = counts.total;
        // The stacks and names are shared, not copied; the per-record
        // counts are not carried over.
        Some(Cow::Owned(self.recounted(counts, measure)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_measure_counts_its_own_pair_of_a_site() {
        let site = SiteTotals {
            stack: None,
            allocated_blocks: 10,
            allocated_bytes: 1000,
            freed_blocks: 7,
            freed_bytes: 700,
            peak_blocks: 5,
            peak_bytes: 500,
            temporary_blocks: 2,
            temporary_bytes: 200,
        };
        assert_eq!(Measure::Now.of_site(&site), Tally::new(3, 300));
        assert_eq!(Measure::Peak.of_site(&site), Tally::new(5, 500));
        assert_eq!(Measure::Total.of_site(&site), Tally::new(10, 1000));
        assert_eq!(Measure::Temporary.of_site(&site), Tally::new(2, 200));
    }
}
