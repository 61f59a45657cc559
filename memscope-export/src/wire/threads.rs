//! The body of `tHRD` (FORMAT.md, "`tHRD`"): the thread table, then the
//! thread of each record as an index + 1 (0 when unknown), and its
//! translation to and from the model's [`Threads`] and per-record
//! [`ThreadIndex`]es.

use std::io::Read;

use memscope_binary::{BinaryRecord, CodecError, Layout};

use crate::error::{FormatError, FormatResult, Tag};
use crate::model::ids::ThreadIndex;
use crate::model::threads::{Thread, Threads};
use crate::read::budget::{Budget, cost};
use crate::wire::content::{Content, read_entries};
use crate::wire::{Held, THREADS, held};

/// The body of `tHRD`, as the writer builds it.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct ThreadsBody {
    threads: Vec<Thread>,
    of_records: Vec<u32>,
}

/// The fewest bytes a thread of the table takes: its id and name length.
const THREAD_MIN: u64 = 10;

/// The encoded body of `tHRD`: the table of `threads`, and `of_records`,
/// the thread of each record.
pub(crate) fn encode(
    threads: &Threads,
    of_records: &[Option<ThreadIndex>],
) -> Result<Vec<u8>, CodecError> {
    ThreadsBody {
        threads: threads.threads.clone(),
        of_records: of_records
            .iter()
            .map(|t| t.map_or(0, ThreadIndex::to_wire))
            .collect(),
    }
    .to_bytes(Layout::Basic)
}

/// What reading `tHRD` found: the thread table, the thread of each record
/// when it was kept, and where in the content the first record's is.
#[derive(Debug)]
pub(crate) struct ThreadsRead {
    /// The thread table.
    pub(crate) threads: Threads,
    /// The thread of each record, when kept.
    pub(crate) kept: Option<Vec<Option<ThreadIndex>>>,
    /// Where the first record's thread is, from the content's start.
    pub(crate) first: u64,
}

/// Reads and checks the content of `tHRD` in a file of `records`
/// records, in order: the thread table, whose bytes may not exceed
/// `table_budget` (the reader's budget for a table, FORMAT.md "Rules for
/// readers, version 2"), then the thread of each record, with `keep`
/// straight into the vector the reader keeps (4 bytes a record), else
/// checked and dropped, to be read again beside the records. Every count
/// is checked against the content's length before anything is allocated
/// for it, and what it holds is charged to `memory` (FORMAT.md, "Memory
/// budget"); errors are placed at the content's start.
pub(crate) fn read<I: Read>(
    content: &mut Content<I>,
    records: u64,
    table_budget: u64,
    memory: &mut Budget,
    keep: bool,
) -> FormatResult<ThreadsRead> {
    let offset = content.base();
    let what = held(THREADS, Held::Entries);
    let count = u64::from(content.read_u32()?);
    let least = 4 + count.saturating_mul(THREAD_MIN);
    if least > table_budget {
        return Err(table_too_long(content, least, table_budget));
    }
    if count.saturating_mul(THREAD_MIN) > content.left() {
        // Cut short of its count: what the entries fail on says where.
        content.expect_exactly(count, THREAD_MIN)?;
    }
    memory.charge(count * cost::THREAD, what, content.body_at())?;
    let mut threads = Threads::default();
    content.reserve(&mut threads.threads, count as usize)?;
    for _ in 0..count {
        let start = content.position();
        let thread = Thread::read_with(&mut *content, Layout::Basic);
        let thread = thread.map_err(|e| content.error(e, start))?;
        memory.charge(thread.name.len() as u64, what, content.body_at())?;
        threads.threads.push(thread);
        if content.position() > table_budget {
            return Err(table_too_long(content, content.position(), table_budget));
        }
    }
    threads.check(offset)?;
    let entries = content.read_u32()?;
    content.expect_exactly(u64::from(entries), 4)?;
    if u64::from(entries) != records {
        return Err(FormatError::ThreadRecordCount {
            found: u64::from(entries),
            records,
            offset,
        });
    }
    memory.charge(u64::from(entries) * cost::ENTRY, what, content.body_at())?;
    let first = content.position();
    let kept = read_entries(content, entries, keep, ThreadIndex::from_wire, |index| {
        if threads.has(index) {
            Ok(())
        } else {
            Err(threads.out_of_range(index, offset))
        }
    })?;
    Ok(ThreadsRead {
        threads,
        kept,
        first,
    })
}

/// A thread table of at least `length` bytes, over the reader's `budget`.
#[cold]
fn table_too_long<I>(content: &Content<I>, length: u64, budget: u64) -> FormatError {
    FormatError::SegmentTooLong {
        tag: Tag(content.tag()),
        length,
        limit: budget,
        offset: content.body_at(),
    }
}

/// Decodes and checks a whole `tHRD` body (its content, at `offset`) of
/// a file of `records` records: the table, and the thread of each record.
#[cfg(test)]
pub(crate) fn decode(
    body: &[u8],
    offset: u64,
    records: u64,
) -> Result<(Threads, Vec<Option<ThreadIndex>>), FormatError> {
    let mut content = Content::of_slice(crate::wire::THREADS, body, offset);
    let read = read(
        &mut content,
        records,
        u64::MAX,
        &mut Budget::for_file(0, u64::MAX),
        true,
    )?;
    content.end()?;
    Ok((read.threads, read.kept.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_byte_for_byte_as_format_md_says() {
        let mut threads = Threads::default();
        let io = threads.push(Thread {
            id: 0x0102,
            name: "io".into(),
        });
        let body = encode(&threads, &[Some(io), None]).unwrap();
        let expected: Vec<u8> = [
            &1u32.to_le_bytes()[..],
            &0x0102u64.to_le_bytes(),
            &2u16.to_le_bytes(),
            b"io",
            &2u32.to_le_bytes(),
            &1u32.to_le_bytes(),
            &0u32.to_le_bytes(),
        ]
        .concat();
        assert_eq!(body, expected);
        // FORMAT.md's size: 8 + Σ(10 + name length) + 4·records.
        assert_eq!(body.len(), 8 + (10 + 2) + 4 * 2);
        assert_eq!(
            decode(&body, 0, 2).unwrap(),
            (threads, vec![Some(io), None])
        );
    }

    #[test]
    fn reading_names_what_is_wrong_and_where() {
        let mut threads = Threads::default();
        let five = threads.push(Thread {
            id: 5,
            name: String::new(),
        });
        let body = encode(&threads, &[Some(five)]).unwrap();
        assert!(matches!(
            decode(&body, 40, 2),
            Err(FormatError::ThreadRecordCount {
                found: 1,
                records: 2,
                offset: 40
            })
        ));
        let beyond = encode(&threads, &[Some(ThreadIndex::from_index(1))]).unwrap();
        assert!(matches!(
            decode(&beyond, 40, 1),
            Err(FormatError::IndexOutOfRange {
                what: "thread",
                index: 1,
                count: 1,
                offset: 40,
                ..
            })
        ));
        decode(&encode(&threads, &[None]).unwrap(), 40, 1).unwrap();
    }
}
