//! Plain-text tables: a header row and aligned columns, indented by two
//! spaces, no trailing blanks.

use std::io::{self, Write};

use memscope_export::RecordView;
use memscope_export::escape::{escape_text, needs_escape, quote_text};

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: flush left.
    Left,
    /// Numbers: flush right.
    Right,
}

/// A table built row by row and written at once, so every column is as
/// wide as its widest cell.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles and alignments.
    pub fn new(columns: &[(&'static str, Align)]) -> Self {
        Table {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra cells are dropped. A
    /// cell holding a character a terminal would act on is shown with it
    /// escaped ([`escape_text`]), whoever built it.
    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .map(|cell| match escape_text(&cell) {
                std::borrow::Cow::Borrowed(_) => cell,
                std::borrow::Cow::Owned(escaped) => escaped,
            })
            .collect();
        self.rows.push(cells);
    }

    /// Writes the header and the rows.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .map(|(title, _)| title.chars().count())
            .collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let titles: Vec<String> = self.columns.iter().map(|(t, _)| t.to_string()).collect();
        self.write_row(out, &titles, &widths)?;
        for row in &self.rows {
            self.write_row(out, row, &widths)?;
        }
        Ok(())
    }

    fn write_row(
        &self,
        out: &mut impl Write,
        cells: &[String],
        widths: &[usize],
    ) -> io::Result<()> {
        let mut line = String::from(" ");
        for (i, ((_, align), width)) in self.columns.iter().zip(widths).enumerate() {
            let cell = cells.get(i).map_or("", String::as_str);
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

/// Records as a table: address, size, timestamp and names (`-` for an
/// absent name), with a leading `#` column of positions when `numbered`.
pub fn records_table<'a>(
    records: impl IntoIterator<Item = RecordView<'a>>,
    numbered: bool,
) -> Table {
    let mut columns = vec![
        ("ptr", Align::Right),
        ("size", Align::Right),
        ("timestamp", Align::Right),
        ("var_name", Align::Left),
        ("type_name", Align::Left),
    ];
    if numbered {
        columns.insert(0, ("#", Align::Right));
    }
    let mut table = Table::new(&columns);
    let name = |n: Option<&str>| n.map_or("-".to_string(), cell_text);
    for (i, r) in records.into_iter().enumerate() {
        let mut row = vec![
            format!("{:#x}", r.ptr),
            r.size.to_string(),
            r.timestamp_alloc.to_string(),
            name(r.var_name),
            name(r.type_name),
        ];
        if numbered {
            row.insert(0, i.to_string());
        }
        table.row(row);
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
