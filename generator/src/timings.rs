//! The time each phase of a run takes, added up by the phases themselves. A leaf: it knows
//! the phases' names, nothing of their work.

use std::time::{Duration, Instant};

/// Runs `work` and adds the wall time it took to `slot`: the one way a phase is timed where
/// phases interleave.
pub fn timed<T>(slot: &mut Duration, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = work();
    *slot += start.elapsed();
    result
}

/// Wall-clock time spent in each phase of a run, for `doc2rust generate --timings` and
/// benchmarks. Where phases interleave (read, parse and lower per page; emit and format per
/// piece of output) or run on several threads, each gets its share of the wall time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Finding and reading the pages and the overrides file.
    pub read: Duration,
    /// Pages to page ASTs.
    pub parse: Duration,
    /// Lowering into the model, interning and naming types, applying the overrides.
    pub model: Duration,
    /// Building the tokens of every file, doc prose included.
    pub emit: Duration,
    /// Parsing the tokens with `syn` and printing them with `prettyplease`.
    pub format: Duration,
    /// Comparing with the output folder and writing what changed.
    pub write: Duration,
}

impl Timings {
    /// Each phase's name and time, in pipeline order.
    pub fn phases(&self) -> [(&'static str, Duration); 6] {
        [
            ("read", self.read),
            ("parse", self.parse),
            ("model", self.model),
            ("emit", self.emit),
            ("format", self.format),
            ("write", self.write),
        ]
    }

    /// The sum of the phases.
    pub fn total(&self) -> Duration {
        self.phases().iter().map(|(_, duration)| *duration).sum()
    }
}

/// One `phase: milliseconds` line per phase, then the total.
impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (phase, duration) in self.phases() {
            writeln!(f, "{phase:>6}: {:9.3} ms", duration.as_secs_f64() * 1e3)?;
        }
        write!(f, "{:>6}: {:9.3} ms", "total", self.total().as_secs_f64() * 1e3)
    }
}
