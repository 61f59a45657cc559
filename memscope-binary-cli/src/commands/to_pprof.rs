//! `to-pprof FILE [-o OUT]`: the library's
//! [`memscope_interchange::to_pprof`], written to standard
//! output or atomically to a file.

use std::io::Write;

use memscope_analysis::DEFAULT_MAX_NAMES;
use memscope_interchange::{PprofOptions, to_pprof};

use crate::error::CliError;
use crate::output::{self, Conversion};

/// Convert FILE to a pprof heap profile (gzip-compressed profile.proto)
///
/// The profile opens in `go tool pprof` (`-top`, `-traces`, `-http`, and
/// `-base OLD.pb.gz` to compare two exports), speedscope, Pyroscope, Parca
/// and Grafana. Its sample types are inuse_objects (count) and
/// inuse_space (bytes, shown by default): one sample per call stack,
/// variable name, type name and thread, as the labels var_name,
/// type_name and thread. A file with each call site's totals over the
/// run (written by the tracker since sITE) adds alloc_objects and
/// alloc_space (everything allocated, freed or not:
/// `-sample_index=alloc_space` finds the churn), peak_objects and
/// peak_space (live at the run's peak) and temporary_objects and
/// temporary_space (freed before their thread allocated again), one
/// sample per call stack without labels. Each sample's leaf is its call site, the
/// innermost frame of the program, so that `-top`'s flat column names
/// the program's code; the allocator's frames never appear. Blocks
/// without a call stack (every block of a version-1 file) are one-frame
/// samples named after their variable and type. Names are cut to 256
/// bytes (shown with …). pprof's own name for such a file ends in .pb.gz.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file, and where its output goes.
    #[command(flatten)]
    pub paths: Conversion,
    /// Keep the frames beneath each call site (the standard library's,
    /// dependencies') and the runtime above the program
    #[arg(long)]
    pub keep_library_frames: bool,
    /// How many distinct type names, and variable names, are labels each
    /// on its own; blocks under further names are labelled "(other names)"
    /// (this bounds memory: each name kept is at most 256 bytes)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NAMES)]
    pub max_names: u32,
}

/// Runs `to-pprof`: converts the file and writes the profile to `-o OUT`,
/// replaced atomically, or else to `out`, standard output.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let options = PprofOptions {
        keep_library_frames: args.keep_library_frames,
        max_names: args.max_names,
    };
    output::convert(&args.paths, out, |reader, writer| {
        to_pprof(reader, writer, options).map(drop)
    })
}
