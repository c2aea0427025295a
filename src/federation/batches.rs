//! Group commit: the writes that inbox requests ask for at the same time are handed to one
//! task, which makes each batch of them one transaction and answers every request.
//!
//! SQLite writes one transaction at a time, and each statement costs a hand-off between the
//! runtime and SQLite's thread whatever it does: a batch shares those costs among its requests.

use std::future::Future;

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
    /// returns one answer per job, in their order.
    ///
    /// The writer runs on a thread of its own, on the current Tokio runtime's drivers: as a task
    /// among the requests, each of its statements waited for a worker behind the requests that
    /// were verifying signatures, and a batch took 12 ms for 2 ms of work.
    pub fn start<F, Fut>(name: &str, max: usize, mut write: F) -> Self
    where
        F: FnMut(Vec<J>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<R>>,
    {
        let (queue, mut waiting) = mpsc::channel::<Waiting<J, R>>(max * 4);
        let runtime = tokio::runtime::Handle::current();
        let writer = move || {
            runtime.block_on(async move {
                let mut batch = Vec::with_capacity(max);
                while waiting.recv_many(&mut batch, max).await > 0 {
                    let (jobs, replies): (Vec<J>, Vec<_>) = batch.drain(..).unzip();
                    let answers = write(jobs).await;
                    debug_assert_eq!(answers.len(), replies.len(), "one answer per job");
                    for (reply, answer) in replies.into_iter().zip(answers) {
                        reply.send(answer).ok();
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
        let doubles = Batches::start("doubles", 4, move |jobs: Vec<u32>| {
            seen.lock().unwrap().push(jobs.len());
            async move { jobs.into_iter().map(|n| n * 2).collect() }
        });
        let answers = futures::future::join_all((1..=10).map(|n| doubles.submit(n))).await;
        assert_eq!(answers, (1..=10).map(|n| Ok(n * 2)).collect::<Vec<_>>());
        let sizes = sizes.lock().unwrap();
        assert_eq!(sizes.iter().sum::<usize>(), 10);
        assert!(sizes.iter().all(|&n| (1..=4).contains(&n)), "{sizes:?}");
    }
}
