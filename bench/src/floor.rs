//! The floor of a doc2rust run: read the same pages (a folder searched recursively for `.md`
//! and `.txt` files, as doc2rust does) and run pulldown-cmark over each, nothing else.
//!
//! `pulldown-floor DIR` prints the page count, bytes and markdown events to stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: pulldown-floor DIR");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(error) = pages(&dir, &mut files) {
        eprintln!("{}: {error}", dir.display());
        return ExitCode::from(2);
    }
    files.sort();
    // The options doc2rust's prose renderer uses.
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let (mut bytes, mut events) = (0, 0);
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{}: {error}", file.display());
                return ExitCode::from(2);
            }
        };
        bytes += text.len();
        for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
            std::hint::black_box((&event, &range));
            events += 1;
        }
    }
    eprintln!("{} pages, {bytes} bytes, {events} events", files.len());
    ExitCode::SUCCESS
}

fn pages(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            pages(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "md" || e == "txt") {
            files.push(path);
        }
    }
    Ok(())
}
