//! FORMAT.md's record tables agree with the records' `schema()`: each row's
//! offset, size and field name is the schema's, in wire order, so the spec
//! and the code cannot drift apart unnoticed. (The tables are written by
//! hand for readers; this test is what keeps them true.)

use memscope_binary::{BinaryRecord, EncodedSize, Layout, Schema};
use memscope_export::format::frame_schema;
use memscope_tracker::{AllocationInfo, MemoryStats};

const FORMAT: &str = include_str!("../FORMAT.md");

/// The rows of the first table after the line that contains `anchor`, each
/// split into its trimmed cells (the header and the `|---|` line dropped).
fn table_after(anchor: &str) -> Vec<Vec<String>> {
    let start = FORMAT
        .find(anchor)
        .unwrap_or_else(|| panic!("FORMAT.md has no {anchor:?}"));
    FORMAT[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect()
}

/// The field a row names: its first word, without backticks or commas.
fn field_name(cell: &str) -> &str {
    cell.split([' ', ',', '(', ':'])
        .next()
        .unwrap_or(cell)
        .trim_matches('`')
}

/// Checks an `offset | size | field` table against `schema`: a first row
/// for the tag when the record has one, then one row per field.
fn check_fixed(anchor: &str, schema: &Schema) {
    let rows = table_after(anchor);
    let mut rows = rows.iter();
    if let Some(tag) = schema.tag {
        let row = rows.next().expect("a row for the tag");
        assert_eq!(
            (row[0].as_str(), row[1].as_str()),
            ("0", "4"),
            "{anchor}: {row:?}"
        );
        let tag = std::str::from_utf8(&tag).unwrap();
        assert!(row[2].contains(&format!("`{tag}`")), "{anchor}: {row:?}");
    }
    for field in &schema.fields {
        let row = rows
            .next()
            .unwrap_or_else(|| panic!("{anchor}: no row for {}", field.name));
        let offset = field.offset.expect("a fixed record has fixed offsets");
        let size = field
            .size
            .exact_len()
            .expect("a fixed record has fixed sizes");
        assert_eq!(
            (
                row[0].parse::<usize>().ok(),
                row[1].parse::<usize>().ok(),
                field_name(&row[2])
            ),
            (Some(offset), Some(size), field.name),
            "{anchor}: the row {row:?} disagrees with the schema's {field:?}"
        );
    }
    assert!(
        rows.next().is_none(),
        "{anchor}: a row the schema does not have"
    );
}

#[test]
fn the_stats_segment_table_is_the_schema_of_memory_stats() {
    let schema = MemoryStats::schema(Layout::Basic);
    assert_eq!(schema.size, EncodedSize::exact(60));
    assert!(FORMAT.contains("## Stats segment (60 bytes)"));
    check_fixed("## Stats segment (60 bytes)", &schema);
}

#[test]
fn the_basic_record_table_is_the_schema_of_allocation_info() {
    let schema = AllocationInfo::schema(Layout::Basic);
    assert!(FORMAT.contains("exactly 24 bytes"));
    assert_eq!(schema.size, EncodedSize::exact(24));
    check_fixed("Basic record (flag DETAILS clear)", &schema);
}

#[test]
fn the_frame_table_is_the_schema_of_a_frame_entry() {
    let schema = frame_schema();
    assert!(FORMAT.contains("A frame (24 bytes)"));
    assert_eq!(schema.size, EncodedSize::exact(24));
    check_fixed("A frame (24 bytes)", &schema);
}

#[test]
fn the_detailed_record_table_is_the_schema_of_allocation_info() {
    let basic = AllocationInfo::schema(Layout::Basic);
    let detailed = AllocationInfo::schema(Layout::Detailed);
    let rows = table_after("Detailed record (flag DETAILS set)");
    let mut rows = rows.iter();
    // The basic record, whole.
    let row = rows.next().unwrap();
    assert_eq!(
        row[0],
        basic.size.exact_len().unwrap().to_string(),
        "{row:?}"
    );
    assert!(row[1].contains("basic record"), "{row:?}");
    // Then each field the detailed layout adds: a name is its length (the
    // prefix) and its bytes, a flags byte is one byte.
    for field in &detailed.fields[basic.fields.len()..] {
        if field.name == "(presence flags)" {
            let row = rows.next().unwrap();
            assert_eq!(row[0], "1", "{row:?}");
            assert!(row[1].starts_with("record flags"), "{row:?}");
            continue;
        }
        let prefix = rows.next().unwrap();
        assert_eq!(
            prefix[0],
            field.size.min.to_string(),
            "{field:?}: {prefix:?}"
        );
        assert_eq!(field_name(&prefix[1]), field.name, "{prefix:?}");
        assert!(prefix[1].contains("length"), "{prefix:?}");
        assert!(
            field.size.max.is_some_and(|max| max > field.size.min),
            "{field:?}"
        );
        let bytes = rows.next().unwrap();
        assert_eq!(field_name(&bytes[1]), field.name, "{bytes:?}");
        assert!(bytes[1].contains("UTF-8"), "{bytes:?}");
    }
    assert!(rows.next().is_none());
}
