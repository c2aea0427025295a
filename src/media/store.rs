//! Where picture files are kept: a folder of the data directory, or an S3-compatible bucket,
//! both through `object_store`, so that the rest of Partage writes, reads and removes files
//! the same way on either.

use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::{MediaStore, Settings};

/// The store, and the files in it.
#[derive(Clone, Debug)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// Which it is, for messages ("local folder /var/lib/partage/media", "bucket pictures").
    pub description: String,
}

/// A file read from the store.
pub struct File {
    pub bytes: Bytes,
    /// Its entity tag, for conditional requests.
    pub etag: String,
}

impl Store {
    /// The store the settings name; the local folder is created if missing.
    pub fn open(settings: &Settings) -> anyhow::Result<Store> {
        let media = &settings.media;
        match media.store {
            MediaStore::Local => Self::local(&settings.media_dir()),
            MediaStore::S3 => {
                crate::federation::install_crypto_provider();
                let mut builder = AmazonS3Builder::from_env()
                    .with_endpoint(&media.s3_endpoint)
                    .with_allow_http(media.s3_endpoint.starts_with("http://"))
                    .with_virtual_hosted_style_request(false)
                    .with_region(&media.s3_region)
                    .with_bucket_name(&media.s3_bucket);
                if !media.s3_access_key_id.is_empty() {
                    builder = builder.with_access_key_id(&media.s3_access_key_id);
                }
                if !media.s3_secret_access_key.is_empty() {
                    builder = builder.with_secret_access_key(&media.s3_secret_access_key);
                }
                Ok(Store {
                    inner: Arc::new(builder.build()?),
                    description: format!("bucket {} at {}", media.s3_bucket, media.s3_endpoint),
                })
            }
        }
    }

    /// A local folder.
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Store> {
        std::fs::create_dir_all(dir)?;
        Ok(Store {
            inner: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
            description: format!("folder {}", dir.display()),
        })
    }

    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        self.inner
            .put(&Path::from(name), PutPayload::from(bytes))
            .await
            .map(drop)
    }

    /// A file, or `None` when there is none by that name.
    pub async fn get(&self, name: &str) -> Result<Option<File>, object_store::Error> {
        match self.inner.get(&Path::from(name)).await {
            Ok(found) => {
                let etag = found
                    .meta
                    .e_tag
                    .clone()
                    .unwrap_or_else(|| format!("{}-{}", found.meta.size, name));
                Ok(Some(File {
                    bytes: found.bytes().await?,
                    etag,
                }))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Removes a file; one already gone is no error.
    pub async fn delete(&self, name: &str) -> Result<(), object_store::Error> {
        match self.inner.delete(&Path::from(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Answers when the store does (a file that is not there is an answer).
    pub async fn ping(&self) -> Result<(), object_store::Error> {
        match self.inner.head(&Path::from(".partage-health")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Every file's name.
    pub async fn names(&self) -> Result<Vec<String>, object_store::Error> {
        use futures::TryStreamExt;
        let listed: Vec<_> = self.inner.list(None).try_collect().await?;
        Ok(listed.into_iter().map(|m| m.location.to_string()).collect())
    }
}
