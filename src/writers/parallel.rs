//! Every core for the writers whose output is a run of independent records (a feature's
//! text, a row's cells): records are made in chunks on worker threads and handed back in
//! their order, so the output is the same bytes as when made one after another.

use std::collections::VecDeque;
use std::fs::File;
use std::ops::Range;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use crate::features::Feature;

/// Items per chunk: large enough that handing chunks between threads costs nothing, small
/// enough that the chunks in flight hold little memory.
pub const CHUNK: usize = 128;

/// Chunks each worker may have queued or finished but not yet taken.
const AHEAD: usize = 2;

/// How many threads make records (one when the machine has one core).
fn workers() -> usize {
    crate::cores()
}

/// Runs `work` on each of `jobs` on the worker threads, each worker with its own `state`
/// (a cache), and hands the results to `take` in the jobs' order, on this thread. Stops at
/// `take`'s first error.
pub fn in_order<J: Send, S, T: Send, E>(
    jobs: impl IntoIterator<Item = J>,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, J) -> T + Sync,
    take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    in_order_ahead(jobs, AHEAD, state, work, take)
}

/// [`in_order`] with at most `ahead` jobs per worker queued or finished but not yet taken
/// (at least one): fewer for large jobs, to hold fewer results in memory at once.
pub fn in_order_ahead<J: Send, S, T: Send, E>(
    jobs: impl IntoIterator<Item = J>,
    ahead: usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, J) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let n = workers();
    if n == 1 {
        let mut s = state();
        return jobs.into_iter().try_for_each(|j| take(work(&mut s, j)));
    }
    std::thread::scope(|scope| {
        let (state, work) = (&state, &work);
        let mut lanes = Vec::with_capacity(n);
        for _ in 0..n {
            let (job_tx, job_rx) = mpsc::channel::<J>();
            let (done_tx, done_rx) = mpsc::channel::<T>();
            scope.spawn(move || {
                let mut s = state();
                for job in job_rx {
                    if done_tx.send(work(&mut s, job)).is_err() {
                        break;
                    }
                }
            });
            lanes.push((job_tx, done_rx));
        }
        // The lane of each job sent and not yet taken, oldest first.
        let mut pending = VecDeque::new();
        for (k, job) in jobs.into_iter().enumerate() {
            if pending.len() == n * ahead.max(1) {
                take_next(&lanes, &mut pending, &mut take)?;
            }
            let lane = k % n;
            lanes[lane]
                .0
                .send(job)
                .expect("the workers run until their queues close");
            pending.push_back(lane);
        }
        while !pending.is_empty() {
            take_next(&lanes, &mut pending, &mut take)?;
        }
        Ok(())
        // Dropping `lanes` closes the queues: the workers end and the scope joins them.
    })
}

/// Waits for the oldest pending job's result and takes it.
fn take_next<J, T, E>(
    lanes: &[(mpsc::Sender<J>, mpsc::Receiver<T>)],
    pending: &mut VecDeque<usize>,
    take: &mut impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let lane = pending.pop_front().expect("a job is pending");
    take(
        lanes[lane]
            .1
            .recv()
            .expect("a worker sends each job's result"),
    )
}

/// The index ranges of `count` items in chunks of [`CHUNK`].
pub fn chunks(count: usize) -> impl Iterator<Item = Range<usize>> {
    (0..count.div_ceil(CHUNK)).map(move |k| k * CHUNK..((k + 1) * CHUNK).min(count))
}

