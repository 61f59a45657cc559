//! The bodies of `sITE` (each call site's totals over the run) and `tIME`
//! (the timeline of live memory), FORMAT.md's sections of those names:
//! encoded, and read with every rule checked at its offset.

use std::io::Read;

use crate::error::{FormatError, FormatResult};
use crate::model::history::{
    Mark, MarkKind, RunTimeline, SiteTotals, TimelineBucket, TimelineMark,
};
use crate::model::ids::StackId;
use crate::read::budget::Budget;
use crate::wire::content::Content;
use crate::wire::{self, Held};

/// Bytes of one `sITE` row.
pub(crate) const SITE_ROW: u64 = 68;
/// What the reader holds for one row (FORMAT.md, "Memory budget").
const SITE_HELD: u64 = 72;
/// The most buckets, and the most marks, a `tIME` holds.
pub(crate) const MAX_TIMELINE_ENTRIES: u32 = 65_536;
/// Bytes of one bucket and of one mark.
const BUCKET: u64 = 32;
const MARK: u64 = 25;

/// The encoded content of `sITE`. The rows must be in strictly ascending
/// order of stack (as [`check_sites`] requires).
pub(crate) fn encode_sites(rows: &[SiteTotals]) -> Vec<u8> {
    let mut body = Vec::with_capacity(4 + SITE_ROW as usize * rows.len());
    body.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for row in rows {
        body.extend_from_slice(&row.stack.map_or(0, StackId::to_wire).to_le_bytes());
        for (_, count) in row.counts() {
            body.extend_from_slice(&count.to_le_bytes());
        }
    }
    body
}

/// Checks the rules FORMAT.md gives for `sITE` rows that do not need the
/// stack table: ascending stacks, freed, peak and temporary counts within
/// their bounds. `offset_of(row)` is where row `row` begins.
pub(crate) fn check_sites(
    rows: &[SiteTotals],
    offset_of: impl Fn(usize) -> u64,
) -> FormatResult<()> {
    let mut previous: Option<u32> = None;
    for (index, row) in rows.iter().enumerate() {
        let stack = row.stack.map_or(0, StackId::to_wire);
        if let Some(previous) = previous
            && stack <= previous
        {
            return Err(FormatError::SiteOrder {
                row: index as u64,
                stack,
                previous,
                offset: offset_of(index),
            });
        }
        previous = Some(stack);
        let bounds = [
            (
                "freed blocks",
                row.freed_blocks,
                "allocated blocks",
                row.allocated_blocks,
            ),
            (
                "freed bytes",
                row.freed_bytes,
                "allocated bytes",
                row.allocated_bytes,
            ),
            (
                "peak blocks",
                row.peak_blocks,
                "allocated blocks",
                row.allocated_blocks,
            ),
            (
                "peak bytes",
                row.peak_bytes,
                "allocated bytes",
                row.allocated_bytes,
            ),
            (
                "temporary blocks",
                row.temporary_blocks,
                "freed blocks",
                row.freed_blocks,
            ),
            (
                "temporary bytes",
                row.temporary_bytes,
                "freed bytes",
                row.freed_bytes,
            ),
        ];
        for (field, found, bound, limit) in bounds {
            if found > limit {
                return Err(FormatError::SiteCount {
                    row: index as u64,
                    field,
                    found,
                    bound,
                    limit,
                    offset: offset_of(index),
                });
            }
        }
    }
    Ok(())
}

/// Checks that every row's stack is in a table of `stacks` stacks
/// (`None`: the file has no stacks, and only stack 0 may appear).
pub(crate) fn check_site_stacks(
    rows: &[SiteTotals],
    stacks: Option<usize>,
    offset_of: impl Fn(usize) -> u64,
) -> FormatResult<()> {
    for (index, row) in rows.iter().enumerate() {
        if let Some(stack) = row.stack
            && stacks.is_none_or(|count| stack.index() >= count)
        {
            return Err(FormatError::SiteStack {
                row: index as u64,
                stack: stack.to_wire(),
                stacks: stacks.map(|count| count as u64),
                offset: offset_of(index),
            });
        }
    }
    Ok(())
}

