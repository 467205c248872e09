//! What a repository's statements run on: the province's pool (each statement committed on its own) or one
//! open transaction of a use case (`TenantTx`). Every repository method reaches the database through a
//! `Handle`, so the same method takes part in whatever transaction its caller opened; a method that opens its
//! own transaction inside one becomes a savepoint of it.

use std::{future::Future, pin::Pin, sync::Arc};

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, IsolationLevel, QueryResult, Statement, TransactionError, TransactionOptions,
    TransactionTrait, prelude::async_trait,
};

#[derive(Debug, Clone)]
pub enum Handle {
    Pool(DatabaseConnection),
    /// Shared only between a `TenantTx` and the repository calls it lends itself to; committing takes it back.
    Transaction(Arc<DatabaseTransaction>),
}

macro_rules! on_either {
    ($self:ident, $c:ident => $body:expr) => {
        match $self {
            Handle::Pool($c) => $body,
            Handle::Transaction($c) => $body,
        }
    };
}

#[async_trait::async_trait]
impl ConnectionTrait for Handle {
    fn get_database_backend(&self) -> DbBackend {
        on_either!(self, c => c.get_database_backend())
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
        on_either!(self, c => c.support_returning())
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
        on_either!(self, c => c.transaction(callback).await)
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
        on_either!(self, c => c.transaction_with_config(callback, isolation_level, access_mode).await)
    }
}
