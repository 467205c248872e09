//! What a repository's statements run on: the province's pool (each statement committed on its own) or one
//! open transaction of a use case (`TenantTx`). Every repository method reaches the database through a
//! `Handle`, so the same method takes part in whatever transaction its caller opened; a method that opens its
//! own transaction inside one becomes a savepoint of it.

use std::{
    future::Future,
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use sea_orm::{
    AccessMode, ConnAcquireErr, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, ExecResult, IsolationLevel, QueryResult, Statement, TransactionError,
    TransactionOptions, TransactionTrait, prelude::async_trait,
};

#[derive(Debug, Clone)]
pub enum Handle {
    /// The pool, and what it learnt of the database's reachability (shared by every clone).
    Pool(DatabaseConnection, Arc<Breaker>),
    /// Shared only between a `TenantTx` and the repository calls it lends itself to; committing takes it back.
    Transaction(Arc<DatabaseTransaction>),
}

/// How long statements on a database that could not be reached fail at once, before one tries again.
const REFUSE_FOR: Duration = Duration::from_secs(1);

/// After a statement found a database unreachable, the statements of the next second fail at once instead of
/// each opening a connection that fails (tens of milliseconds each, and a burst of new connections for a
/// server that is struggling): a province that is away answers 503 straight away, and pages that show every
/// province (the Flanders home) are not held up by the one that is away. The first statement after the second
/// tries again (the others are still refused meanwhile), and a success closes it.
#[derive(Debug, Default)]
pub struct Breaker {
    /// Milliseconds since the epoch until which statements are refused; 0 when the database answers.
    refuse_until: AtomicU64,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Breaker {
    fn check(&self) -> Result<(), DbErr> {
        let refused = || Err(DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed));
        let until = self.refuse_until.load(Ordering::Relaxed);
        if until == 0 {
            return Ok(());
        }
        let now = now_ms();
        if now < until {
            return refused();
        }
        // The second is over: this statement tries, and the others are refused for another second unless it
        // finds the database back. One request a second pays for the attempt, not every one that comes by.
        let next = now + REFUSE_FOR.as_millis() as u64;
        match self
            .refuse_until
            .compare_exchange(until, next, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => Ok(()),
            Err(_) => refused(),
        }
    }

    /// Learns from a statement's result: a failure to connect opens the breaker, anything else closes it.
    pub(crate) fn learn<T>(&self, result: &Result<T, DbErr>) {
        match result {
            // A connection that could not be made. Not a pool that is busy (`ConnectionAcquire`): a healthy
            // database under load must not be refused for a second.
            Err(DbErr::Conn(_)) => self
                .refuse_until
                .store(now_ms() + REFUSE_FOR.as_millis() as u64, Ordering::Relaxed),
            _ => {
                if self.refuse_until.load(Ordering::Relaxed) != 0 {
                    self.refuse_until.store(0, Ordering::Relaxed);
                }
            }
        }
    }
}

macro_rules! on_either {
    ($self:ident, $c:ident => $body:expr) => {
        match $self {
            Handle::Pool($c, breaker) => {
                breaker.check()?;
                let result = $body;
                breaker.learn(&result);
                result
            }
            Handle::Transaction($c) => $body,
        }
    };
}

#[async_trait::async_trait]
impl ConnectionTrait for Handle {
    fn get_database_backend(&self) -> DbBackend {
        match self {
            Handle::Pool(c, _) => c.get_database_backend(),
            Handle::Transaction(c) => c.get_database_backend(),
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        on_either!(self, c => c.execute_raw(stmt).await)
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        on_either!(self, c => c.execute_unprepared(sql).await)
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        on_either!(self, c => c.query_one_raw(stmt).await)
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        on_either!(self, c => c.query_all_raw(stmt).await)
    }

    fn support_returning(&self) -> bool {
        match self {
            Handle::Pool(c, _) => c.support_returning(),
            Handle::Transaction(c) => c.support_returning(),
        }
    }
}

#[async_trait::async_trait]
impl TransactionTrait for Handle {
    type Transaction = DatabaseTransaction;

    async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        on_either!(self, c => c.begin().await)
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DatabaseTransaction, DbErr> {
        on_either!(self, c => c.begin_with_config(isolation_level, access_mode).await)
    }

    async fn begin_with_options(
        &self,
        options: TransactionOptions,
    ) -> Result<DatabaseTransaction, DbErr> {
        on_either!(self, c => c.begin_with_options(options).await)
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            ) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        match self {
            Handle::Pool(c, _) => c.transaction(callback).await,
            Handle::Transaction(c) => c.transaction(callback).await,
        }
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            ) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        match self {
            Handle::Pool(c, _) => {
                c.transaction_with_config(callback, isolation_level, access_mode)
                    .await
            }
            Handle::Transaction(c) => {
                c.transaction_with_config(callback, isolation_level, access_mode)
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};

    use super::Breaker;

    #[test]
    fn after_a_failure_statements_are_refused_and_one_a_second_tries_again() {
        let breaker = Breaker::default();
        assert!(breaker.check().is_ok(), "closed at first");
        breaker.learn::<()>(&Err(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)));
        assert!(
            breaker.check().is_ok(),
            "a busy pool is no unreachable database"
        );
        breaker.learn::<()>(&Err(DbErr::Conn(RuntimeErr::Internal(
            "refused".to_string(),
        ))));
        assert!(breaker.check().is_err(), "open after a failure to connect");
        // The second is over: one statement may try, the next is still refused.
        breaker
            .refuse_until
            .store(1, std::sync::atomic::Ordering::Relaxed);
        assert!(breaker.check().is_ok(), "the first after the second tries");
        assert!(breaker.check().is_err(), "the others wait for it");
        breaker.learn(&Ok(()));
        assert!(breaker.check().is_ok(), "a success closes it");
        breaker.learn::<()>(&Err(DbErr::Custom("a query error".to_string())));
        assert!(
            breaker.check().is_ok(),
            "an error of the query itself says nothing of reachability"
        );
    }
}
