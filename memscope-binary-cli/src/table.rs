//! Plain-text tables: a header row and aligned columns, indented by two
//! spaces, no trailing blanks.

use std::borrow::Cow;
use std::io::{self, Write};

use memscope_export::escape::{escape_text, needs_escape, quote_text};

use crate::names::{ShownName, ShownRecord};
use crate::units::{percent, utc_datetime};

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
            rows: Vec::new(),
        }
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
        self.write_header(out)?;
        for row in &self.rows {
            self.write_row(out, row)?;
        }
        Ok(())
    }

    /// Writes the column titles.
    pub fn write_header(&self, out: &mut impl Write) -> io::Result<()> {
        let titles: Vec<String> = self.columns.iter().map(|(t, _)| t.to_string()).collect();
        self.write_row(out, &titles)
    }

    /// Writes one row, padded to the widths seen so far, escaped as
    /// [`row`](Table::row) escapes.
    pub fn write_row(&self, out: &mut impl Write, cells: &[String]) -> io::Result<()> {
        let mut line = String::from(" ");
        for (i, ((_, align), width)) in self.columns.iter().zip(&self.widths).enumerate() {
            let cell = cells.get(i).map_or("", String::as_str);
            let cell = escape_text(cell);
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
/// the millisecond) and names (`-` for an absent name), with a leading `#` column of positions when `numbered`.
/// Fill it with [`record_cells`].
pub fn records_columns(numbered: bool) -> Table {
    let mut columns = vec![
        ("ptr", Align::Right),
        ("size", Align::Right),
        ("allocated_utc", Align::Right),
        ("var_name", Align::Left),
        ("type_name", Align::Left),
    ];
    if numbered {
        columns.insert(0, ("#", Align::Right));
    }
    Table::new(&columns)
}

/// The cells of `record` in a [`records_columns`] table, at `position`
/// when the table is numbered.
pub fn record_cells(position: Option<usize>, record: &ShownRecord) -> Vec<String> {
    let name = |n: &Option<ShownName>| n.as_ref().map_or("-".to_string(), ShownName::cell);
    let mut row = vec![
        format!("{:#x}", record.ptr),
        record.size.to_string(),
        utc_datetime(record.timestamp_alloc),
        name(&record.var_name),
        name(&record.type_name),
    ];
    if let Some(position) = position {
        row.insert(0, position.to_string());
    }
    row
}

/// `records` as a table, numbered from 0 when `numbered`.
pub fn records_table(records: &[ShownRecord], numbered: bool) -> Table {
    let mut table = records_columns(numbered);
    for (i, record) in records.iter().enumerate() {
        table.row(record_cells(numbered.then_some(i), record));
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
    fn no_cell_reaches_the_terminal_unescaped() {
        let mut table = Table::new(&[("a", Align::Left)]);
        table.row(vec!["\u{1b}[2J\u{2066}".into()]);
        assert_eq!(render(&table), "  a\n  \\u{1b}[2J\\u{2066}\n");
    }
}
