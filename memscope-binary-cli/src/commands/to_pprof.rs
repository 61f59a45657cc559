//! `to-pprof FILE [-o OUT]`: the library's
//! [`to_pprof`](memscope_interchange::to_pprof), written to standard
//! output or atomically to a file.

use std::io::Write;

use memscope_interchange::to_pprof;

use crate::error::CliError;
use crate::output::{self, Conversion};

/// Convert FILE to a pprof heap profile (gzip-compressed profile.proto)
///
/// The profile opens in `go tool pprof` (`-top`, `-traces`, `-http`, and
/// `-base OLD.pb.gz` to compare two exports), speedscope, Pyroscope, Parca
/// and Grafana. Its sample types are inuse_objects (count) and
/// inuse_space (bytes, shown by default): one sample per call stack,
/// variable name, type name and thread, as the labels var_name,
/// type_name and thread. Blocks without a call stack (every block of a version-1
/// file) are one-frame samples named after their variable and type.
/// pprof's own name for such a file ends in .pb.gz.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file, and where its output goes.
    #[command(flatten)]
    pub paths: Conversion,
}

/// Runs `to-pprof`: converts the file and writes the profile to `-o OUT`,
/// replaced atomically, or else to `out`, standard output.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    output::convert(&args.paths, out, |reader, writer| {
        to_pprof(reader, writer).map(drop)
    })
}
