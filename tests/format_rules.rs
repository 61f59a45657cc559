//! Every rule of FORMAT.md that issue 26 specified, one file each from the
//! corpus (`memscope_test_support::hostile`): a file that breaks a rule is
//! refused with that rule's own error at its byte, in one line; a file
//! that a rule says stays valid reads whole.

use memscope_export::{BinaryReader, FormatError};
use memscope_test_support::hostile::{Outcome, corpus};

/// Reads every record of `bytes`, then takes its tables: how many records
/// there were.
fn read(bytes: &[u8]) -> Result<u32, FormatError> {
    let mut reader = BinaryReader::from_bytes(bytes)?;
    let mut records = 0;
    reader.records().visit(|_| records += 1)?;
    let _ = reader.into_tables();
    Ok(records)
}

#[test]
fn each_file_of_the_corpus_gives_the_outcome_its_rule_states() {
    let files = corpus();
    assert!(files.len() >= 7, "{}", files.len());
    for file in files {
        let result = read(&file.bytes);
        let what = format!("{} ({})", file.name, file.rule);
        match (&file.outcome, result) {
            (Outcome::Reads { records }, Ok(read)) => assert_eq!(read, *records, "{what}"),
            (Outcome::Reads { .. }, Err(e)) => panic!("{what}: refused: {e}"),
            (Outcome::Refused(_), Ok(_)) => panic!("{what}: read"),
            (Outcome::Refused(expected), Err(e)) => {
                assert!(expected(&e), "{what}: {e:?}");
                let message = e.to_string();
                assert!(!message.contains('\n'), "{what}: {message}");
            }
        }
    }
}

#[test]
fn the_corpus_names_each_file_once() {
    let mut names: Vec<&str> = corpus().iter().map(|f| f.name).collect();
    let all = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all);
}

#[test]
fn unused_duplicate_and_empty_stack_entries_read_as_their_indices_say() {
    let file = memscope_test_support::hostile::odd_but_valid_stacks();
    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    let mut stacks = Vec::new();
    reader
        .records()
        .visit(|record| {
            stacks.push(record.stack.map(|stack| {
                let functions: Vec<Option<String>> = stack
                    .frames()
                    .map(|frame| frame.function.map(str::to_owned))
                    .collect();
                (stack.id().index(), functions)
            }))
        })
        .unwrap();
    let (tables, _) = reader.into_tables();
    let tables = tables.unwrap();
    // Nothing merged or dropped: 3 + 3 stacks, 2 more strings, 1 more frame.
    assert_eq!(tables.stacks.len(), 6);
    let (first, duplicate) = (stacks[0].clone().unwrap(), stacks[1].clone().unwrap());
    assert_eq!((first.0, duplicate.0), (0, 4), "each its own id");
    assert_eq!(first.1, duplicate.1, "the same frames");
    assert_eq!(first.1.len(), 4);
    // Depth 0 is a stack of no frames, not "no stack".
    assert_eq!(stacks[3], Some((3, Vec::new())));
    assert_eq!(stacks[5], None);
}

#[test]
fn a_version_2_file_with_only_ends_reads_as_its_version_1_file() {
    use memscope_test_support::hostile::version_1;
    for compressed in [false, true] {
        let v1 = version_1(compressed);
        let mut v2 = v1.clone();
        v2[8] = 2;
        v2.extend_from_slice(b"ENDS");
        v2.extend_from_slice(&8u64.to_le_bytes());
        v2.extend_from_slice(&(v1.len() as u64).to_le_bytes());
        let all = |bytes: &[u8]| {
            let mut reader = BinaryReader::from_bytes(bytes).unwrap();
            let records: Vec<_> = reader.records().map(|r| r.unwrap().allocation).collect();
            (records, reader.into_tables())
        };
        let (records, tables) = all(&v2);
        assert_eq!(
            (records.clone(), tables),
            all(&v1),
            "compressed {compressed}"
        );
        assert_eq!(records.len(), 6);
    }
}
