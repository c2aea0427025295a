//! Moving pictures between stores: every file copied, then read back and compared.

use anyhow::{Context, bail};

use crate::media::Store;

/// Copies every file of `from` into `to`; how many. A file that does not read back the same
/// stops the copy (the source is never changed).
pub async fn copy_all(from: &Store, to: &Store) -> anyhow::Result<usize> {
    let names = from.names().await.context("cannot list the pictures")?;
    let mut copied = 0;
    for name in names {
        if crate::media::content_type(&name).is_none() {
            continue;
        }
        let Some(file) = from.get(&name).await? else {
            continue;
        };
        to.put(&name, file.bytes.to_vec())
            .await
            .with_context(|| format!("cannot write {name} to the {}", to.description))?;
        let back = to.get(&name).await?;
        if back.is_none_or(|b| b.bytes != file.bytes) {
            bail!(
                "{name} does not read back the same from the {}",
                to.description
            );
        }
        copied += 1;
    }
    Ok(copied)
}
