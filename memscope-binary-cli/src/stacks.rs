//! Call stacks for people: a file's stacks ranked by the live bytes
//! allocated under each, the same bytes by function and by source file
//! (at the call site, and anywhere in the stack), and the stacks of two
//! files matched by their frames for `diff`.
//!
//! Everything here starts from the per-stack counts of an
//! [`Aggregate`](crate::aggregate::Aggregate), one tally per stack id, and
//! the file's [`CallStacks`]: the records are never visited again, and the
//! work and memory are bounded by the stack tables, not by the records.

use std::cmp::Reverse;
use std::collections::HashMap;

use memscope_export::{CallStacks, ResolvedFrame, is_program_frame};
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::aggregate::{Counts, Tally, TallyChange};
use crate::names::ShownName;
use crate::table::{Align, Table, cell_text, share_table};
use crate::units::percent;

/// How many frames of each stack are shown unless `--depth` says
/// otherwise.
pub const DEFAULT_DEPTH: usize = 10;

/// A frame as shown: where it is in its stack, its address, and what is
/// kept of its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownFrame {
    /// Its position in the stack, innermost first.
    pub index: usize,
    /// The return address as captured.
    pub address: u64,
    /// The function, when known.
    pub function: Option<ShownName>,
    /// The source file, when known.
    pub file: Option<ShownName>,
    /// The line, when known.
    pub line: Option<u32>,
    /// Whether it was inlined into the frame after it.
    pub inlined: bool,
}

impl ShownFrame {
    /// Frame `index` of a stack.
    fn new(index: usize, frame: &ResolvedFrame<'_>) -> Self {
        ShownFrame {
            index,
            address: frame.address,
            function: frame.function.map(ShownName::of),
            file: frame.file.map(ShownName::of),
            line: frame.line,
            inlined: frame.inlined,
        }
    }

    /// Its three cells: the function (or the address, when no symbol is
    /// known), `file:line` (`-` when unknown), and what it is: `inlined`,
    /// `call site`, both, or nothing.
    pub fn cells(&self, call_site: bool) -> [String; 3] {
        let function = match &self.function {
            Some(name) => function_cell(name),
            None => format!("{:#x} (no symbol)", self.address),
        };
        let location = match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{}:{line}", file.cell()),
            (Some(file), None) => file.cell(),
            (None, Some(line)) => format!("-:{line}"),
            (None, None) => "-".to_string(),
        };
        let what = match (call_site, self.inlined) {
            (true, true) => "call site, inlined",
            (true, false) => "call site",
            (false, true) => "inlined",
            (false, false) => "",
        };
        [function, location, what.to_string()]
    }
}

/// `index` (its position in the stack), `address`, `function` and `file`
/// (`null` when unknown), their whole lengths `function_bytes` and
/// `file_bytes` (names are kept cut, as every name is), `line` and
/// `inlined`.
impl Serialize for ShownFrame {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = |name: &Option<ShownName>| name.as_ref().map(|n| n.name.clone());
        let bytes = |name: &Option<ShownName>| name.as_ref().map(|n| n.name_bytes);
        let mut frame = serializer.serialize_struct("ShownFrame", 8)?;
        frame.serialize_field("index", &self.index)?;
        frame.serialize_field("address", &self.address)?;
        frame.serialize_field("function", &text(&self.function))?;
        frame.serialize_field("function_bytes", &bytes(&self.function))?;
        frame.serialize_field("file", &text(&self.file))?;
        frame.serialize_field("file_bytes", &bytes(&self.file))?;
        frame.serialize_field("line", &self.line)?;
        frame.serialize_field("inlined", &self.inlined)?;
        frame.end()
    }
}

