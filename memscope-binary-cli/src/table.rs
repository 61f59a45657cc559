//! Plain-text tables: a header row and aligned columns, indented by two
//! spaces, no trailing blanks, at most [`WIDTH`] columns wide: the columns
//! of names and paths give up what does not fit, the middle of a name
//! (its crate and its function stay) and the start of a path (its file
//! and line stay).

use std::borrow::Cow;
use std::io::{self, Write};

use memscope_analysis::{LargestBlock, ShownName, ShownRecord};
use memscope_export::escape::{escape_text, needs_escape, quote_text};

use crate::units::{percent, utc_datetime};

/// The most columns a table's line takes.
pub const WIDTH: usize = 120;

/// How a column gives up width when its table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shrink {
    /// Never: numbers, short words.
    Never,
    /// Its cells lose their middle: names, whose start and end say most.
    Middle,
    /// Its cells lose their start: paths, whose end says most.
    Start,
}

/// The narrowest a shrinking column gets.
const MIN_SHRUNK: usize = 20;

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: flush left.
    Left,
    /// Numbers: flush right.
    Right,
}

/// A table built row by row and written at once, so every column is as
/// wide as its widest cell. A table too long to hold is streamed instead:
/// [`fit`](Table::fit) each row to size the columns, then
/// [`write_header`](Table::write_header) and
/// [`write_row`](Table::write_row) each row again.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<(&'static str, Align)>,
    widths: Vec<usize>,
    shrink: Vec<Shrink>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles and alignments.
    pub fn new(columns: &[(&'static str, Align)]) -> Self {
        Table {
            columns: columns.to_vec(),
            widths: columns
                .iter()
                .map(|(title, _)| title.chars().count())
                .collect(),
            shrink: vec![Shrink::Never; columns.len()],
            rows: Vec::new(),
        }
    }

    /// Lets column `index` shrink as `shrink` says when the table is too
    /// wide.
    pub fn shrink(mut self, index: usize, shrink: Shrink) -> Self {
        if let Some(slot) = self.shrink.get_mut(index) {
            *slot = shrink;
        }
        self
    }

    /// The column widths, shrunk so that a line fits [`WIDTH`]: the
    /// shrinking columns give up width widest first, down to
    /// [`MIN_SHRUNK`].
    fn fitted_widths(&self) -> Vec<usize> {
        let mut widths = self.widths.clone();
        // Two spaces of indent, and two between columns.
        let line = |widths: &[usize]| 1 + widths.iter().map(|w| w + 2).sum::<usize>();
        while line(&widths) > WIDTH {
            let widest = (0..widths.len())
                .filter(|&i| self.shrink[i] != Shrink::Never && widths[i] > MIN_SHRUNK)
                .max_by_key(|&i| widths[i]);
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
        widths
    }

    /// Adds a row; missing cells are blank, extra cells are dropped. A
    /// cell holding a character a terminal would act on is shown with it
    /// escaped ([`escape_text`]), whoever built it.
    pub fn row(&mut self, cells: Vec<String>) {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| match escape_text(&cell) {
                Cow::Borrowed(_) => cell,
                Cow::Owned(escaped) => escaped,
            })
            .collect();
        self.fit(&cells);
        self.rows.push(cells);
    }

    /// Widens the columns to hold `cells`, without keeping them.
    pub fn fit(&mut self, cells: &[String]) {
        for (width, cell) in self.widths.iter_mut().zip(cells) {
            *width = (*width).max(escape_text(cell).chars().count());
        }
    }

    /// Writes the header and the rows kept.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let widths = self.fitted_widths();
        self.write_line(out, &self.titles(), &widths)?;
        for row in &self.rows {
            self.write_line(out, row, &widths)?;
        }
        Ok(())
    }

    fn titles(&self) -> Vec<String> {
        self.columns.iter().map(|(t, _)| t.to_string()).collect()
    }

    /// Writes the column titles.
    pub fn write_header(&self, out: &mut impl Write) -> io::Result<()> {
        self.write_line(out, &self.titles(), &self.fitted_widths())
    }

    /// Writes one row, padded to the widths seen so far, escaped as
    /// [`row`](Table::row) escapes.
    pub fn write_row(&self, out: &mut impl Write, cells: &[String]) -> io::Result<()> {
        self.write_line(out, cells, &self.fitted_widths())
    }

    fn write_line(
        &self,
        out: &mut impl Write,
        cells: &[String],
        widths: &[usize],
    ) -> io::Result<()> {
        let mut line = String::from(" ");
        for (i, ((_, align), &width)) in self.columns.iter().zip(widths).enumerate() {
            let cell = cells.get(i).map_or("", String::as_str);
            let escaped = escape_text(cell);
            let cell = fit(&escaped, width, self.shrink[i]);
            line.push(' ');
            match align {
                Align::Left => line.push_str(&format!("{cell:<width$}")),
                Align::Right => line.push_str(&format!("{cell:>width$}")),
            }
            if i + 1 < self.columns.len() {
                line.push(' ');
            }
        }
        writeln!(out, "{}", line.trim_end())
    }
}

