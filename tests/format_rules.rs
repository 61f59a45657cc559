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
