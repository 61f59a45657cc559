//! `to_parquet`: what a table holds, read back with the parquet crate.

mod common;

use bytes::Bytes;
use common::{EXPORTED, block, file, plain_file, reader, six_records};
use memscope_interchange::{
    COLUMNS, InterchangeError, NAME_BYTES_PER_GROUP, ROWS_PER_GROUP, SITE_COLUMNS, to_parquet,
    to_parquet_sites,
};
use memscope_test_support::{detailed, run_file_bytes};
use parquet::basic::Compression;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row, RowAccessor};

/// One row, as its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    ptr: u64,
    size: u64,
    timestamp_alloc: u64,
    var_name: Option<String>,
    type_name: Option<String>,
    stack_id: Option<u32>,
    call_site: Option<String>,
    stack: Vec<String>,
    thread_id: Option<u64>,
    thread_name: Option<String>,
}

/// A string column's value.
fn string(field: &Field) -> Option<String> {
    match field {
        Field::Str(text) => Some(text.clone()),
        Field::Null => None,
        other => panic!("not a string: {other:?}"),
    }
}

impl Block {
    fn of(row: &Row) -> Self {
        let fields: Vec<&Field> = row.get_column_iter().map(|(_, field)| field).collect();
        let unsigned = |field: &Field| match field {
            Field::ULong(value) => *value,
            other => panic!("not an unsigned 64-bit value: {other:?}"),
        };
        Block {
            ptr: unsigned(fields[0]),
            size: unsigned(fields[1]),
            timestamp_alloc: unsigned(fields[2]),
            var_name: string(fields[3]),
            type_name: string(fields[4]),
            stack_id: match fields[5] {
                Field::UInt(id) => Some(*id),
                Field::Null => None,
                other => panic!("not an unsigned 32-bit value: {other:?}"),
            },
            call_site: string(fields[6]),
            stack: match fields[7] {
                Field::ListInternal(list) => {
                    list.elements().iter().map(|f| string(f).unwrap()).collect()
                }
                other => panic!("not a list: {other:?}"),
            },
            thread_id: match fields[8] {
                Field::ULong(id) => Some(*id),
                Field::Null => None,
                other => panic!("not an unsigned 64-bit value: {other:?}"),
            },
            thread_name: string(fields[9]),
        }
    }
}

/// The table written for `bytes`, and its reader.
fn converted(bytes: &[u8]) -> SerializedFileReader<Bytes> {
    let mut table = Vec::new();
    to_parquet(reader(bytes), &mut table).unwrap();
    SerializedFileReader::new(Bytes::from(table)).unwrap()
}

/// The rows of each row group of `table`.
fn group_sizes(table: &SerializedFileReader<Bytes>) -> Vec<i64> {
    let groups = table.metadata().row_groups().iter();
    groups.map(|group| group.num_rows()).collect()
}

/// Every row of `table`, in order.
fn rows(table: &SerializedFileReader<Bytes>) -> Vec<Block> {
    table
        .get_row_iter(None)
        .unwrap()
        .map(|row| Block::of(&row.unwrap()))
        .collect()
}