/// Some frames of a stack, innermost first, and how many it has: the
/// first ones, or, when its call site ([`CallStacks::call_site`]) is
/// deeper than that, the innermost frame, then the call site and its
/// callers; the frames between (the allocator's and the standard
/// library's) are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownStack {
    /// How many frames the stack has.
    pub depth: usize,
    /// Where its call site is in it.
    pub call_site: Option<usize>,
    /// The frames shown, at most as many as asked for, each with its
    /// position.
    pub frames: Vec<ShownFrame>,
    /// How many frames are not shown.
    #[serde(rename = "frames_left_out")]
    pub left_out: usize,
}

impl ShownStack {
    /// At most `depth` frames of stack `id` of `stacks`.
    pub fn of(stacks: &CallStacks, id: u32, depth: usize) -> Self {
        let all = stacks.stack(id).unwrap_or_default();
        let call_site = stacks.call_site_index(id);
        let positions: Vec<usize> = match call_site {
            // The innermost frame, then the call site and its callers.
            Some(site) if site >= depth && depth >= 2 => std::iter::once(0)
                .chain((site..all.len()).take(depth - 1))
                .collect(),
            _ => (0..all.len().min(depth)).collect(),
        };
        ShownStack {
            depth: all.len(),
            call_site,
            left_out: all.len() - positions.len(),
            frames: positions
                .into_iter()
                .map(|i| ShownFrame::new(i, &all[i]))
                .collect(),
        }
    }

    /// Its rows in a stack table: `lead` (the stack's numbers, as many
    /// cells as the table has before its frame columns) beside the first
    /// frame, then one row per frame, with a row saying how many frames
    /// are left out wherever some are.
    fn rows(&self, lead: Vec<String>) -> Vec<Vec<String>> {
        let blank = vec![String::new(); lead.len()];
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(self.frames.len() + 3);
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
        for frame in &self.frames {
            if frame.index > next {
                row_with(vec![left_out(frame.index - next, "")]);
            }
            row_with(frame.cells(self.call_site == Some(frame.index)).to_vec());
            next = frame.index + 1;
        }
        if self.depth > next {
            row_with(vec![left_out(self.depth - next, " more")]);
        }
        if rows.is_empty() {
            rows.push(lead);
        }
        rows
    }
}

/// `… N frames`, `… N more frames`.
fn left_out(count: usize, more: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("… {count}{more} frame{plural}")
}

/// One stack of a file with the records allocated under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackRow {
    /// Its id in the file (ids differ between files).
    pub id: u32,
    /// Records allocated under it.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
    /// Its first frames.
    #[serde(flatten)]
    pub stack: ShownStack,
}

/// The `top` stacks of `stacks` holding the most bytes in `counts` (by
/// stack id), each with its first `depth` frames: by bytes, then count,
/// both descending, then id.
pub fn top_stacks(stacks: &CallStacks, counts: &Counts, top: usize, depth: usize) -> Vec<StackRow> {
    let mut entries: Vec<(u32, Tally)> = (1..counts.len())
        .map(|id| (id as u32, counts.get(id)))
        .filter(|(_, tally)| tally.count > 0)
        .collect();
    entries.sort_unstable_by_key(|&(id, t)| (Reverse(t.bytes), Reverse(t.count), id));
    entries
        .into_iter()
        .take(top)
        .map(|(id, tally)| StackRow {
            id,
            count: tally.count,
            bytes: tally.bytes,
            stack: ShownStack::of(stacks, id, depth),
        })
        .collect()
}

/// The table of `rows`: rank, count, bytes, share of `total` bytes, then
/// each stack's frames, innermost first, one per row; a blank row between
/// stacks.
pub fn stacks_table(rows: &[StackRow], total: u64) -> Table {
    let mut table = Table::new(&[
        ("#", Align::Right),
        ("count", Align::Right),
        ("bytes", Align::Right),
        ("share", Align::Right),
        ("function", Align::Left),
        ("file:line", Align::Left),
        ("", Align::Left),
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
        for cells in row.stack.rows(lead) {
            table.row(cells);
        }
    }
    table
}

/// What a view by function or by file counts records under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The frame's function (or its address, when no symbol is known).
    Function,
    /// The frame's source file.
    File,
}