/// Reads the content of `sITE`: its rows, charged to `memory` before they
/// are allocated, each checked as [`check_sites`] does. Stacks are
/// checked against the table later ([`check_site_stacks`]).
pub(crate) fn read_sites<I: Read>(
    content: &mut Content<I>,
    memory: &mut Budget,
) -> FormatResult<Vec<SiteTotals>> {
    let count = content.read_u32()?;
    content.expect_exactly(u64::from(count), SITE_ROW)?;
    let at = content.body_at();
    memory.charge(
        u64::from(count).saturating_mul(SITE_HELD),
        wire::held(wire::SITES, Held::Entries),
        at,
    )?;
    let mut rows = Vec::new();
    content.reserve(&mut rows, count as usize)?;
    let first = content.base() + 4;
    for _ in 0..count {
        let stack = content.read_u32()?;
        let mut counts = [0u64; 8];
        for count in &mut counts {
            *count = content.read_u64()?;
        }
        let [
            allocated_blocks,
            allocated_bytes,
            freed_blocks,
            freed_bytes,
            peak_blocks,
            peak_bytes,
            temporary_blocks,
            temporary_bytes,
        ] = counts;
        rows.push(SiteTotals {
            stack: StackId::from_wire(stack),
            allocated_blocks,
            allocated_bytes,
            freed_blocks,
            freed_bytes,
            peak_blocks,
            peak_bytes,
            temporary_blocks,
            temporary_bytes,
        });
    }
    check_sites(&rows, |row| first + SITE_ROW * row as u64)?;
    Ok(rows)
}

/// The encoded content of `tIME`, whose buckets and marks the writer has
/// checked are at most [`MAX_TIMELINE_ENTRIES`] each.
pub(crate) fn encode_timeline(timeline: &RunTimeline) -> Vec<u8> {
    let buckets = timeline.buckets.len();
    let marks = &timeline.marks[..];
    let mut body = Vec::with_capacity(48 + 32 * buckets + 25 * marks.len());
    let peak = timeline.peak.unwrap_or_default();
    for word in [
        timeline.start_ns,
        timeline.bucket_ns.max(1),
        peak.time_ns,
        peak.bytes,
        peak.blocks,
    ] {
        body.extend_from_slice(&word.to_le_bytes());
    }
    body.extend_from_slice(&(buckets as u32).to_le_bytes());
    for bucket in &timeline.buckets[..buckets] {
        for word in [
            bucket.min_bytes,
            bucket.max_bytes,
            bucket.min_blocks,
            bucket.max_blocks,
        ] {
            body.extend_from_slice(&word.to_le_bytes());
        }
    }
    body.extend_from_slice(&(marks.len() as u32).to_le_bytes());
    for mark in marks {
        body.push(mark.kind.to_wire());
        for word in [mark.time_ns, mark.bytes, mark.blocks] {
            body.extend_from_slice(&word.to_le_bytes());
        }
    }
    body
}

