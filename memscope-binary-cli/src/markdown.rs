//! Markdown for a pull-request comment (GitHub's flavour): text from a
//! file as code spans that no name can break out of, and tables.

use std::io::{self, Write};

use crate::table::cell_text;

/// `text` as a code span, shown as a text table shows it ([`cell_text`]:
/// quoted and escaped when it holds what a terminal would act on, is
/// empty or is `-`), fenced by one more backtick than the longest run it
/// holds. Markup in it (`<b>`, `*`, `[x](y)`) stays text. For a table
/// cell, see [`code_cell`].
pub fn code(text: &str) -> String {
    let text = cell_text(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A span starting or ending with a backtick needs a space inside
    // (removed when shown).
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// `text` as a code span in a table cell: as [`code`], with `|` escaped,
/// which would otherwise end the cell even inside the span.
pub fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// How a column of a [`MarkdownTable`] lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A Markdown table: a header row, an alignment row, then the rows, each
/// cell written as given (give text from a file through [`code_cell`]).
#[derive(Debug, Clone)]
pub struct MarkdownTable {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl MarkdownTable {
    /// A table with these column titles and alignments.
    pub fn new(columns: &[(&'static str, Align)]) -> Self {
        MarkdownTable {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    pub fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.columns.len(), String::new());
        self.rows.push(cells);
    }

    /// Writes the table, then a blank line.
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let line = |cells: &mut dyn Iterator<Item = &str>| {
            let mut line = String::from("|");
            for cell in cells {
                line.push(' ');
                line.push_str(cell);
                line.push_str(" |");
            }
            line
        };
        writeln!(out, "{}", line(&mut self.columns.iter().map(|(t, _)| *t)))?;
        let aligns = self.columns.iter().map(|(_, align)| match align {
            Align::Left => ":--",
            Align::Right => "--:",
        });
        writeln!(out, "{}", line(&mut aligns.into_iter()))?;
        for row in &self.rows {
            writeln!(out, "{}", line(&mut row.iter().map(String::as_str)))?;
        }
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_a_code_span_that_markup_cannot_leave() {
        assert_eq!(code("app::load"), "`app::load`");
        assert_eq!(code("<script>*x*</script>"), "`<script>*x*</script>`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code(""), "`\"\"`");
        assert_eq!(code("a\nb\u{202e}"), "`\"a\\nb\\u{202e}\"`");
    }

    #[test]
    fn a_pipe_in_a_cell_does_not_end_it() {
        assert_eq!(code_cell("a|b"), "`a\\|b`");
    }

    #[test]
    fn a_table_has_a_header_an_alignment_row_and_its_rows() {
        let mut table = MarkdownTable::new(&[("call site", Align::Left), ("bytes", Align::Right)]);
        table.row(vec![code_cell("app::load"), "1.50 KiB".into()]);
        table.row(vec!["short".into()]);
        let mut out = Vec::new();
        table.write_to(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| call site | bytes |\n| :-- | --: |\n| `app::load` | 1.50 KiB |\n| short |  |\n\n"
        );
    }
}