/// What records are counted under: a name, or the address of a frame
/// whose function is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key<'a> {
    Named(&'a str),
    Unresolved(u64),
}

impl Column {
    /// What `frame` is counted under; `None` for a frame without a file.
    fn key<'a>(self, frame: &ResolvedFrame<'a>) -> Option<Key<'a>> {
        match self {
            Column::Function => Some(match frame.function {
                Some(name) => Key::Named(name),
                None => Key::Unresolved(frame.address),
            }),
            Column::File => frame.file.map(Key::Named),
        }
    }
}

/// A function or file with the records counted under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    /// The function or file; `None` for a function known only by
    /// `address`.
    pub name: Option<ShownName>,
    /// The address of a frame whose function is unknown.
    pub address: Option<u64>,
    /// Records counted under it.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
}

/// `name` and `name_bytes` (`null` for an unresolved function), `address`
/// (`null` for a name), `count` and `bytes`.
impl Serialize for KeyRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut row = serializer.serialize_struct("KeyRow", 5)?;
        row.serialize_field("name", &self.name.as_ref().map(|n| n.name.as_str()))?;
        row.serialize_field("name_bytes", &self.name.as_ref().map(|n| n.name_bytes))?;
        row.serialize_field("address", &self.address)?;
        row.serialize_field("count", &self.count)?;
        row.serialize_field("bytes", &self.bytes)?;
        row.end()
    }
}

impl KeyRow {
    fn new(key: Key<'_>, tally: Tally) -> Self {
        let (name, address) = match key {
            Key::Named(name) => (Some(ShownName::of(name)), None),
            Key::Unresolved(address) => (None, Some(address)),
        };
        KeyRow {
            name,
            address,
            count: tally.count,
            bytes: tally.bytes,
        }
    }

    /// The name in a table cell (a function's with its generic arguments
    /// elided), or the address with `(no symbol)`.
    pub fn cell(&self) -> String {
        match (&self.name, self.address) {
            (Some(name), _) => function_cell(name),
            (None, address) => format!("{:#x} (no symbol)", address.unwrap_or(0)),
        }
    }
}

/// The records of a file by function, or by file: where each was
/// allocated (its stack's call site, [`CallStacks::call_site`]), and
/// anywhere in the program's frames of its stack (those outside the
/// allocator and the standard library: the runtime's frames, under every
/// record, would say nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The top call sites' functions (or files), most bytes first.
    pub call_sites: Vec<KeyRow>,
    /// How many distinct ones have records.
    pub call_site_count: usize,
    /// Records whose call site has no file (by file only).
    pub without: Tally,
    /// The top functions (or files) of the program's frames anywhere in
    /// the stacks, most bytes first: a record counts once under each
    /// distinct one of its stack.
    pub inclusive: Vec<KeyRow>,
    /// How many distinct ones appear in a stack with records.
    pub inclusive_count: usize,
}

/// The records counted by stack in `counts`, attributed by `column`
/// through `stacks`; the `top` of each list.
pub fn attribute(stacks: &CallStacks, counts: &Counts, column: Column, top: usize) -> Attribution {
    let mut call_sites: HashMap<Key<'_>, Tally> = HashMap::new();
    let mut inclusive: HashMap<Key<'_>, Tally> = HashMap::new();
    let mut without = Tally::default();
    let mut keys = Vec::new();
    for id in 1..counts.len() {
        let tally = counts.get(id);
        if tally.count == 0 {
            continue;
        }
        let id = id as u32;
        match stacks.call_site(id).and_then(|frame| column.key(&frame)) {
            Some(key) => add(call_sites.entry(key).or_default(), tally),
            None => add(&mut without, tally),
        }
        keys.clear();
        keys.extend(
            stacks
                .stack(id)
                .unwrap_or_default()
                .iter()
                .filter(|frame| is_program_frame(frame))
                .filter_map(|frame| column.key(frame)),
        );
        keys.sort_unstable();
        keys.dedup();
        for &key in &keys {
            add(inclusive.entry(key).or_default(), tally);
        }
    }
    Attribution {
        call_site_count: call_sites.len(),
        call_sites: ranked(call_sites, top),
        without,
        inclusive_count: inclusive.len(),
        inclusive: ranked(inclusive, top),
    }
}

