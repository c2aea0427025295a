//! SQLite's write gate: every write transaction takes its turn on the one connection kept for
//! them.

use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteTransactionManager};
use sqlx::{ConnectOptions, Connection, TransactionManager};
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::DbError;

/// SQLite has one writer at a time. Waiting for the write lock inside SQLite means sleeping and
/// polling (its busy handler), unfairly; write transactions wait here instead, in a fair queue
/// that wakes at once. They all run on one connection of their own:
/// - its page cache stays warm (on a pooled connection, every commit made by another connection
///   emptied it);
/// - no pool holds it. sqlx tests each connection returned to a pool with a round trip to its
///   thread, from a task of the runtime; under the inbox's load, each write transaction waited
///   about a millisecond for the previous one's test.
#[derive(Clone, Debug)]
pub struct WriteGate(Arc<Mutex<Option<SqliteConnection>>>);

impl WriteGate {
    pub async fn open(options: &SqliteConnectOptions) -> Result<WriteGate, DbError> {
        let connection = options.connect().await?;
        Ok(WriteGate(Arc::new(Mutex::new(Some(connection)))))
    }

    /// Waits for the turn, then takes the write lock at once (`BEGIN IMMEDIATE`): a
    /// read-then-write transaction would otherwise fail with SQLITE_BUSY_SNAPSHOT when another
    /// connection writes in between.
    pub async fn begin(&self) -> Result<WriteTx, DbError> {
        let mut turn = self.turn().await?;
        SqliteTransactionManager::begin(turn.connection(), Some("BEGIN IMMEDIATE".into())).await?;
        Ok(WriteTx { turn, open: true })
    }

    /// Waits for the turn, outside any transaction: each statement run on it commits alone
    /// (a token's last use, a delivery's outcome).
    pub async fn turn(&self) -> Result<WriteTurn, DbError> {
        let mut turn = self.0.clone().lock_owned().await;
        let connection = turn.as_mut().ok_or(DbError::PoolClosed)?;
        if SqliteTransactionManager::get_transaction_depth(connection) > 0 {
            // A transaction whose begin was cancelled after its BEGIN ran.
            SqliteTransactionManager::rollback(connection).await?;
        }
        Ok(WriteTurn(turn))
    }

    /// Closes the connection, once the transaction under way (if any) has ended.
    pub async fn close(&self) {
        if let Some(connection) = self.0.lock().await.take()
            && let Err(e) = connection.close().await
        {
            tracing::warn!(error = %e, "Closing the SQLite write connection failed");
        }
    }
}

/// The turn at the gate: the write connection, for as long as it is held.
pub struct WriteTurn(OwnedMutexGuard<Option<SqliteConnection>>);

impl WriteTurn {
    pub fn connection(&mut self) -> &mut SqliteConnection {
        self.0
            .as_mut()
            .expect("the gate closes its connection only between turns")
    }
}

/// A write transaction, holding its turn at the gate; rolled back if dropped before its end.
pub struct WriteTx {
    turn: WriteTurn,
    open: bool,
}

impl WriteTx {
    pub fn connection(&mut self) -> &mut SqliteConnection {
        self.turn.connection()
    }

    pub async fn commit(mut self) -> Result<(), DbError> {
        SqliteTransactionManager::commit(self.connection()).await?;
        self.open = false;
        Ok(())
    }

    pub async fn rollback(mut self) -> Result<(), DbError> {
        SqliteTransactionManager::rollback(self.connection()).await?;
        self.open = false;
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if self.open {
            // Queued on the connection's thread at once, ahead of the next transaction.
            SqliteTransactionManager::start_rollback(self.connection());
        }
    }
}
