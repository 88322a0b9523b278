//! What doc2rust reads from a pages folder and what it refuses (README, "Untrusted input"):
//! no FIFO, device or socket is opened, no file is read past its limit, no link is followed
//! out of the folder, and links that loop cannot make a walk loop.
//!
//! The runs that would hang or exhaust memory if a rule broke run as child processes with a
//! time limit and a 1 GiB address-space limit, so a regression fails the test instead of
//! the machine.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_doc2rust");

const GOOD: &str = "# Get a thing\n\nEndpoint: GET /v1/things/{thing_id}\n\n## Path parameters:\n\n  - `thing_id` (string, required)\n\n\
## Response 200 fields (application/json):\n\n  - `id` (string)\n";

/// A scratch folder with `pages/get.md`, removed when the test ends.
struct Scratch {
    dir: PathBuf,
    /// Names the folder and removes it when dropped.
    _folder: support::Scratch,
}

impl Scratch {
    fn new() -> Scratch {
        let folder = support::Scratch::new("reading");
        let dir = folder.dir.clone();
        std::fs::create_dir_all(dir.join("pages")).unwrap();
        std::fs::write(dir.join("pages/get.md"), GOOD).unwrap();
        Scratch { dir, _folder: folder }
    }

    fn pages(&self) -> PathBuf {
        self.dir.join("pages")
    }

    fn path(&self, relative: &str) -> PathBuf {
        let path = self.dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        path
    }

    fn link(&self, relative: &str, target: impl AsRef<Path>) -> PathBuf {
        let path = self.path(relative);
        std::os::unix::fs::symlink(target, &path).unwrap();
        path
    }

    fn fifo(&self, relative: &str) -> PathBuf {
        let path = self.path(relative);
        let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
        assert!(made.success());
        path
    }
}

/// How a bounded run of `doc2rust generate` ended.
#[derive(Debug)]
struct Run {
    /// `None` when killed by a signal (e.g. the time limit).
    code: Option<i32>,
    stderr: String,
    timed_out: bool,
}

/// `doc2rust generate --specs <specs> --out <scratch>/out [extra]` with a 60 s time limit
/// and a 1 GiB address-space limit (`ulimit -v`).
fn generate(scratch: &Scratch, specs: &Path, extra: &[&str]) -> Run {
    let stderr_path = scratch.dir.join("stderr.txt");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(["generate", "--name", "things", "--specs"])
        .arg(specs)
        .arg("--out")
        .arg(scratch.dir.join("out"))
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("doc2rust runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break (status, false);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break (child.wait().unwrap(), true);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run { code: status.code(), stderr: std::fs::read_to_string(&stderr_path).unwrap_or_default(), timed_out }
}

/// Asserts the run ended with exit 2 and printed `line` (a `path:1:1: ...` diagnostic).
fn assert_refused(run: &Run, line: &str) {
    assert!(!run.timed_out, "the run did not end within 60 s: {run:?}");
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.lines().any(|l| l == line), "no `{line}` in:\n{}", run.stderr);
    assert!(run.stderr.ends_with("nothing was written\n"), "{}", run.stderr);
}

const OUTSIDE: &str = "expected a file or folder inside the pages folder, found a symbolic link that leads out of it \
(doc2rust does not follow links out of the pages folder)";

#[test]
fn a_fifo_among_the_pages_is_refused_without_being_opened() {
    let scratch = Scratch::new();
    let fifo = scratch.fifo("pages/sub/hang.md");
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_refused(
        &run,
        &format!("{}:1:1: expected a page that is a regular file, found a named pipe (FIFO)", fifo.display()),
    );
    // A FIFO given as the one page file is refused the same way.
    let run = generate(&scratch, &fifo, &[]);
    assert_refused(
        &run,
        &format!("{}:1:1: expected a page that is a regular file, found a named pipe (FIFO)", fifo.display()),
    );
    // One that is not named like a page is not looked at at all.
    std::fs::remove_file(&fifo).unwrap();
    scratch.fifo("pages/sub/notes");
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_eq!((run.code, run.timed_out), (Some(0), false), "{run:?}");
}

#[test]
fn a_device_given_as_the_page_file_is_refused() {
    let scratch = Scratch::new();
    let run = generate(&scratch, Path::new("/dev/zero"), &[]);
    assert_refused(&run, "/dev/zero:1:1: expected a page that is a regular file, found a device");
}

#[test]
fn a_link_to_dev_zero_is_refused_not_read() {
    let scratch = Scratch::new();
    let link = scratch.link("pages/zero.md", "/dev/zero");
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_refused(&run, &format!("{}:1:1: {OUTSIDE}", link.display()));
}

