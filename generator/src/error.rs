//! The errors a run can end with. Every layer returns these, so they import nothing but the
//! diagnostics they carry.

use std::path::PathBuf;

use crate::diagnostic::{self, Diagnostics};

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the pages or the overrides file, each located.
    #[error("{0}")]
    Input(Diagnostics),
    /// A bug in doc2rust: generated tokens that do not parse.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// A file or folder that could not be read or written.
    #[error("{}: {source}", diagnostic::for_terminal(&path.display().to_string()))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A setting given in code or on the command line (not read from a file) that cannot be
    /// used, such as a crate name: `--name: expected ..., found ...`.
    #[error("{setting}: {message}")]
    Argument {
        /// Where the setting was given (`--name`, `` `Config::crate_name` ``).
        setting: String,
        /// What is wrong with it: `expected ..., found ...`.
        message: String,
    },
}

impl From<Diagnostics> for Error {
    fn from(diagnostics: Diagnostics) -> Error {
        Error::Input(diagnostics)
    }
}

/// Tokens that do not parse as a Rust file: always a bug in doc2rust.
#[derive(Debug, thiserror::Error)]
#[error("internal error: generated `{file}` does not parse ({error}); tokens:\n{tokens}")]
pub struct EmitError {
    /// The generated file, relative to the crate root.
    pub file: String,
    /// What `syn` (or the TOML writer) said.
    pub error: String,
    /// The tokens that failed, for the bug report.
    pub tokens: String,
}
