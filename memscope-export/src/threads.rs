//! [`Threads`]: the thread that allocated each record, as the `tHRD`
//! segment of a version-2 file carries it (FORMAT.md, "`tHRD`").

use memscope_binary::{BinaryRecord, CodecError, Layout};
use memscope_tracker::Snapshot;

use crate::error::{FormatError, Tag};

/// The tag of the threads segment (ancillary: a reader that does not know
/// it skips it).
pub(crate) const THREADS: [u8; 4] = *b"tHRD";

/// One thread that allocated live blocks.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Thread {
    /// The tracker's id of the thread: unique within the process, given
    /// when the thread first allocated.
    pub id: u64,
    /// Its name, empty when it had none (see [`Thread::name`]).
    #[binary(len = u16)]
    pub name: String,
}

impl Thread {
    /// Its name, `None` when it had none.
    pub fn name(&self) -> Option<&str> {
        (!self.name.is_empty()).then_some(self.name.as_str())
    }
}

/// The threads that allocated the live blocks, and the thread of each
/// record.
///
/// ```
/// use memscope_export::{Thread, Threads};
///
/// let threads = Threads {
///     threads: vec![Thread { id: 1, name: "main".into() }, Thread { id: 7, name: String::new() }],
///     of_records: vec![1, 2, 0],
/// };
/// threads.validate(3).unwrap();
/// assert_eq!(threads.thread_of_record(0).and_then(|t| t.name()), Some("main"));
/// assert_eq!(threads.thread_of_record(1).map(|t| t.id), Some(7));
/// assert!(threads.thread_of_record(2).is_none()); // unknown
/// ```
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub struct Threads {
    /// Each thread once.
    pub threads: Vec<Thread>,
    /// The thread of each record, in record order: an index into
    /// `threads` + 1, 0 when unknown.
    pub of_records: Vec<u32>,
}

impl Threads {
    /// The threads of `snapshot`'s blocks, in the order
    /// [`Snapshot::blocks`] lists them, with the names the tracker kept.
    pub fn of_snapshot(snapshot: &Snapshot) -> Self {
        let mut index = std::collections::HashMap::new();
        let mut threads = Vec::new();
        let of_records = snapshot
            .blocks()
            .map(|block| {
                if block.thread_id == 0 {
                    return 0;
                }
                *index.entry(block.thread_id).or_insert_with(|| {
                    threads.push(Thread {
                        id: block.thread_id,
                        name: snapshot
                            .thread_name(block.thread_id)
                            .unwrap_or_default()
                            .to_owned(),
                    });
                    threads.len() as u32
                })
            })
            .collect();
        Threads {
            threads,
            of_records,
        }
    }

    /// The thread of record `index`, when known.
    pub fn thread_of_record(&self, index: usize) -> Option<&Thread> {
        let entry = *self.of_records.get(index)?;
        self.threads.get((entry as usize).checked_sub(1)?)
    }

    /// Checks it against a file of `records` records: one entry per
    /// record, every index in range, each thread id once, every name short
    /// enough for its u16 length.
    pub fn validate(&self, records: u64) -> Result<(), FormatError> {
        self.check(records, 0)
    }

    /// [`validate`](Self::validate), errors placed at `offset`, where the
    /// segment's body begins.
    pub(crate) fn check(&self, records: u64, offset: u64) -> Result<(), FormatError> {
        if self.of_records.len() as u64 != records {
            return Err(FormatError::ThreadRecordCount {
                found: self.of_records.len() as u64,
                records,
                offset,
            });
        }
        if let Some(thread) = self
            .threads
            .iter()
            .find(|t| t.name.len() > usize::from(u16::MAX))
        {
            return Err(FormatError::ThreadNameTooLong {
                id: thread.id,
                length: thread.name.len() as u64,
                offset,
            });
        }
        let count = self.threads.len();
        if let Some(&entry) = self.of_records.iter().find(|&&e| e as usize > count) {
            return Err(FormatError::IndexOutOfRange {
                what: "thread",
                index: u64::from(entry) - 1,
                count: count as u64,
                tag: Tag(THREADS),
                offset,
            });
        }
        let mut ids: Vec<u64> = self.threads.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        if let Some(pair) = ids.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(FormatError::DuplicateThread {
                id: pair[0],
                offset,
            });
        }
        Ok(())
    }

    /// The segment body.
    pub(crate) fn encode_body(&self) -> Result<Vec<u8>, CodecError> {
        self.to_bytes(Layout::Basic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_byte_for_byte_as_format_md_says() {
        let threads = Threads {
            threads: vec![Thread {
                id: 0x0102,
                name: "io".into(),
            }],
            of_records: vec![1, 0],
        };
        let body = threads.encode_body().unwrap();
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
    }

    #[test]
    fn validation_names_what_is_wrong_and_where() {
        let one = |of_records: Vec<u32>| Threads {
            threads: vec![Thread {
                id: 5,
                name: String::new(),
            }],
            of_records,
        };
        assert!(matches!(
            one(vec![1]).check(2, 40),
            Err(FormatError::ThreadRecordCount {
                found: 1,
                records: 2,
                offset: 40
            })
        ));
        assert!(matches!(
            one(vec![2]).check(1, 40),
            Err(FormatError::IndexOutOfRange {
                what: "thread",
                index: 1,
                count: 1,
                offset: 40,
                ..
            })
        ));
        let mut twice = one(vec![1]);
        twice.threads.push(twice.threads[0].clone());
        assert!(matches!(
            twice.check(1, 40),
            Err(FormatError::DuplicateThread { id: 5, offset: 40 })
        ));
        one(vec![0]).check(1, 40).unwrap();
        let mut long = one(vec![1]);
        long.threads[0].name = "n".repeat(70_000);
        assert!(matches!(
            long.check(1, 40),
            Err(FormatError::ThreadNameTooLong {
                id: 5,
                length: 70_000,
                offset: 40
            })
        ));
    }
}
