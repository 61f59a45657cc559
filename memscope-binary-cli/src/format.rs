//! `--format text|json|markdown`, for the commands whose result a CI job
//! reads (`check`, `diff`): text for people, JSON for machines (the same
//! as `--json`), Markdown for a pull-request comment.

use serde::Serialize;

/// How a command writes its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Tables for a terminal
    Text,
    /// One JSON object, as --json prints it
    Json,
    /// A verdict line and tables for a pull-request comment
    Markdown,
}

/// `--format` and `--json`, flattened into a command's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArgs {
    /// How to write the result: text for a terminal, JSON, or Markdown for
    /// a pull-request comment
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Text)]
    pub format: Format,
    /// Print JSON instead of text (the same as --format json)
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl FormatArgs {
    /// The format asked for: `--json` is `--format json`.
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}