#[test]
fn each_record_is_a_row_with_its_names_and_its_stack_as_text() {
    let (records, stacks, _) = six_records();
    let bytes = file(&records, Some(&stacks), None);
    let rows = rows(&converted(&bytes));

    for (index, (row, record)) in rows.iter().zip(&records).enumerate() {
        let depth = record
            .stack
            .and_then(|id| stacks.stack(id))
            .map_or(0, |stack| stack.len());
        // The allocator's frames (none here) are left out.
        assert_eq!(row.stack.len(), depth, "record {index}: the file's stack");
        let record = &record.allocation;
        assert_eq!(
            (
                row.ptr,
                row.size,
                row.timestamp_alloc,
                row.var_name.as_ref(),
                row.type_name.as_ref()
            ),
            (
                record.ptr as u64,
                record.size as u64,
                record.timestamp_alloc,
                record.var_name.as_ref(),
                record.type_name.as_ref()
            )
        );
    }
    assert_eq!(
        rows[0],
        Block {
            ptr: 0x1000,
            size: 100,
            timestamp_alloc: 1,
            var_name: Some("index".into()),
            type_name: Some("Vec<u32>".into()),
            stack_id: Some(1),
            call_site: Some("app::index::add (src/index.rs:42)".into()),
            // Every output's one label and short path.
            stack: vec![
                "alloc::raw_vec::finish_grow (alloc/src/raw_vec.rs:480)".into(),
                "alloc::vec::Vec::push (alloc/src/vec/mod.rs:1200)".into(),
                "app::index::add (src/index.rs:42)".into(),
                "app::main (src/main.rs:10)".into(),
            ],
            thread_id: None,
            thread_name: None,
        }
    );
    let ids: Vec<Option<u32>> = rows.iter().map(|r| r.stack_id).collect();
    assert_eq!(ids, [Some(1), Some(1), Some(2), Some(2), Some(3), None]);
    assert_eq!(
        rows[4].call_site.as_deref(),
        Some("app::main (src/main.rs:10)"),
        "beneath it only a frame without a symbol outside the program"
    );
    assert_eq!(rows[4].stack[0], "0x555500001005", "kept in the stack");
    assert_eq!(
        (rows[5].call_site.as_ref(), rows[5].stack.len()),
        (None, 0),
        "no stack"
    );
}

#[test]
fn the_totals_are_the_files_stats() {
    let (records, stacks, _) = six_records();
    let bytes = file(&records, Some(&stacks), None);
    let stats = *reader(&bytes).stats();
    let rows = rows(&converted(&bytes));

    let total: u64 = rows.iter().map(|r| r.size).sum();
    assert_eq!(
        (rows.len() as u64, total),
        (stats.active_allocations, stats.active_memory)
    );
    let mut table = Vec::new();
    let written = to_parquet(reader(&bytes), &mut table).unwrap();
    assert_eq!(
        (written.rows, written.bytes, written.row_groups),
        (6, 1676, 1)
    );
    assert_eq!(written.written, table.len() as u64);
}

#[test]
fn the_schema_has_the_documented_columns_and_the_file_says_where_it_came_from() {
    let (records, stacks, _) = six_records();
    let table = converted(&file(&records, Some(&stacks), None));

    let metadata = table.metadata().file_metadata();
    let names: Vec<&str> = metadata
        .schema_descr()
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name())
        .collect();
    assert_eq!(names, COLUMNS);
    let pairs: Vec<(String, Option<String>)> = metadata
        .key_value_metadata()
        .unwrap()
        .iter()
        .map(|kv| (kv.key.clone(), kv.value.clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("memscope.format_version".to_owned(), Some("2".to_owned())),
            (
                "memscope.export_timestamp_ns".to_owned(),
                Some(EXPORTED.to_string())
            ),
        ]
    );
    // The level is the writer's business: the file names the codec only.
    let codecs = table
        .metadata()
        .row_group(0)
        .columns()
        .iter()
        .map(|c| c.compression());
    assert!(
        codecs
            .into_iter()
            .all(|codec| matches!(codec, Compression::ZSTD(_)))
    );
}

#[test]
fn records_go_out_in_row_groups_of_a_fixed_size_in_file_order() {
    let records: Vec<_> = (0..ROWS_PER_GROUP + 5)
        .map(|i| block(i * 16, 8, None, Some("u64")))
        .collect();
    let table = converted(&plain_file(&records));

    let groups = group_sizes(&table);
    assert_eq!(groups, [ROWS_PER_GROUP as i64, 5]);
    let rows = rows(&table);
    assert!(
        rows.iter()
            .enumerate()
            .all(|(i, row)| row.ptr == i as u64 * 16)
    );
    assert!(
        rows.iter()
            .all(|row| row.stack_id.is_none() && row.stack.is_empty())
    );
}

