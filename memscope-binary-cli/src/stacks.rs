//! Call stacks as text: a stack's frames one per row beside its numbers,
//! with a row saying how many frames are left out wherever some are.

use memscope_analysis::{ShownFrame, ShownStack, StackChange, StackRow, TallyChange};

use crate::table::{Align, Shrink, Table};
use crate::units::{percent, signed};

/// A frame's three cells: its label, `file:line`, and what it is: `call
/// site` (inlined or not: `--json` says), `inlined`, or nothing.
fn frame_cells(frame: &ShownFrame, call_site: bool) -> [String; 3] {
    let what = match (call_site, frame.inlined) {
        (true, _) => "call site",
        (false, true) => "inlined",
        (false, false) => "",
    };
    [frame.label.clone(), frame.location(), what.to_string()]
}

/// `… N frames`, `… N more frames`.
fn left_out(count: usize, more: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("… {count}{more} frame{plural}")
}

/// The rows of `stack` in a stack table: `lead` (the stack's numbers, as
/// many cells as the table has before its frame columns) beside the first
/// frame, then one row per frame, with a row saying how many frames are
/// left out wherever some are.
fn stack_rows(stack: &ShownStack, lead: Vec<String>) -> Vec<Vec<String>> {
    let blank = vec![String::new(); lead.len()];
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(stack.frames.len() + 3);
    let mut row_with = |cells: Vec<String>| {
        let mut row = if rows.is_empty() {
            lead.clone()
        } else {
            blank.clone()
        };
        row.extend(cells);
        rows.push(row);
    };
    let mut next = 0;
    for frame in &stack.frames {
        if frame.position > next {
            row_with(vec![left_out(frame.position - next, "")]);
        }
        row_with(frame_cells(frame, stack.call_site == Some(frame.position)).to_vec());
        next = frame.position + 1;
    }
    if stack.depth > next {
        row_with(vec![left_out(stack.depth - next, " more")]);
    }
    if rows.is_empty() {
        rows.push(lead);
    }
    rows
}

/// A table of stacks: the leading numeric columns, then the frames.
fn frames_table(leading: &[(&'static str, Align)]) -> Table {
    let mut columns = leading.to_vec();
    columns.extend([
        ("function", Align::Left),
        ("file:line", Align::Left),
        ("", Align::Left),
    ]);
    Table::new(&columns)
        .shrink(leading.len(), Shrink::Middle)
        .shrink(leading.len() + 1, Shrink::Start)
}

/// The table of `rows`: rank, count, bytes, share of `total` bytes, then
/// each stack's frames, innermost first, one per row; a blank row between
/// stacks.
pub fn stacks_table(rows: &[StackRow], total: u64) -> Table {
    let mut table = frames_table(&[
        ("#", Align::Right),
        ("count", Align::Right),
        ("bytes", Align::Right),
        ("share", Align::Right),
    ]);
    for (rank, row) in rows.iter().enumerate() {
        if rank > 0 {
            table.row(Vec::new());
        }
        let lead = vec![
            (rank + 1).to_string(),
            row.count.to_string(),
            row.bytes.to_string(),
            percent(row.bytes, total),
        ];
        for cells in stack_rows(&row.stack, lead) {
            table.row(cells);
        }
    }
    table
}

/// The six cells of a change (deltas signed), in field order.
pub fn change_cells(change: &TallyChange) -> [String; 6] {
    [
        change.old_count.to_string(),
        change.new_count.to_string(),
        signed(change.count_delta),
        change.old_bytes.to_string(),
        change.new_bytes.to_string(),
        signed(change.bytes_delta),
    ]
}

/// The six column headings of [`change_cells`].
pub const CHANGE_COLUMNS: [&str; 6] = [
    "old count",
    "new count",
    "+/- count",
    "old bytes",
    "new bytes",
    "+/- bytes",
];

/// The table of stack changes: rank, the growth in bytes and the bytes
/// now, the growth in blocks and the blocks now (the figures of OLD are
/// in `--json`: the frames need the width), then each stack's frames,
/// one per row.
pub fn changes_table(rows: &[StackChange]) -> Table {
    let mut table = frames_table(&[
        ("#", Align::Right),
        ("+/- bytes", Align::Right),
        ("new bytes", Align::Right),
        ("+/- count", Align::Right),
        ("new count", Align::Right),
    ]);
    for (rank, row) in rows.iter().enumerate() {
        if rank > 0 {
            table.row(Vec::new());
        }
        let change = &row.tally;
        let lead = vec![
            (rank + 1).to_string(),
            signed(change.bytes_delta),
            change.new_bytes.to_string(),
            signed(change.count_delta),
            change.new_count.to_string(),
        ];
        for cells in stack_rows(&row.stack, lead) {
            table.row(cells);
        }
    }
    table
}
