//! [`Threads`]: the threads that allocated a file's live blocks, as the
//! `tHRD` segment of a version-2 file carries them (FORMAT.md, "`tHRD`").
//! Each record names its thread by [`ThreadIndex`]; the reader hands each
//! record out with its thread ([`Record::thread`](crate::Record::thread)).

use memscope_binary::BinaryRecord;

use crate::error::{FormatError, Tag};
use crate::model::ids::ThreadIndex;
use crate::wire;

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

/// The thread table of a file: each thread once.
///
/// ```
/// use memscope_export::{Thread, Threads};
///
/// let mut threads = Threads::default();
/// let main = threads.push(Thread { id: 1, name: "main".into() });
/// let worker = threads.push(Thread { id: 7, name: String::new() });
/// threads.validate().unwrap();
/// assert_eq!(threads.get(main).and_then(Thread::name), Some("main"));
/// assert_eq!(threads.get(worker).map(|t| t.id), Some(7));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Threads {
    /// Each thread once.
    pub threads: Vec<Thread>,
}

impl Threads {
    /// Adds a thread; returns its index.
    pub fn push(&mut self, thread: Thread) -> ThreadIndex {
        self.threads.push(thread);
        ThreadIndex::from_index(self.threads.len() - 1)
    }

    /// The thread `index` names.
    pub fn get(&self, index: ThreadIndex) -> Option<&Thread> {
        self.threads.get(index.index())
    }

    /// How many threads there are.
    pub fn len(&self) -> usize {
        self.threads.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.threads.is_empty()
    }

    /// Checks the table: each thread id once, every name short enough for
    /// its u16 length.
    pub fn validate(&self) -> Result<(), FormatError> {
        self.check(0)
    }

    /// [`validate`](Self::validate), errors placed at `offset`, where the
    /// segment's body begins.
    pub(crate) fn check(&self, offset: u64) -> Result<(), FormatError> {
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

    /// Whether `index` names a thread of the table.
    pub(crate) fn has(&self, index: ThreadIndex) -> bool {
        index.index() < self.threads.len()
    }

    /// The error for a record naming a thread the table does not hold.
    pub(crate) fn out_of_range(&self, index: ThreadIndex, offset: u64) -> FormatError {
        FormatError::IndexOutOfRange {
            what: "thread",
            index: index.index() as u64,
            count: self.threads.len() as u64,
            tag: Tag(wire::THREADS),
            offset,
        }
    }
}

/// A record's thread, as the reader hands it out: its index in the
/// file's table and the thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadView<'a> {
    /// Its index in the file's thread table.
    pub index: ThreadIndex,
    /// The thread.
    pub thread: &'a Thread,
}

impl<'a> ThreadView<'a> {
    /// The tracker's id of the thread.
    pub fn id(&self) -> u64 {
        self.thread.id
    }

    /// Its name, `None` when it had none.
    pub fn name(&self) -> Option<&'a str> {
        self.thread.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_what_is_wrong_and_where() {
        let mut twice = Threads::default();
        twice.push(Thread {
            id: 5,
            name: String::new(),
        });
        twice.validate().unwrap();
        twice.push(twice.threads[0].clone());
        assert!(matches!(
            twice.check(40),
            Err(FormatError::DuplicateThread { id: 5, offset: 40 })
        ));
        let mut long = Threads::default();
        long.push(Thread {
            id: 5,
            name: "n".repeat(70_000),
        });
        assert!(matches!(
            long.check(40),
            Err(FormatError::ThreadNameTooLong {
                id: 5,
                length: 70_000,
                offset: 40
            })
        ));
    }
}