/// Runs `consume` on the items `make(0)`, `make(1)`, … `make(count - 1)`, in order, while
/// other threads make them ahead (as a writer that takes an iterator writes the last ones).
pub fn made_ahead<T: Send, R>(
    count: usize,
    make: impl Fn(usize) -> T + Sync,
    consume: impl FnOnce(&mut dyn Iterator<Item = T>) -> R,
) -> R {
    if workers() == 1 {
        return consume(&mut (0..count).map(make));
    }
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<T>>(AHEAD);
        let make = &make;
        scope.spawn(move || {
            let chunk = |_: &mut (), range: Range<usize>| range.map(make).collect::<Vec<T>>();
            // A send fails when the consumer has stopped early: then so do the makers.
            in_order(chunks(count), || (), chunk, |items| tx.send(items))
        });
        let mut items = rx.into_iter().flatten();
        let result = consume(&mut items);
        // Closes the channel before the scope waits for the makers.
        drop(items);
        result
    })
}

/// `features` in chunks of [`CHUNK`], each with the index of its first feature.
pub fn feature_chunks(
    features: impl IntoIterator<Item = Feature>,
) -> impl Iterator<Item = (usize, Vec<Feature>)> {
    chunks_of(features, CHUNK)
}

/// `items` in chunks of `size`, each with the index of its first item.
pub fn chunks_of<T>(
    items: impl IntoIterator<Item = T>,
    size: usize,
) -> impl Iterator<Item = (usize, Vec<T>)> {
    let mut items = items.into_iter();
    let mut first = 0;
    std::iter::from_fn(move || {
        let chunk: Vec<T> = items.by_ref().take(size).collect();
        let start = first;
        first += chunk.len();
        (!chunk.is_empty()).then_some((start, chunk))
    })
}

/// Writes `features` to `out` as the text `record` makes of each (given its index and a
/// per-thread `state`), made on every core and written in order.
pub fn write_in_order<S>(
    out: &mut dyn std::io::Write,
    features: impl IntoIterator<Item = Feature>,
    state: impl Fn() -> S + Sync,
    record: impl Fn(&mut S, &mut String, usize, &Feature) + Sync,
) -> std::io::Result<()> {
    in_order(
        feature_chunks(features),
        // Each worker's state, and the length of its last chunk's text: the next one is
        // made in room that size and a little more, so that it is seldom moved as it grows.
        || (state(), 0),
        |(s, last), (first, chunk)| {
            let mut text = String::with_capacity(*last + *last / 4);
            for (i, f) in chunk.iter().enumerate() {
                record(s, &mut text, first + i, f);
            }
            // Dropped here, on the worker, rather than on the writing thread.
            drop(chunk);
            *last = text.len();
            text
        },
        |text| out.write_all(text.as_bytes()),
    )
}

/// Runs `write`, which fills the file at `path`, while another thread has the file's
/// written pages sent to disk every so often: the disk works while the writer does, and
/// the final sync (before the file is renamed into place) finds little left to wait for.
/// The kernel would otherwise hold the whole output in memory until that sync.
pub fn with_early_writeback<R>(path: &Path, write: impl FnOnce() -> R) -> R {
    let Ok(file) = File::open(path) else {
        return write();
    };
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            while stopped.recv_timeout(Duration::from_millis(100))
                == Err(mpsc::RecvTimeoutError::Timeout)
            {
                // A failure here is the final sync's to report.
                let _ = file.sync_data();
            }
        });
        let result = write();
        drop(stop);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_jobs_order() {
        let mut seen = Vec::new();
        let r: Result<(), ()> = in_order(
            chunks(10 * CHUNK + 7),
            || 0usize,
            |calls, range| {
                *calls += 1;
                range
            },
            |range| {
                seen.push(range);
                Ok(())
            },
        );
        assert!(r.is_ok());
        let starts: Vec<usize> = seen.iter().map(|r| r.start).collect();
        assert_eq!(starts, (0..11).map(|k| k * CHUNK).collect::<Vec<_>>());
        assert_eq!(seen.last().map(|r| r.end), Some(10 * CHUNK + 7));
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let mut taken = 0;
        let r = in_order(
            0..100,
            || (),
            |_, k| k,
            |k| {
                taken += 1;
                if k == 5 { Err(k) } else { Ok(()) }
            },
        );
        assert_eq!((r, taken), (Err(5), 6));
    }
}