/// Reads and checks the content of `tIME`, charging what it holds to
/// `memory` before it is allocated.
pub(crate) fn read_timeline<I: Read>(
    content: &mut Content<I>,
    memory: &mut Budget,
) -> FormatResult<RunTimeline> {
    let base = content.base();
    let start_ns = content.read_u64()?;
    let bucket_ns = content.read_u64()?;
    if bucket_ns == 0 {
        return Err(FormatError::TimelineWidth { offset: base + 8 });
    }
    let peak_time = content.read_u64()?;
    let peak_bytes = content.read_u64()?;
    let peak_blocks = content.read_u64()?;
    let count_at = base + content.position();
    let count = content.read_u32()?;
    check_count("buckets", count, count_at)?;
    // The buckets, then at least the mark count.
    let needed = u64::from(count).saturating_mul(BUCKET).saturating_add(4);
    if content.left() < needed {
        content.expect_exactly(u64::from(count), BUCKET)?;
    }
    let at = content.body_at();
    memory.charge(
        u64::from(count).saturating_mul(32),
        wire::held(wire::TIMELINE, Held::Entries),
        at,
    )?;
    let mut buckets = Vec::new();
    content.reserve(&mut buckets, count as usize)?;
    for index in 0..count {
        let offset = base + content.position();
        let bucket = TimelineBucket {
            min_bytes: content.read_u64()?,
            max_bytes: content.read_u64()?,
            min_blocks: content.read_u64()?,
            max_blocks: content.read_u64()?,
        };
        for (what, min, max) in [
            ("bytes", bucket.min_bytes, bucket.max_bytes),
            ("blocks", bucket.min_blocks, bucket.max_blocks),
        ] {
            if min > max {
                return Err(FormatError::TimelineBucket {
                    bucket: u64::from(index),
                    what,
                    min,
                    max,
                    offset,
                });
            }
        }
        buckets.push(bucket);
    }
    let count_at = base + content.position();
    let marks_count = content.read_u32()?;
    check_count("marks", marks_count, count_at)?;
    content.expect_exactly(u64::from(marks_count), MARK)?;
    memory.charge(
        u64::from(marks_count).saturating_mul(32),
        wire::held(wire::TIMELINE, Held::Entries),
        at,
    )?;
    let mut marks = Vec::new();
    content.reserve(&mut marks, marks_count as usize)?;
    for _ in 0..marks_count {
        let kind = content.read_u8()?;
        marks.push(Mark {
            kind: MarkKind::from_wire(kind),
            time_ns: content.read_u64()?,
            bytes: content.read_u64()?,
            blocks: content.read_u64()?,
        });
    }
    Ok(RunTimeline {
        start_ns,
        bucket_ns,
        buckets,
        peak: (peak_time != 0 || peak_bytes != 0).then_some(TimelineMark {
            time_ns: peak_time,
            bytes: peak_bytes,
            blocks: peak_blocks,
        }),
        marks,
    })
}

