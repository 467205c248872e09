//! The gauges an operator watches per province, measured every few seconds by the server: whether its database
//! answers (`doeners_tenant_up`) and how its connection pool is used (`doeners_db_pool_connections` by state,
//! `doeners_db_pool_max`). The projector reports the index's lag, the relay and the mail worker their queues.

use std::time::Duration;

use doeners_http::Tenant;
use doeners_persistence::Database;

const EVERY: Duration = Duration::from_secs(5);
const PING_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn measure(
    tenants: Vec<Tenant>,
    federation: Database,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    let mut ticker = tokio::time::interval(EVERY);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let databases: Vec<(String, Database)> = tenants
        .iter()
        .map(|t| (t.slug().to_string(), (**t.database()).clone()))
        .chain(std::iter::once(("federation".to_string(), federation)))
        .collect();
    loop {
        tokio::select! {
            () = &mut stop => return,
            _ = ticker.tick() => {}
        }
        let pings = databases.iter().map(|(name, db)| async move {
            let up = matches!(
                tokio::time::timeout(PING_TIMEOUT, db.ping()).await,
                Ok(Ok(()))
            );
            (name, db, up)
        });
        for (name, db, up) in futures::future::join_all(pings).await {
            metrics::gauge!("doeners_tenant_up", "province" => name.clone()).set(if up {
                1.0
            } else {
                0.0
            });
            if let Some((open, idle, max)) = db.pool_use() {
                let in_use = open.saturating_sub(idle);
                metrics::gauge!("doeners_db_pool_connections", "province" => name.clone(), "state" => "in_use")
                    .set(f64::from(in_use));
                metrics::gauge!("doeners_db_pool_connections", "province" => name.clone(), "state" => "idle")
                    .set(f64::from(idle));
                metrics::gauge!("doeners_db_pool_max", "province" => name.clone())
                    .set(f64::from(max));
            }
        }
    }
}