/// A function's name in a table cell, its generic arguments elided
/// (`reserve<(String, usize), Global, ...>` shows as `reserve<…>`), so
/// that a column is as wide as the names, not as their instantiations;
/// `--json` keeps the whole name. `<T as Trait>` paths keep their shape.
fn function_cell(name: &ShownName) -> String {
    let mut cell = cell_text(&elide_generics(&name.name));
    if name.is_cut() {
        cell.push('…');
    }
    cell
}

/// `name` with every long generic argument list (a `<` right after a
/// name or a closure's `}`, holding more than 16 bytes) replaced by `<…>`; short ones
/// (`Vec<T>`, `RawVec<T, A>`) stay. The `>` of a `->` inside does not
/// close a list; an unclosed list is elided.
fn elide_generics(name: &str) -> std::borrow::Cow<'_, str> {
    const KEPT: usize = 16;
    if !name.contains('<') {
        return name.into();
    }
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    let mut opened_at = 0;
    let mut previous = ' ';
    for (at, c) in name.char_indices() {
        match c {
            '<' if depth > 0 => depth += 1,
            '<' if previous.is_alphanumeric() || previous == '_' || previous == '}' => {
                depth = 1;
                opened_at = at;
            }
            '>' if depth > 0 && previous != '-' => {
                depth -= 1;
                if depth == 0 {
                    let list = &name[opened_at..=at];
                    if list.len() - 2 <= KEPT {
                        out.push_str(list);
                    } else {
                        out.push_str("<…>");
                    }
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
        previous = c;
    }
    if depth > 0 {
        out.push_str("<…>");
    }
    out.into()
}

/// Adds `tally`'s records to `into`.
fn add(into: &mut Tally, tally: Tally) {
    into.count += tally.count;
    into.bytes = into.bytes.saturating_add(tally.bytes);
}

/// The `top` entries by bytes, then count, both descending, then key.
fn ranked(entries: HashMap<Key<'_>, Tally>, top: usize) -> Vec<KeyRow> {
    let mut entries: Vec<(Key<'_>, Tally)> = entries.into_iter().collect();
    entries.sort_unstable_by_key(|&(key, t)| (Reverse(t.bytes), Reverse(t.count), key));
    entries
        .into_iter()
        .take(top)
        .map(|(key, tally)| KeyRow::new(key, tally))
        .collect()
}

/// The table of `rows` under `title`: count, bytes and share of `total`.
pub fn key_table(title: &'static str, rows: &[KeyRow], total: u64) -> Table {
    let rows = rows
        .iter()
        .map(|row| (vec![row.cell()], row.count, row.bytes));
    share_table(&[(title, Align::Left)], rows, total)
}

/// What a stack is in any file: a digest of its frames' functions (or,
/// unknown, addresses), files, lines and inlining, and its depth. Ids and
/// addresses differ between runs of one program; these do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct StackKey {
    digest: [u8; 16],
    depth: usize,
}

impl StackKey {
    fn of(stacks: &CallStacks, id: u32) -> Self {
        let frames = stacks.stack(id).unwrap_or_default();
        let mut hasher = blake3::Hasher::new();
        let mut text = |tag: u8, bytes: &[u8]| {
            hasher.update(&[tag]);
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        for frame in &frames {
            match frame.function {
                Some(name) => text(b'f', name.as_bytes()),
                None => text(b'a', &frame.address.to_le_bytes()),
            }
            text(b's', frame.file.unwrap_or("").as_bytes());
            text(b'l', &frame.line.unwrap_or(0).to_le_bytes());
            text(b'i', &[u8::from(frame.inlined)]);
        }
        let mut digest = [0; 16];
        digest.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        StackKey {
            digest,
            depth: frames.len(),
        }
    }
}

/// How the records allocated under one stack changed between two files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackChange {
    /// Its id in the old file, if it is there.
    pub old_stack: Option<u32>,
    /// Its id in the new file, if it is there.
    pub new_stack: Option<u32>,
    /// Its records in each file.
    #[serde(flatten)]
    pub tally: TallyChange,
    /// Its first frames (from the new file when it is there).
    #[serde(flatten)]
    pub stack: ShownStack,
}

/// One file's stacks and its records counted by stack.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The stack tables.
    pub stacks: &'a CallStacks,
    /// Records by stack id.
    pub counts: &'a Counts,
}

/// Every stack whose records changed between `old` and `new`, matched by
/// their frames (a stack in one file only counts as none in the other;
/// stacks of one file with the same frames count as one), by byte growth,
/// then count growth, both descending, then the order they were first
/// seen in; the first `top` of them with `depth` frames each, and how many
/// changed.
pub fn stack_changes(
    old: Side<'_>,
    new: Side<'_>,
    top: usize,
    depth: usize,
) -> (Vec<StackChange>, usize) {
    #[derive(Default)]
    struct Entry {
        order: usize,
        old: Tally,
        new: Tally,
        old_id: Option<u32>,
        new_id: Option<u32>,
    }
    let mut entries: HashMap<StackKey, Entry> = HashMap::new();
    for (is_new, side) in [(false, old), (true, new)] {
        for id in 1..side.counts.len() {
            let tally = side.counts.get(id);
            if tally.count == 0 {
                continue;
            }
            let id = id as u32;
            let order = entries.len();
            let entry = entries
                .entry(StackKey::of(side.stacks, id))
                .or_insert_with(|| Entry {
                    order,
                    ..Entry::default()
                });
            if is_new {
                add(&mut entry.new, tally);
                entry.new_id.get_or_insert(id);
            } else {
                add(&mut entry.old, tally);
                entry.old_id.get_or_insert(id);
            }
        }
    }
    let delta = |a: u64, b: u64| i128::from(b) - i128::from(a);
    let mut changed: Vec<Entry> = entries
        .into_values()
        .filter(|e| (e.old.count, e.old.bytes) != (e.new.count, e.new.bytes))
        .collect();
    changed.sort_unstable_by_key(|e| {
        (
            Reverse(delta(e.old.bytes, e.new.bytes)),
            Reverse(delta(e.old.count, e.new.count)),
            e.order,
        )
    });
    let total = changed.len();
    let rows = changed
        .into_iter()
        .take(top)
        .map(|e| {
            let stack = match (e.new_id, e.old_id) {
                (Some(id), _) => ShownStack::of(new.stacks, id, depth),
                (None, Some(id)) => ShownStack::of(old.stacks, id, depth),
                (None, None) => ShownStack::of(new.stacks, 0, depth),
            };
            StackChange {
                old_stack: e.old_id,
                new_stack: e.new_id,
                tally: TallyChange::new(e.old, e.new),
                stack,
            }
        })
        .collect();
    (rows, total)
}

/// The table of stack changes: rank, the counts and bytes of both files
/// and their deltas, then each stack's frames, one per row.
pub fn changes_table(rows: &[StackChange]) -> Table {
    let mut columns = vec![("#", Align::Right)];
    columns.extend(TallyChange::COLUMNS.map(|c| (c, Align::Right)));
    columns.extend([
        ("function", Align::Left),
        ("file:line", Align::Left),
        ("", Align::Left),
    ]);
    let mut table = Table::new(&columns);
    for (rank, row) in rows.iter().enumerate() {
        if rank > 0 {
            table.row(Vec::new());
        }
        let mut lead = vec![(rank + 1).to_string()];
        lead.extend(row.tally.cells());
        for cells in row.stack.rows(lead) {
            table.row(cells);
        }
    }
    table
}

/// Unit tests, and the stack tables and counts the report's tests build
/// with.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn generic_arguments_are_elided_in_cells_and_qualified_paths_keep_their_shape() {
        assert_eq!(
            elide_generics(
                "reserve<(alloc::string::String, usize), hashbrown::map::make_hasher<K>>"
            ),
            "reserve<…>"
        );
        assert_eq!(
            elide_generics("call_once<fn() -> core::result::Result<(), E>, ()>"),
            "call_once<…>"
        );
        assert_eq!(
            elide_generics("<alloc::vec::Vec<T> as core::clone::Clone>::clone"),
            "<alloc::vec::Vec<T> as core::clone::Clone>::clone"
        );
        assert_eq!(
            elide_generics("with_capacity_in<u8, alloc::alloc::Global>"),
            "with_capacity_in<…>"
        );
        assert_eq!(elide_generics("app::main"), "app::main");
        assert_eq!(
            elide_generics("{closure#0}<app::main::{closure_env#1}, (HashMap<u8, u8>, u8)>"),
            "{closure#0}<…>"
        );
        let cut = ShownName {
            name: "f<u8, alloc::alloc::Glo".into(),
            name_bytes: 1000,
        };
        assert_eq!(function_cell(&cut), "f<…>…");
    }

    /// A frame: function, file, line, whether it was inlined.
    pub(crate) type Spec<'a> = (Option<&'a str>, Option<&'a str>, u32, bool);

    /// Stacks of frames, each at address `0x100 + its index`.
    pub(crate) fn stacks_of(stacks: &[&[Spec<'_>]]) -> CallStacks {
        let mut table = CallStacks::default();
        for frames in stacks {
            let mut indices = Vec::new();
            for &(function, file, line, inlined) in *frames {
                indices.push(table.push_resolved(ResolvedFrame {
                    address: 0x100 + table.frames.len() as u64,
                    function,
                    file,
                    line: Some(line),
                    inlined,
                }));
            }
            table.push_stack(indices);
        }
        table
    }

    /// Counts of `(stack id, records, bytes)`.
    pub(crate) fn counts(entries: &[(usize, u64, u64)]) -> Counts {
        let mut counts = Counts::default();
        for &(id, records, bytes) in entries {
            for i in 0..records {
                counts.add_for_test(id, if i == 0 { bytes } else { 0 });
            }
        }
        counts
    }

    #[test]
    fn stacks_are_ranked_by_bytes_with_the_frames_between_the_innermost_and_the_call_site_folded() {
        let stacks = stacks_of(&[
            &[(Some("a"), Some("a.rs"), 1, false)],
            &[
                (Some("alloc::raw_vec::finish_grow"), None, 0, false),
                (Some("alloc::vec::Vec<T>::push"), Some("vec.rs"), 9, true),
                (Some("core::iter::Iterator::fold"), None, 0, true),
                (Some("app::add"), Some("add.rs"), 2, false),
                (Some("app::main"), Some("main.rs"), 3, false),
                (Some("start"), None, 0, false),
            ],
        ]);
        let rows = top_stacks(&stacks, &counts(&[(1, 1, 10), (2, 3, 500)]), 10, 3);
        let ids: Vec<u32> = rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, [2, 1]);
        let shown = &rows[0].stack;
        assert_eq!(
            (shown.depth, shown.call_site, shown.left_out),
            (6, Some(3), 3)
        );
        let positions: Vec<usize> = shown.frames.iter().map(|f| f.index).collect();
        assert_eq!(positions, [0, 3, 4]);
        let mut out = Vec::new();
        stacks_table(&rows, 510).write_to(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            concat!(
                "  #  count  bytes  share  function                     file:line\n",
                "  1      3    500  98.0%  alloc::raw_vec::finish_grow  -\n",
                "                          … 2 frames\n",
                "                          app::add                     add.rs:2   call site\n",
                "                          app::main                    main.rs:3\n",
                "                          … 1 more frame\n",
                "\n",
                "  2      1     10   2.0%  a                            a.rs:1     call site\n",
            )
        );
        // Deep enough to reach the call site: the first frames as they are.
        let rows = top_stacks(&stacks, &counts(&[(2, 1, 1)]), 10, 4);
        let positions: Vec<usize> = rows[0].stack.frames.iter().map(|f| f.index).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
        assert_eq!(
            rows[0].stack.frames[1].cells(false),
            ["alloc::vec::Vec<T>::push", "vec.rs:9", "inlined"]
        );
    }

    #[test]
    fn the_call_site_is_the_innermost_frame_outside_the_allocator_and_inclusive_counts_once_per_stack()
     {
        let stacks = stacks_of(&[
            &[
                (Some("__rust_alloc"), None, 0, false),
                (Some("app::load"), Some("src/load.rs"), 5, false),
                (Some("app::main"), Some("src/main.rs"), 9, false),
                (Some("app::load"), Some("src/load.rs"), 7, false),
            ],
            &[(None, None, 0, false), (Some("app::main"), None, 1, false)],
        ]);
        let counts = counts(&[(1, 2, 100), (2, 1, 10)]);
        let by_function = attribute(&stacks, &counts, Column::Function, 10);
        let call_sites: Vec<(String, u64)> = by_function
            .call_sites
            .iter()
            .map(|r| (r.cell(), r.bytes))
            .collect();
        assert_eq!(
            call_sites,
            [
                ("app::load".to_string(), 100),
                ("0x104 (no symbol)".to_string(), 10)
            ]
        );
        let inclusive: Vec<(String, u64, u64)> = by_function
            .inclusive
            .iter()
            .map(|r| (r.cell(), r.count, r.bytes))
            .collect();
        assert_eq!(
            inclusive,
            [
                ("app::main".to_string(), 3, 110),
                ("app::load".to_string(), 2, 100),
                ("0x104 (no symbol)".to_string(), 1, 10),
            ],
            "once per stack, the allocator left out"
        );

        let by_file = attribute(&stacks, &counts, Column::File, 10);
        assert_eq!(by_file.call_sites[0].cell(), "src/load.rs");
        assert_eq!(
            by_file.without,
            Tally {
                count: 1,
                bytes: 10
            }
        );
        assert_eq!(by_file.inclusive_count, 2);
    }

    #[test]
    fn stacks_of_two_files_match_by_their_frames_not_their_ids_or_addresses() {
        let old = stacks_of(&[
            &[(Some("a"), Some("a.rs"), 1, false)],
            &[(Some("b"), Some("b.rs"), 2, false)],
        ]);
        // The same two stacks in the other order, at other addresses, and
        // one more.
        let mut new = stacks_of(&[
            &[(Some("c"), Some("c.rs"), 3, false)],
            &[(Some("b"), Some("b.rs"), 2, false)],
            &[(Some("a"), Some("a.rs"), 1, false)],
        ]);
        for frame in &mut new.frames {
            frame.address += 0x1000;
        }
        let old_counts = counts(&[(1, 1, 100), (2, 2, 200)]);
        let new_counts = counts(&[(1, 1, 50), (2, 2, 200), (3, 4, 400)]);
        let (rows, changed) = stack_changes(
            Side {
                stacks: &old,
                counts: &old_counts,
            },
            Side {
                stacks: &new,
                counts: &new_counts,
            },
            10,
            5,
        );
        assert_eq!(changed, 2, "b did not change");
        let got: Vec<(Option<u32>, Option<u32>, i128, i128)> = rows
            .iter()
            .map(|r| {
                (
                    r.old_stack,
                    r.new_stack,
                    r.tally.count_delta,
                    r.tally.bytes_delta,
                )
            })
            .collect();
        assert_eq!(got, [(Some(1), Some(3), 3, 300), (None, Some(1), 1, 50)]);
        assert_eq!(rows[1].stack.frames[0].function, Some(ShownName::of("c")));
    }
}
