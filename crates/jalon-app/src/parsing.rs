//! Reading a file someone sent is the heaviest work a request does: an XLSX is unzipped and
//! read cell by cell, a mission file may hold a hundred thousand lines. Done on the request
//! threads, two such files at once would leave none free for anyone else (the health check
//! included). Here it runs on the blocking pool, at most [`PARSERS`] files at a time; the
//! others wait their turn without holding a thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use crate::{App, AppError, AppResult};

/// Files read at the same time.
pub const PARSERS: usize = 2;

/// The permits of the files being read, and how many files wait for one.
#[derive(Debug)]
pub(crate) struct Parsers(Arc<Semaphore>, Arc<AtomicUsize>);

impl Default for Parsers {
    fn default() -> Self {
        Parsers(
            Arc::new(Semaphore::new(PARSERS)),
            Arc::new(AtomicUsize::new(0)),
        )
    }
}

/// Counts a file as waiting while it is held.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn start(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl App {
    /// Runs `parse` over a copy of `bytes` on the blocking pool, once a permit is free.
    pub(crate) async fn parse_off_thread<T, F>(&self, bytes: &[u8], parse: F) -> AppResult<T>
    where
        F: FnOnce(&[u8]) -> T + Send + 'static,
        T: Send + 'static,
    {
        let waiting = Waiting::start(&self.parsers.1);
        let _permit = self
            .parsers
            .0
            .acquire()
            .await
            .map_err(|e| AppError::Internal(format!("file readers: {e}")))?;
        drop(waiting);
        let owned = bytes.to_vec();
        tokio::task::spawn_blocking(move || parse(&owned))
            .await
            .map_err(|e| AppError::Internal(format!("file reader: {e}")))
    }

    /// Reads the file `file_name` off the request threads; a file refused by `read` (with
    /// its located problems) is [`AppError::ImportRefused`].
    pub(crate) async fn read_file<T, F>(
        &self,
        bytes: &[u8],
        file_name: &str,
        read: F,
    ) -> AppResult<T>
    where
        F: FnOnce(&[u8], &str) -> Result<T, Vec<jalon_io::Problem>> + Send + 'static,
        T: Send + 'static,
    {
        let name = file_name.to_string();
        self.parse_off_thread(bytes, move |b| read(b, &name))
            .await?
            .map_err(AppError::ImportRefused)
    }

    /// Files being read now, for the metrics.
    pub fn files_being_read(&self) -> usize {
        PARSERS - self.parsers.0.available_permits()
    }

    /// Files waiting for a reader (the queue), for the metrics.
    pub fn files_waiting(&self) -> usize {
        self.parsers.1.load(Ordering::Relaxed)
    }
}
