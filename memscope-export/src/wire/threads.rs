//! The body of `tHRD` (FORMAT.md, "`tHRD`"): the thread table, then the
//! thread of each record as an index + 1 (0 when unknown), and its
//! translation to and from the model's [`Threads`] and per-record
//! [`ThreadIndex`]es.

use memscope_binary::{BinaryRecord, CodecError, Layout};

use crate::error::FormatError;
use crate::model::ids::ThreadIndex;
use crate::model::threads::{Thread, Threads};
use crate::wire::{THREADS, decode_body};

/// The body of `tHRD`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct ThreadsBody {
    threads: Vec<Thread>,
    of_records: Vec<u32>,
}

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

/// Decodes and checks a `tHRD` body (its content, at `offset`) of a file
/// of `records` records: the table, and the thread of each record.
pub(crate) fn decode(
    body: &[u8],
    offset: u64,
    records: u64,
) -> Result<(Threads, Vec<Option<ThreadIndex>>), FormatError> {
    let body = decode_body::<ThreadsBody>(THREADS, body, offset)?;
    let threads = Threads {
        threads: body.threads,
    };
    threads.check(offset)?;
    if body.of_records.len() as u64 != records {
        return Err(FormatError::ThreadRecordCount {
            found: body.of_records.len() as u64,
            records,
            offset,
        });
    }
    let mut of_records = Vec::with_capacity(body.of_records.len());
    for &entry in &body.of_records {
        let index = ThreadIndex::from_wire(entry);
        if let Some(index) = index
            && !threads.has(index)
        {
            return Err(threads.out_of_range(index, offset));
        }
        of_records.push(index);
    }
    Ok((threads, of_records))
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