/// `cell` in at most `width` characters: as it is when it fits, else with
/// its middle or its start given up for `…`.
fn fit(cell: &str, width: usize, shrink: Shrink) -> Cow<'_, str> {
    let chars = cell.chars().count();
    if chars <= width || shrink == Shrink::Never || width < 2 {
        return Cow::Borrowed(cell);
    }
    let keep = width - 1;
    match shrink {
        Shrink::Start => {
            let tail: String = cell.chars().skip(chars - keep).collect();
            Cow::Owned(format!("…{tail}"))
        }
        _ => {
            let head = keep / 2;
            let tail = keep - head;
            let start: String = cell.chars().take(head).collect();
            let end: String = cell.chars().skip(chars - tail).collect();
            Cow::Owned(format!("{start}…{end}"))
        }
    }
}

/// A table of groups of records: the `leading` columns that say what each
/// group is, then its count, its bytes and their share of `total` bytes.
/// Each row is the leading cells, the count and the bytes.
pub fn share_table(
    leading: &[(&'static str, Align)],
    rows: impl IntoIterator<Item = (Vec<String>, u64, u64)>,
    total: u64,
) -> Table {
    let mut columns = leading.to_vec();
    columns.extend([
        ("count", Align::Right),
        ("bytes", Align::Right),
        ("share", Align::Right),
    ]);
    let mut table = Table::new(&columns);
    for index in 0..leading.len() {
        table = table.shrink(index, Shrink::Middle);
    }
    for (mut cells, count, bytes) in rows {
        cells.extend([count.to_string(), bytes.to_string(), percent(bytes, total)]);
        table.row(cells);
    }
    table
}

/// A name as it can be shown in one table cell: as it is when that is
/// unambiguous, else quoted and escaped ([`quote_text`]): when it holds a
/// character a terminal would act on, is empty, is `-` (which stands for an
/// absent name) or starts with a quote.
pub fn cell_text(name: &str) -> String {
    if name.is_empty() || name == "-" || name.starts_with('"') || name.chars().any(needs_escape) {
        quote_text(name)
    } else {
        name.to_string()
    }
}

/// A table for records: address, size, when allocated (a UTC date-time to
/// the millisecond), names (`-` for an absent name) and, when
/// `call_sites`, where it was allocated; with a leading `#` column of
/// positions when `numbered`. Fill it with [`record_cells`].
pub fn records_columns(numbered: bool, call_sites: bool) -> Table {
    let mut columns = vec![
        ("ptr", Align::Right),
        ("size", Align::Right),
        ("allocated_utc", Align::Right),
        ("var_name", Align::Left),
        ("type_name", Align::Left),
    ];
    if call_sites {
        columns.push(("call site", Align::Left));
    }
    if numbered {
        columns.insert(0, ("#", Align::Right));
    }
    let first_name = columns.len() - 2 - usize::from(call_sites);
    let mut table = Table::new(&columns);
    for index in first_name..columns.len() {
        table = table.shrink(index, Shrink::Middle);
    }
    table
}

/// A name in a cell: as [`cell_text`] shows it, followed by `…` when it
/// was cut.
pub fn name_cell(name: &ShownName) -> String {
    let mut cell = cell_text(&name.name);
    if name.is_cut() {
        cell.push('…');
    }
    cell
}

/// The cells of `record` in a [`records_columns`] table, at `position`
/// when the table is numbered, with `call_site` when it has the column.
pub fn record_cells(
    position: Option<usize>,
    record: &ShownRecord,
    call_site: Option<String>,
) -> Vec<String> {
    let name = |n: &Option<ShownName>| n.as_ref().map_or("-".to_string(), name_cell);
    let mut row = vec![
        format!("{:#x}", record.ptr),
        record.size.to_string(),
        utc_datetime(record.timestamp_alloc),
        name(&record.var_name),
        name(&record.type_name),
    ];
    if let Some(site) = call_site {
        row.push(site);
    }
    if let Some(position) = position {
        row.insert(0, position.to_string());
    }
    row
}

/// The largest `blocks` as a table, with their call sites when
/// `call_sites`.
pub fn largest_table(blocks: &[LargestBlock], call_sites: bool) -> Table {
    let mut table = records_columns(false, call_sites);
    for block in blocks {
        let site = call_sites.then(|| {
            block
                .call_site
                .as_ref()
                .map_or_else(|| "-".to_owned(), |site| site.label.clone())
        });
        table.row(record_cells(None, &block.record, site));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: &Table) -> String {
        let mut out = Vec::new();
        table.write_to(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn columns_are_as_wide_as_their_widest_cell() {
        let mut table = Table::new(&[("name", Align::Left), ("bytes", Align::Right)]);
        table.row(vec!["Vec<u8>".into(), "4096".into()]);
        table.row(vec!["String".into(), "12".into()]);
        assert_eq!(
            render(&table),
            "  name     bytes\n  Vec<u8>   4096\n  String      12\n"
        );
    }

    #[test]
    fn a_short_row_leaves_its_last_cells_blank_without_trailing_spaces() {
        let mut table = Table::new(&[("a", Align::Right), ("b", Align::Left)]);
        table.row(vec!["1".into()]);
        assert_eq!(render(&table), "  a  b\n  1\n");
    }

    #[test]
    fn cell_text_escapes_control_characters_and_shows_empty_names() {
        assert_eq!(cell_text("buf"), "buf");
        assert_eq!(cell_text(""), "\"\"");
        assert_eq!(cell_text("a\nb"), "\"a\\nb\"");
        assert_eq!(cell_text("-"), "\"-\"");
        assert_eq!(cell_text("\"q\""), r#""\"q\"""#);
        assert_eq!(cell_text("x\u{202e}1"), r#""x\u{202e}1""#);
    }

    #[test]
    fn a_table_too_wide_gives_up_the_middle_of_names_and_the_start_of_paths() {
        let mut table = Table::new(&[
            ("bytes", Align::Right),
            ("function", Align::Left),
            ("file:line", Align::Left),
        ])
        .shrink(1, Shrink::Middle)
        .shrink(2, Shrink::Start);
        let name = format!("app::{}::load", "m".repeat(100));
        let path = format!("{}/src/load.rs:7", "d".repeat(100));
        table.row(vec!["10".into(), name, path]);
        let text = render(&table);
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
        let row = text.lines().nth(1).unwrap();
        assert!(row.contains("app::mm") && row.contains("mm::load"), "{row}");
        assert!(
            row.contains("…") && row.ends_with("d/src/load.rs:7"),
            "{row}"
        );
    }

    #[test]
    fn no_cell_reaches_the_terminal_unescaped() {
        let mut table = Table::new(&[("a", Align::Left)]);
        table.row(vec!["\u{1b}[2J\u{2066}".into()]);
        assert_eq!(render(&table), "  a\n  \\u{1b}[2J\\u{2066}\n");
    }
}
