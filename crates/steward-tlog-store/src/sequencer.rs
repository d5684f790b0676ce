//! One writer thread that batches concurrent appends: it takes the first waiting entry, gathers
//! more until it has `max_entries`, or `max_wait` has passed, or none has come for a tenth of
//! that (the callers have all sent theirs), appends them as one durable batch, and answers each
//! caller with its entry's index.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::append::{Appended, Appender};
use crate::store::StoreError;

/// How a sequencer batches.
#[derive(Debug, Clone, Copy)]
pub struct Batching {
    pub max_entries: usize,
    pub max_wait: Duration,
}

impl Default for Batching {
    fn default() -> Self {
        Self {
            max_entries: 4096,
            max_wait: Duration::from_millis(10),
        }
    }
}

type Reply = mpsc::SyncSender<Result<Appended, StoreError>>;

/// A handle to the writer thread; clone it for each appending thread.
#[derive(Debug, Clone)]
pub struct Sequencer {
    requests: mpsc::Sender<(Vec<u8>, Reply)>,
}

/// Why an append through the sequencer failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SequencerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the log's writer thread has stopped")]
    Stopped,
}

impl Sequencer {
    /// Starts the writer thread; it ends when every handle is dropped.
    pub fn start(appender: Appender, batching: Batching) -> Self {
        let (requests, receiver) = mpsc::channel();
        thread::spawn(move || write_batches(appender, &receiver, batching));
        Self { requests }
    }

    /// Appends `entry` and waits until it is durable.
    pub fn append(&self, entry: Vec<u8>) -> Result<Appended, SequencerError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.requests
            .send((entry, reply))
            .map_err(|_| SequencerError::Stopped)?;
        answer
            .recv()
            .map_err(|_| SequencerError::Stopped)?
            .map_err(SequencerError::Store)
    }
}

fn write_batches(
    mut appender: Appender,
    receiver: &mpsc::Receiver<(Vec<u8>, Reply)>,
    batching: Batching,
) {
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        let deadline = Instant::now() + batching.max_wait;
        let idle = (batching.max_wait / 10).max(Duration::from_micros(100));
        while batch.len() < batching.max_entries {
            let left = deadline.saturating_duration_since(Instant::now()).min(idle);
            match receiver.recv_timeout(left) {
                Ok(request) => batch.push(request),
                Err(_) => break,
            }
        }
        let (entries, replies): (Vec<Vec<u8>>, Vec<Reply>) = batch.into_iter().unzip();
        match appender.append(&entries) {
            Ok(answers) => {
                for (reply, answer) in replies.iter().zip(answers) {
                    _ = reply.send(Ok(answer));
                }
            }
            Err(error) => {
                for reply in &replies {
                    _ = reply.send(Err(error.clone()));
                }
            }
        }
    }
}
