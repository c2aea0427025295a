//! Pictures: processing what people upload (and the pictures of mirrored entries) into files,
//! the store that keeps them, and their public addresses. The rules about which entry has which
//! picture are the domain's (`domain::pictures`); this module knows files only.

pub mod fetch;
pub mod process;
pub mod store;

use std::sync::{Arc, mpsc};
use std::time::Duration;

use tokio::sync::oneshot;
use url::Url;

use crate::config::Settings;
pub use process::{Processed, Refused};
pub use store::Store;

/// A picture to process, and where its result goes.
type Job = (bytes::Bytes, oneshot::Sender<Result<Processed, Refused>>);

/// Why a picture could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error(transparent)]
    Refused(#[from] Refused),
    /// Processing took longer than `media.process_seconds`.
    #[error("the picture took too long to process")]
    TooSlow,
    #[error("the media store failed: {0}")]
    Store(#[from] object_store::Error),
}

/// The pictures' store and settings. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Media {
    pub store: Store,
    /// Where files are served from, ending with `/`.
    public: Url,
    process_for: Duration,
    /// The thread that processes pictures (see [`decoder`]).
    jobs: Arc<mpsc::Sender<Job>>,
}

impl Media {
    pub fn new(settings: &Settings) -> anyhow::Result<Media> {
        let media = &settings.media;
        let public = if media.public_url.is_empty() {
            settings.base_url().join("/media/")?
        } else {
            Url::parse(&format!("{}/", media.public_url.trim_end_matches('/')))?
        };
        Ok(Media {
            store: Store::open(settings)?,
            public,
            process_for: Duration::from_secs(media.process_seconds),
            jobs: Arc::new(decoder(media.max_pixels)?),
        })
    }

    /// The public address of a file.
    pub fn url(&self, file: &str) -> Url {
        self.public.join(file).expect("file names are URL-safe")
    }

    /// Processes a picture off the runtime, one at a time, within `media.process_seconds`
    /// (waiting for its turn included).
    pub async fn process(&self, bytes: bytes::Bytes) -> Result<Processed, MediaError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send((bytes, reply))
            .expect("the decoder lives as long as its senders");
        match tokio::time::timeout(self.process_for, answer).await {
            Ok(done) => Ok(done.expect("the decoder answers every job")?),
            Err(_) => Err(MediaError::TooSlow),
        }
    }

    /// Stores both files of a processed picture under `key`.
    pub async fn save(&self, key: &str, processed: &Processed) -> Result<(), MediaError> {
        let (full, preview) = file_names(key, processed.media_type);
        self.store.put(&full, processed.full.bytes.clone()).await?;
        self.store
            .put(&preview, processed.preview.bytes.clone())
            .await?;
        Ok(())
    }

    /// Removes both files of a picture.
    pub async fn remove(&self, key: &str, media_type: &str) -> Result<(), MediaError> {
        let (full, preview) = file_names(key, media_type);
        self.store.delete(&full).await?;
        self.store.delete(&preview).await?;
        Ok(())
    }
}

/// Starts the thread that processes pictures, one after the other, until every sender is gone.
/// One at a time, because a 12-megapixel JPEG takes about 80 MB while it is processed; on one
/// thread, because glibc's allocator keeps an arena per thread that allocates: with pictures
/// decoded on the blocking pool, 8 uploads at once left the server at 322 MB, each thread's
/// arena holding a picture's worth (docs/BENCHMARKS.md). A job whose caller stopped waiting is
/// skipped; a decoder that panics on a hostile file refuses the file.
fn decoder(max_pixels: u64) -> std::io::Result<mpsc::Sender<Job>> {
    let (jobs, queue) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("pictures".into())
        .spawn(move || {
            for (bytes, reply) in queue {
                if reply.is_closed() {
                    continue;
                }
                let done = std::panic::catch_unwind(|| process::process(&bytes, max_pixels))
                    .unwrap_or_else(|_| Err(Refused::Broken("the picture cannot be read".into())));
                let _ = reply.send(done);
            }
        })?;
    Ok(jobs)
}

/// The file names of a picture: its full size and its preview.
pub fn file_names(key: &str, media_type: &str) -> (String, String) {
    let extension = extension(media_type);
    (
        format!("{key}.{extension}"),
        format!("{key}-preview.{extension}"),
    )
}

pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/webp" => "webp",
        _ => "jpg",
    }
}

/// The content type of a file we serve, by its extension; `None` for anything else.
pub fn content_type(file: &str) -> Option<&'static str> {
    match file.rsplit_once('.')?.1 {
        "jpg" => Some("image/jpeg"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}