#[test]
fn a_row_group_closes_early_when_its_names_reach_their_budget() {
    let name = "n".repeat(64_000);
    let records: Vec<_> = (0..300)
        .map(|i| block(i * 16, 8, Some(&name), None))
        .collect();
    let table = converted(&plain_file(&records));

    // 263 names of 64,000 bytes are the first to reach 16 MiB.
    assert_eq!(NAME_BYTES_PER_GROUP, 16 << 20);
    let groups = group_sizes(&table);
    assert_eq!(groups, [263, 37]);
    assert!(
        rows(&table)
            .iter()
            .all(|row| row.var_name.as_deref() == Some(name.as_str()))
    );
}

#[test]
fn a_file_without_records_is_a_table_without_rows() {
    let table = converted(&plain_file(&[]));

    assert_eq!(table.metadata().file_metadata().num_rows(), 0);
    assert_eq!(table.metadata().num_row_groups(), 0);
}

#[test]
fn each_row_has_the_thread_that_allocated_it_when_the_file_carries_threads() {
    let (records, stacks, threads) = six_records();
    let table = converted(&file(&records, Some(&stacks), Some(&threads)));
    let threads: Vec<(Option<u64>, Option<String>)> = rows(&table)
        .into_iter()
        .map(|row| (row.thread_id, row.thread_name))
        .collect();
    let loader = (Some(2), Some("loader".to_owned()));
    let unnamed = (Some(9), None);
    assert_eq!(
        threads,
        [
            loader.clone(),
            loader.clone(),
            loader,
            unnamed.clone(),
            unnamed,
            (None, None)
        ]
    );

    // A file without threads has the columns, all null.
    let table = converted(&file(&records, Some(&stacks), None));
    assert!(
        rows(&table)
            .iter()
            .all(|row| row.thread_id.is_none() && row.thread_name.is_none())
    );
}

#[test]
fn each_row_says_how_many_blocks_it_stands_for() {
    use memscope_export::{BinaryExporter, FileContents, PlacedRecord};
    use memscope_tracker::{AllocationInfo, MemoryStats, sample_weight};

    let weights = |bytes: &[u8]| -> Vec<f64> {
        let table = converted(bytes);
        let index = COLUMNS.iter().position(|&c| c == "weight").unwrap();
        table
            .get_row_iter(None)
            .unwrap()
            .map(|row| row.unwrap().get_double(index).unwrap())
            .collect()
    };
    let lossless = plain_file(&[block(0x1000, 1000, None, None)]);
    assert_eq!(weights(&lossless), [1.0]);

    let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 1000, 1))];
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let mut sampled = Vec::new();
    BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records).with_sampling(4096),
            &mut sampled,
        )
        .unwrap();
    assert_eq!(weights(&sampled), [sample_weight(1000, 4096)]);
}

/// One row of the call-site table, as its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Site {
    stack_id: Option<u32>,
    call_site: Option<String>,
    stack: Vec<String>,
    /// allocated, freed, live, peak and temporary, blocks then bytes.
    counts: [u64; 10],
}

impl Site {
    fn of(row: &Row) -> Self {
        let fields: Vec<&Field> = row.get_column_iter().map(|(_, field)| field).collect();
        let mut counts = [0; 10];
        for (count, field) in counts.iter_mut().zip(&fields[3..]) {
            let Field::ULong(value) = field else {
                panic!("not an unsigned 64-bit value: {field:?}")
            };
            *count = *value;
        }
        Site {
            stack_id: match fields[0] {
                Field::UInt(id) => Some(*id),
                Field::Null => None,
                other => panic!("not an unsigned 32-bit value: {other:?}"),
            },
            call_site: string(fields[1]),
            stack: match fields[2] {
                Field::ListInternal(list) => {
                    list.elements().iter().map(|f| string(f).unwrap()).collect()
                }
                other => panic!("not a list: {other:?}"),
            },
            counts,
        }
    }
}

/// The call-site table written for `bytes`, and its reader.
fn sites_table(bytes: &[u8]) -> SerializedFileReader<Bytes> {
    let mut table = Vec::new();
    to_parquet_sites(&reader(bytes), &mut table).unwrap();
    SerializedFileReader::new(Bytes::from(table)).unwrap()
}

