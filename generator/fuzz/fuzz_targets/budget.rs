//! The time budget of one input: a fixed allowance plus a cost per byte, generous enough for
//! an instrumented build on a busy machine, far below what a quadratic step takes on the
//! inputs libFuzzer builds (a 4 KB input repeating one shape). Memory is bounded by running
//! with `-rss_limit_mb`.

use std::time::{Duration, Instant};

pub fn check(started: Instant, bytes: usize) {
    let budget = Duration::from_millis(1_500) + Duration::from_micros(200) * bytes as u32;
    let spent = started.elapsed();
    assert!(spent < budget, "{bytes} bytes took {spent:?}, over the budget of {budget:?}");
}