#[test]
fn a_sparse_file_larger_than_the_limit_is_refused_from_its_size() {
    let scratch = Scratch::new();
    let big = scratch.path("pages/big.md");
    // 1 GiB of holes: nothing on disk, but reading it whole needs 1 GiB of memory, which
    // the run does not have.
    std::fs::File::create(&big).unwrap().set_len(1 << 30).unwrap();
    let started = Instant::now();
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_refused(
        &run,
        &format!("{}:1:1: expected a page of at most 16777216 bytes, found 1073741824 bytes", big.display()),
    );
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

#[test]
fn a_page_linked_to_a_file_outside_is_refused_and_not_quoted() {
    let scratch = Scratch::new();
    let secret = scratch.path("private/secret.md");
    std::fs::write(&secret, "TOP SECRET first line\n").unwrap();
    let link = scratch.link("pages/leak.md", &secret);
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_refused(&run, &format!("{}:1:1: {OUTSIDE}", link.display()));
    assert!(!run.stderr.contains("TOP SECRET"), "{}", run.stderr);
    // A folder linked from outside is refused the same way, by the link's name.
    std::fs::remove_file(&link).unwrap();
    let folder = scratch.link("pages/elsewhere", scratch.dir.join("private"));
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_refused(&run, &format!("{}:1:1: {OUTSIDE}", folder.display()));
    assert!(!run.stderr.contains("TOP SECRET"), "{}", run.stderr);
}

#[test]
fn an_overrides_file_that_is_a_fifo_a_link_out_or_too_large_is_refused() {
    let scratch = Scratch::new();
    let overrides = scratch.fifo("pages/doc2rust.toml");
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_refused(
        &run,
        &format!(
            "{}:1:1: expected an overrides file that is a regular file, found a named pipe (FIFO)",
            overrides.display()
        ),
    );
    std::fs::remove_file(&overrides).unwrap();

    let secret = scratch.path("private/doc2rust.toml");
    std::fs::write(&secret, "[package]\nname = \"elsewhere\"\n").unwrap();
    scratch.link("pages/doc2rust.toml", &secret);
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_refused(
        &run,
        &format!(
            "{}:1:1: expected an overrides file inside the pages folder, found a symbolic link that leads out of it \
             (doc2rust does not follow links out of the pages folder)",
            overrides.display()
        ),
    );
    std::fs::remove_file(&overrides).unwrap();

    // Named explicitly, a file outside the pages is the user's choice; its size still counts.
    let big = scratch.path("big.toml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(1 << 20))).unwrap();
    let run = generate(&scratch, &scratch.pages(), &["--overrides", big.to_str().unwrap()]);
    assert_refused(
        &run,
        &format!("{}:1:1: expected an overrides file of at most 1048576 bytes, found 1048579 bytes", big.display()),
    );
}

/// `pages/a` and `pages/b` each hold two links to the other: following links blindly
/// visits 2^n paths at depth n.
fn looping_links(scratch: &Scratch) {
    std::fs::create_dir_all(scratch.dir.join("pages/a")).unwrap();
    std::fs::create_dir_all(scratch.dir.join("pages/b")).unwrap();
    for name in ["x", "y"] {
        scratch.link(&format!("pages/a/{name}"), "../b");
        scratch.link(&format!("pages/b/{name}"), "../a");
    }
    std::fs::write(scratch.dir.join("pages/b/list.md"), GOOD.replace("GET /v1/things/{thing_id}", "GET /v1/all"))
        .unwrap();
}

#[test]
fn links_that_loop_do_not_make_rerun_lines_loop() {
    let scratch = Scratch::new();
    looping_links(&scratch);
    let pages = scratch.pages();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(doc2rust::Config::new(pages).rerun_if_changed()));
    let lines = receiver.recv_timeout(Duration::from_secs(60)).expect("rerun_if_changed ends within 60 s");
    let pages = scratch.pages();
    let expected: Vec<PathBuf> = ["", "a", "b", "b/list.md", "doc2rust.toml", "get.md"]
        .iter()
        .map(|p| if p.is_empty() { pages.clone() } else { pages.join(p) })
        .collect();
    assert_eq!(lines, expected);
}

#[test]
fn links_inside_the_folder_are_followed_once_and_never_loop() {
    let scratch = Scratch::new();
    looping_links(&scratch);
    // A link to a folder that has a name of its own, and one to a page: each read once,
    // under its own name.
    scratch.link("pages/0-alias", "b");
    scratch.link("pages/also-get.md", "get.md");
    let run = generate(&scratch, &scratch.pages(), &[]);
    assert_eq!((run.code, run.timed_out), (Some(0), false), "{run:?}");
    let loaded = doc2rust::Config::new(scratch.pages()).load().unwrap();
    let inputs: Vec<PathBuf> =
        loaded.inputs.iter().map(|p| p.strip_prefix(scratch.pages()).unwrap().to_owned()).collect();
    assert_eq!(inputs, vec![PathBuf::from("b/list.md"), PathBuf::from("get.md")]);
    assert_eq!(loaded.api.endpoints.len(), 2);
}