/// Refuses a count of buckets or marks above FORMAT.md's limit.
fn check_count(what: &'static str, count: u32, offset: u64) -> FormatResult<()> {
    if count > MAX_TIMELINE_ENTRIES {
        return Err(FormatError::TimelineTooLong {
            what,
            count: u64::from(count),
            max: u64::from(MAX_TIMELINE_ENTRIES),
            offset,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget() -> Budget {
        Budget::for_file(0, 64 << 20)
    }

    fn row(stack: u32, allocated: u64, freed: u64) -> SiteTotals {
        SiteTotals {
            stack: StackId::from_wire(stack),
            allocated_blocks: allocated,
            allocated_bytes: 10 * allocated,
            freed_blocks: freed,
            freed_bytes: 10 * freed,
            peak_blocks: allocated,
            peak_bytes: 10 * allocated,
            temporary_blocks: freed,
            temporary_bytes: 10 * freed,
        }
    }

    fn sites(body: &[u8], offset: u64) -> FormatResult<Vec<SiteTotals>> {
        let mut content = Content::of_slice(wire::SITES, body, offset);
        let rows = read_sites(&mut content, &mut budget())?;
        content.end()?;
        Ok(rows)
    }

    #[test]
    fn a_site_row_is_byte_for_byte_as_format_md_says() {
        let rows = [row(0, 3, 1), row(2, 5, 5)];
        let body = encode_sites(&rows);
        assert_eq!(body.len() as u64, 4 + SITE_ROW * 2, "4 + 68·rows");
        assert_eq!(&body[..4], &2u32.to_le_bytes());
        assert_eq!(&body[4..8], &0u32.to_le_bytes());
        assert_eq!(&body[8..16], &3u64.to_le_bytes(), "allocated blocks at 4");
        assert_eq!(&body[16..24], &30u64.to_le_bytes(), "allocated bytes at 12");
        assert_eq!(&body[72..76], &2u32.to_le_bytes(), "the second row's stack");
        assert_eq!(sites(&body, 0).unwrap(), rows);
    }

    #[test]
    fn site_rows_out_of_order_or_over_their_bounds_are_refused_where_they_are() {
        let body = encode_sites(&[row(2, 1, 0), row(2, 1, 0)]);
        assert!(matches!(
            sites(&body, 100),
            Err(FormatError::SiteOrder {
                row: 1,
                stack: 2,
                previous: 2,
                offset: 172
            })
        ));
        let mut over = row(1, 1, 0);
        over.freed_bytes = 11;
        assert!(matches!(
            sites(&encode_sites(&[over]), 0),
            Err(FormatError::SiteCount {
                row: 0,
                field: "freed bytes",
                found: 11,
                limit: 10,
                offset: 4,
                ..
            })
        ));
        let mut over = row(1, 4, 2);
        over.temporary_blocks = 3;
        assert!(matches!(
            sites(&encode_sites(&[over]), 0),
            Err(FormatError::SiteCount {
                field: "temporary blocks",
                bound: "freed blocks",
                ..
            })
        ));
        let rows = [row(0, 1, 0), row(3, 1, 0)];
        assert!(check_site_stacks(&rows, Some(3), |_| 0).is_ok());
        assert!(matches!(
            check_site_stacks(&rows, Some(2), |row| 4 + 68 * row as u64),
            Err(FormatError::SiteStack {
                row: 1,
                stack: 3,
                stacks: Some(2),
                offset: 72
            })
        ));
        assert!(matches!(
            check_site_stacks(&rows, None, |_| 0),
            Err(FormatError::SiteStack { stacks: None, .. })
        ));
    }

    fn timeline() -> RunTimeline {
        RunTimeline {
            start_ns: 1_000,
            bucket_ns: 10,
            buckets: vec![
                TimelineBucket {
                    min_bytes: 0,
                    max_bytes: 50,
                    min_blocks: 0,
                    max_blocks: 2,
                },
                TimelineBucket {
                    min_bytes: 20,
                    max_bytes: 20,
                    min_blocks: 1,
                    max_blocks: 1,
                },
            ],
            peak: Some(TimelineMark {
                time_ns: 1_005,
                bytes: 50,
                blocks: 2,
            }),
            marks: vec![
                Mark {
                    kind: MarkKind::Snapshot,
                    time_ns: 1_015,
                    bytes: 20,
                    blocks: 1,
                },
                Mark {
                    kind: MarkKind::Other(9),
                    time_ns: 1_016,
                    bytes: 20,
                    blocks: 1,
                },
            ],
        }
    }

    fn read(body: &[u8], offset: u64) -> FormatResult<RunTimeline> {
        let mut content = Content::of_slice(wire::TIMELINE, body, offset);
        let timeline = read_timeline(&mut content, &mut budget())?;
        content.end()?;
        Ok(timeline)
    }

    #[test]
    fn a_timeline_is_byte_for_byte_as_format_md_says() {
        let body = encode_timeline(&timeline());
        assert_eq!(
            body.len(),
            48 + 32 * 2 + 25 * 2,
            "48 + 32·buckets + 25·marks"
        );
        assert_eq!(&body[8..16], &10u64.to_le_bytes(), "width at 8");
        assert_eq!(&body[40..44], &2u32.to_le_bytes(), "bucket count at 40");
        assert_eq!(
            body[44 + 64 + 4],
            1,
            "the first mark's kind, after 44 bytes, the buckets and the mark count"
        );
        assert_eq!(
            read(&body, 0).unwrap(),
            timeline(),
            "an unknown mark kind is kept"
        );
    }

    #[test]
    fn a_broken_timeline_is_refused_where_it_breaks() {
        let mut zero_width = timeline();
        zero_width.bucket_ns = 0;
        let mut body = encode_timeline(&zero_width);
        body[8..16].copy_from_slice(&0u64.to_le_bytes());
        assert!(matches!(
            read(&body, 100),
            Err(FormatError::TimelineWidth { offset: 108 })
        ));

        let mut upside_down = timeline();
        upside_down.buckets[1].min_blocks = 5;
        assert!(matches!(
            read(&encode_timeline(&upside_down), 0),
            Err(FormatError::TimelineBucket {
                bucket: 1,
                what: "blocks",
                min: 5,
                max: 1,
                offset: 76
            })
        ));

        let mut body = encode_timeline(&timeline());
        body[40..44].copy_from_slice(&70_000u32.to_le_bytes());
        assert!(matches!(
            read(&body, 0),
            Err(FormatError::TimelineTooLong {
                what: "buckets",
                count: 70_000,
                ..
            })
        ));
        let mut long = encode_timeline(&timeline());
        long.push(0);
        assert!(matches!(
            read(&long, 0),
            Err(FormatError::SegmentTrailing { extra: 1, .. })
        ));
        let short = &encode_timeline(&timeline())[..60];
        assert!(matches!(
            read(short, 0),
            Err(FormatError::SegmentBody { .. })
        ));
    }
}
