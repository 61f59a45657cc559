//! Which blocks a view counts: `--at now|peak`, `--total`, `--temporary`,
//! shared by `summary` and `diff`; and the note that tells how far a
//! snapshot is from its run's peak.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use memscope_analysis::{Analysis, Measure, PeakNote};

use crate::error::CliError;
use crate::units::{human_bytes, utc_datetime};

/// Which blocks to count.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct MeasureArgs {
    /// Which instant's live blocks to count: `now`, those live when the
    /// file was written (the default), or `peak`, those live when the
    /// run's live bytes were highest (from the file's call-site totals)
    #[arg(long, value_enum, value_name = "WHEN", conflicts_with_all = ["total", "temporary"])]
    pub at: Option<At>,
    /// Count every block allocated over the run, freed or not: where the
    /// allocations come from
    #[arg(long, conflicts_with = "temporary")]
    pub total: bool,
    /// Count temporary allocations only: blocks their own thread freed
    /// before it allocated again (churn)
    #[arg(long)]
    pub temporary: bool,
}

/// An instant of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum At {
    /// When the file was written
    Now,
    /// When the run's live bytes were highest
    Peak,
}

impl MeasureArgs {
    /// The measure asked for.
    pub fn measure(&self) -> Measure {
        match (self.at, self.total, self.temporary) {
            (_, true, _) => Measure::Total,
            (_, _, true) => Measure::Temporary,
            (Some(At::Peak), _, _) => Measure::Peak,
            _ => Measure::Now,
        }
    }
}

/// The option that asks for `measure`, as typed.
pub fn option_of(measure: Measure) -> &'static str {
    match measure {
        Measure::Now => "--at now",
        Measure::Peak => "--at peak",
        Measure::Total => "--total",
        Measure::Temporary => "--temporary",
    }
}

/// `analysis` as `measure` counts it, or the error that says the file at
/// `path` has no call-site totals.
pub fn counted<'a>(
    analysis: &'a Analysis,
    measure: Measure,
    path: &Path,
) -> Result<Cow<'a, Analysis>, CliError> {
    analysis.at(measure).ok_or_else(|| CliError::NoHistory {
        path: path.to_path_buf(),
        option: option_of(measure),
    })
}

/// What the text says before a view that is not of the file's records.
///
/// In a sampled file the peak's bytes are the samples' own (as its stats
/// count them), so only its time is given: the table's estimates say how
/// much it held.
pub fn write_measure_heading(
    measure: Measure,
    note: &PeakNote,
    sampled: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    match (measure, note.peak_time_ns) {
        (Measure::Now, _) => Ok(()),
        (Measure::Peak, Some(time)) if sampled => writeln!(
            out,
            "blocks live at the run's peak (when the samples' own bytes were highest, at {}), estimated from the file's call-site totals",
            utc_datetime(time)
        ),
        (Measure::Peak, Some(time)) => writeln!(
            out,
            "blocks live at the run's peak ({} at {}), from the file's call-site totals",
            human_bytes(note.peak_bytes),
            utc_datetime(time)
        ),
        (measure, _) => writeln!(
            out,
            "blocks {}, from the file's call-site totals",
            measure.describe()
        ),
    }
}

/// When the snapshot holds much less than the run's peak: a line that
/// says so, and how to see the peak.
pub fn write_peak_note(note: &PeakNote, out: &mut impl Write) -> io::Result<()> {
    if !note.is_far_below() {
        return Ok(());
    }
    let when = note
        .peak_time_ns
        .map_or_else(String::new, |time| format!(" at {}", utc_datetime(time)));
    let see = if note.has_peak_sites {
        "`--at peak` shows what was live then"
    } else {
        "this file has no call-site totals: export it with a tracker that writes them to see the peak"
    };
    writeln!(
        out,
        "note: this snapshot holds {} of the run's peak ({}{when}); {see}",
        share(note.share()),
        human_bytes(note.peak_bytes),
    )
}

/// A share from 0 to 1 as a percentage with two significant digits
/// (at most six decimals): 47%, 2.5%, 0.03%, 0.0043%.
fn share(share: f64) -> String {
    let percent = share * 100.0;
    if percent >= 10.0 || percent <= 0.0 {
        return format!("{percent:.0}%");
    }
    let decimals = (1 - percent.log10().floor() as i32).clamp(0, 6) as usize;
    format!("{percent:.decimals$}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(now: u64, peak: u64) -> PeakNote {
        PeakNote {
            now_bytes: now,
            peak_bytes: peak,
            peak_time_ns: Some(1_700_000_000_000_000_000),
            has_peak_sites: true,
        }
    }

    #[test]
    fn a_snapshot_far_below_the_peak_says_so_and_points_at_the_peak() {
        let mut out = Vec::new();
        write_peak_note(&note(150 << 10, 558 << 20), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("note: this snapshot holds 0.026% of the run's peak (558.00 MiB"),
            "{text}"
        );
        assert!(text.contains("2023-11-14T22:13:20.000Z"), "{text}");
        assert!(text.contains("`--at peak`"), "{text}");
        let mut out = Vec::new();
        write_peak_note(&note(95, 100), &mut out).unwrap();
        assert!(out.is_empty(), "near the peak: nothing to say");
    }

    #[test]
    fn shares_keep_two_significant_digits() {
        assert_eq!(share(0.47), "47%");
        assert_eq!(share(0.025), "2.5%");
        assert_eq!(share(0.0003), "0.030%");
        assert_eq!(share(0.000_043), "0.0043%");
        assert_eq!(share(0.0), "0%");
    }

    #[test]
    fn the_options_make_one_measure() {
        let args = |at, total, temporary| MeasureArgs {
            at,
            total,
            temporary,
        };
        assert_eq!(args(None, false, false).measure(), Measure::Now);
        assert_eq!(args(Some(At::Peak), false, false).measure(), Measure::Peak);
        assert_eq!(args(None, true, false).measure(), Measure::Total);
        assert_eq!(args(None, false, true).measure(), Measure::Temporary);
    }
}