/// Every row of the call-site table `table`, in order.
fn sites(table: &SerializedFileReader<Bytes>) -> Vec<Site> {
    table
        .get_row_iter(None)
        .unwrap()
        .map(|row| Site::of(&row.unwrap()))
        .collect()
}

#[test]
fn the_call_site_table_has_a_row_per_stack_with_the_block_table_s_stack_columns_and_its_counts() {
    let table = sites_table(&run_file_bytes(detailed()));
    let metadata = table.metadata().file_metadata();
    let names: Vec<&str> = metadata
        .schema_descr()
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name())
        .collect();
    assert_eq!(names, SITE_COLUMNS);
    assert_eq!(
        metadata.key_value_metadata().unwrap()[1].value.as_deref(),
        Some(EXPORTED.to_string().as_str())
    );

    let main = "app::main (src/main.rs:10)".to_owned();
    let add = "app::index::add (src/index.rs:42)".to_owned();
    let load = "app::load (src/load.rs:7)".to_owned();
    let parse = "app::parse (src/parse.rs:20)".to_owned();
    let site = |stack_id, call_site: Option<&String>, stack: &[&String], counts| Site {
        stack_id,
        call_site: call_site.cloned(),
        stack: stack.iter().map(|f| f.to_string()).collect(),
        counts,
    };
    assert_eq!(
        sites(&table),
        [
            site(None, None, &[], [1, 12, 0, 0, 1, 12, 1, 12, 0, 0]),
            site(
                Some(1),
                Some(&add),
                &[
                    &"alloc::raw_vec::finish_grow (alloc/src/raw_vec.rs:480)".to_owned(),
                    &"alloc::vec::Vec::push (alloc/src/vec/mod.rs:1200)".to_owned(),
                    &add,
                    &main
                ],
                [5, 700, 3, 400, 2, 300, 4, 600, 1, 100]
            ),
            site(
                Some(2),
                Some(&load),
                &[&load, &main],
                [2, 1300, 0, 0, 2, 1300, 2, 1300, 0, 0]
            ),
            site(
                Some(3),
                Some(&main),
                &[&"0x555500001005".to_owned(), &main],
                [1, 64, 0, 0, 1, 64, 0, 0, 0, 0]
            ),
            // Every block freed: a row all the same.
            site(
                Some(4),
                Some(&parse),
                &[&parse, &main],
                [
                    1000, 4_096_000, 1000, 4_096_000, 0, 0, 1, 4096, 1000, 4_096_000
                ]
            ),
        ]
    );
}

#[test]
fn joined_on_stack_id_each_call_site_s_live_counts_are_its_rows_in_the_block_table() {
    let bytes = run_file_bytes(detailed());
    let blocks = rows(&converted(&bytes));
    let sites = sites(&sites_table(&bytes));
    for site in &sites {
        // `b.stack_id IS NOT DISTINCT FROM s.stack_id`: null joins null.
        let joined: Vec<&Block> = blocks
            .iter()
            .filter(|b| b.stack_id == site.stack_id)
            .collect();
        let bytes: u64 = joined.iter().map(|b| b.size).sum();
        assert_eq!([joined.len() as u64, bytes], site.counts[4..6], "{site:?}");
        for block in joined {
            assert_eq!(
                (&block.call_site, &block.stack),
                (&site.call_site, &site.stack)
            );
        }
    }
    let live: u64 = sites.iter().map(|s| s.counts[5]).sum();
    assert_eq!(live, blocks.iter().map(|b| b.size).sum::<u64>());
    assert_eq!(live, 1676);
}

#[test]
fn a_file_without_call_site_totals_has_no_call_site_table() {
    let (records, stacks, _) = six_records();
    let bytes = file(&records, Some(&stacks), None);
    let mut out = Vec::new();
    let error = to_parquet_sites(&reader(&bytes), &mut out).unwrap_err();
    assert!(matches!(error, InterchangeError::NoSiteTotals), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("no call-site totals: the file has no sITE segment"),
        "{error}"
    );
    assert!(out.is_empty(), "nothing written");
}
