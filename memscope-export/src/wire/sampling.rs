//! The body of `SMPL` (FORMAT.md, "`SMPL`"): the sampling mean in force at
//! export, then the mean each record was sampled at.

use std::io::Read;

use crate::error::{FormatError, FormatResult};
use crate::wire::content::Content;

/// The encoded body of `SMPL`: `mean`, then each record's mean in
/// record order.
pub(crate) fn encode(mean: u64, of_records: &[u64]) -> Vec<u8> {
    let mut body = Vec::with_capacity(12 + 8 * of_records.len());
    body.extend_from_slice(&mean.to_le_bytes());
    body.extend_from_slice(&(of_records.len() as u32).to_le_bytes());
    for record in of_records {
        body.extend_from_slice(&record.to_le_bytes());
    }
    body
}

/// How many means are read from the content at a time.
const CHUNK: usize = 4096;

/// Reads and checks the content of `SMPL` in a file of `records` records:
/// the file's mean and each record's, every one at least 1. The count is
/// checked against the record count and the content's length before
/// anything is allocated (and the caller charged it to the file's memory
/// budget).
pub(crate) fn read<I: Read>(
    content: &mut Content<I>,
    records: u64,
) -> FormatResult<(u64, Vec<u64>)> {
    let offset = content.base();
    let mean = content.read_u64()?;
    if mean == 0 {
        return Err(FormatError::ZeroSampleMean {
            record: None,
            offset,
        });
    }
    let count = content.read_u32()?;
    content.expect_exactly(u64::from(count), 8)?;
    if u64::from(count) != records {
        return Err(FormatError::SamplingRecordCount {
            found: u64::from(count),
            records,
            offset,
        });
    }
    let count = count as usize;
    // The caller charged 8 bytes a record to the file's memory budget.
    let mut means = Vec::new();
    content.reserve(&mut means, count)?;
    let mut buffer = [0u8; 8 * CHUNK];
    while means.len() < count {
        let n = (count - means.len()).min(CHUNK);
        let start = content.position();
        let read = memscope_binary::wire::read_exact(content, &mut buffer[..8 * n]);
        read.map_err(|e| content.error(e, start))?;
        for (i, word) in buffer[..8 * n].as_chunks::<8>().0.iter().enumerate() {
            let record_mean = u64::from_le_bytes(*word);
            if record_mean == 0 {
                return Err(FormatError::ZeroSampleMean {
                    record: Some(means.len() as u64),
                    offset: content.base() + start + 8 * i as u64,
                });
            }
            means.push(record_mean);
        }
    }
    Ok((mean, means))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(body: &[u8], offset: u64, records: u64) -> FormatResult<(u64, Vec<u64>)> {
        let mut content = Content::of_slice(crate::wire::SAMPLING, body, offset);
        let read = read(&mut content, records)?;
        content.end()?;
        Ok(read)
    }

    #[test]
    fn the_body_is_byte_for_byte_as_format_md_says() {
        let body = encode(512 << 10, &[4096, 512 << 10]);
        let expected: Vec<u8> = [
            &(512u64 << 10).to_le_bytes()[..],
            &2u32.to_le_bytes(),
            &4096u64.to_le_bytes(),
            &(512u64 << 10).to_le_bytes(),
        ]
        .concat();
        assert_eq!(body, expected);
        // FORMAT.md's size: 12 + 8·records.
        assert_eq!(body.len(), 12 + 8 * 2);
        assert_eq!(
            decode(&body, 0, 2).unwrap(),
            (512 << 10, vec![4096, 512 << 10])
        );
    }

    #[test]
    fn reading_names_what_is_wrong_and_where() {
        assert!(matches!(
            decode(&encode(0, &[]), 100, 0),
            Err(FormatError::ZeroSampleMean {
                record: None,
                offset: 100
            })
        ));
        assert!(matches!(
            decode(&encode(64, &[64, 0]), 100, 2),
            Err(FormatError::ZeroSampleMean {
                record: Some(1),
                offset: 120
            })
        ));
        assert!(matches!(
            decode(&encode(64, &[64]), 100, 2),
            Err(FormatError::SamplingRecordCount {
                found: 1,
                records: 2,
                offset: 100
            })
        ));
        let mut long = encode(64, &[64]);
        long.push(0);
        assert!(matches!(
            decode(&long, 0, 1),
            Err(FormatError::SegmentTrailing {
                offset: 20,
                extra: 1,
                ..
            })
        ));
    }
}
