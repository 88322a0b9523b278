//! The one way doc2rust uses threads: map a slice on scoped threads, results in item order,
//! so that output never depends on scheduling.

/// Runs `work` over `items` on up to `jobs` threads and returns the results in item order,
/// so that nothing downstream depends on scheduling. With one job, or one item, it runs on
/// the calling thread.
pub(crate) fn map_parallel<T: Sync, R: Send>(items: &[T], jobs: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    // Each worker takes the next item until none is left, keeping its results with their
    // indexes.
    let drain = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break done };
            done.push((index, work(item)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        // The calling thread is one of the workers: it would only wait otherwise, and each
        // thread started costs a stack mapped, then released (a run has three such phases).
        let workers: Vec<_> = (1..jobs).map(|_| scope.spawn(drain)).collect();
        let mut done = drain();
        for worker in workers {
            done.extend(worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Threads to use when not told: one more than the cores the machine offers, or one on a
/// single core. The extra thread keeps every core busy while another waits (for a worker
/// that is starting, a file being created, a page fault, or the longest piece of a phase):
/// on 2 cores, 3 threads cut a run by 9-13 % on 21-100 pages (the 2021 pages, `specs/`,
/// Altegio, 100 synthetic pages), 3 % on HPE GreenLake's 450 and nothing measurable on
/// 1,000; on a single core a second thread only adds 4 %. Asked once per process: on Linux each answer reads the cgroup
/// files (`/proc/self/cgroup`, the CPU quota), and a run asks for each of its parallel
/// phases.
pub(crate) fn default_jobs() -> usize {
    static JOBS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *JOBS.get_or_init(|| match std::thread::available_parallelism().map_or(1, std::num::NonZero::get) {
        1 => 1,
        cores => cores + 1,
    })
}
