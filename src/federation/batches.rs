//! Group commit: the writes that inbox requests ask for at the same time are handed to one
//! task, which makes each batch of them one transaction and answers every request.
//!
//! SQLite writes one transaction at a time, and each statement costs a hand-off between the
//! runtime and SQLite's thread whatever it does: a batch shares those costs among its requests.

use std::future::Future;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::{mpsc, oneshot};

/// What a request waits for, and where its answer goes.
type Waiting<J, R> = (J, oneshot::Sender<R>);

/// The batch writer is gone: the server is stopping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the server is stopping")
    }
}

/// The handle of a batch writer; the writer stops when the last handle is dropped.
pub struct Batches<J, R> {
    queue: mpsc::Sender<Waiting<J, R>>,
}

impl<J, R> Clone for Batches<J, R> {
    fn clone(&self) -> Self {
        Batches {
            queue: self.queue.clone(),
        }
    }
}

impl<J: Send + 'static, R: Send + 'static> Batches<J, R> {
    /// Starts the writer, named `name`. `write` takes what is waiting, up to `max` jobs, and
    /// returns one answer per job, in their order. Up to `lanes` batches are written at once:
    /// on PostgreSQL, a batch's statements run while the one before waits for its commit to
    /// reach the disk; SQLite writes one transaction at a time, and takes one lane.
    ///
    /// The writer runs on a thread of its own, on the current Tokio runtime's drivers: as a task
    /// among the requests, each of its statements waited for a worker behind the requests that
    /// were verifying signatures, and a batch took 12 ms for 2 ms of work.
    pub fn start<F, Fut>(name: &str, max: usize, lanes: usize, mut write: F) -> Self
    where
        F: FnMut(Vec<J>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<R>>,
    {
        let (queue, mut waiting) = mpsc::channel::<Waiting<J, R>>(max * 4);
        let runtime = tokio::runtime::Handle::current();
        let writer = move || {
            runtime.block_on(async move {
                let mut writing = FuturesUnordered::new();
                let mut open = true;
                let mut batch = Vec::with_capacity(max);
                loop {
                    tokio::select! {
                        Some(()) = writing.next(), if !writing.is_empty() => {}
                        taken = waiting.recv_many(&mut batch, max), if open && writing.len() < lanes => {
                            if taken == 0 {
                                open = false;
                                continue;
                            }
                            let (jobs, replies): (Vec<J>, Vec<_>) = batch.drain(..).unzip();
                            let written = write(jobs);
                            writing.push(async move {
                                let answers = written.await;
                                debug_assert_eq!(answers.len(), replies.len(), "one answer per job");
                                for (reply, answer) in replies.into_iter().zip(answers) {
                                    reply.send(answer).ok();
                                }
                            });
                        }
                        else => break,
                    }
                }
            })
        };
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(writer)
            .expect("a thread starts");
        Batches { queue }
    }

    /// Waits for the batch that writes `job`, and returns its answer.
    pub async fn submit(&self, job: J) -> Result<R, Stopped> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((job, reply)).await.map_err(|_| Stopped)?;
        answer.await.map_err(|_| Stopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Requests sent together are written in batches of up to `max`, each answered in turn.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_request_gets_its_own_answer() {
        let sizes = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = sizes.clone();
        let doubles = Batches::start("doubles", 4, 1, move |jobs: Vec<u32>| {
            seen.lock().unwrap().push(jobs.len());
            async move { jobs.into_iter().map(|n| n * 2).collect() }
        });
        let answers = futures::future::join_all((1..=10).map(|n| doubles.submit(n))).await;
        assert_eq!(answers, (1..=10).map(|n| Ok(n * 2)).collect::<Vec<_>>());
        let sizes = sizes.lock().unwrap();
        assert_eq!(sizes.iter().sum::<usize>(), 10);
        assert!(sizes.iter().all(|&n| (1..=4).contains(&n)), "{sizes:?}");
    }

    /// With two lanes, a batch is written while the one before it is still being written: here
    /// the first finishes only once the second has started.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_lanes_write_two_batches_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let started = std::sync::Arc::new(tokio::sync::Notify::new());
        let calls = std::sync::Arc::new(AtomicUsize::new(0));
        let writer = Batches::start("lanes", 1, 2, move |jobs: Vec<u32>| {
            let (started, call) = (started.clone(), calls.fetch_add(1, Ordering::SeqCst));
            async move {
                match call {
                    0 => started.notified().await,
                    _ => started.notify_one(),
                }
                jobs
            }
        });
        let both = futures::future::join(writer.submit(1), writer.submit(2));
        let answers = tokio::time::timeout(std::time::Duration::from_secs(5), both)
            .await
            .expect("the second batch did not wait for the first");
        assert_eq!(answers, (Ok(1), Ok(2)));
    }
}
