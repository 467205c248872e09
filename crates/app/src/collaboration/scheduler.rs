//! Work that is due by the clock, in the company's province: the next batch of a question when too few
//! organisations are interested, reminders to organisations that have not answered, the outcome question after
//! a question's deadline, and the daily digests. Each run claims a key (job, period) in the transaction that
//! does its work, so two server processes, or a pass repeated after a crash, never do a run twice.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use doeners_domain::{AccountId, Sender, access::Role, exchange::Side, question::QuestionState};
use doeners_persistence::ExchangeRow;
use doeners_search::SearchIndex;
use serde_json::json;
use std::sync::Arc;

use super::{
    notify::tell_about_step, parties, questions::route_batch, steps::new_step, wire::Wire,
};
use crate::{AppError, Services, Tenant};

#[derive(Debug, Clone)]
pub struct Scheduler {
    tenants: Vec<Tenant>,
    index: Arc<SearchIndex>,
    services: Services,
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SchedulerPass {
    pub batches: usize,
    pub reminders: usize,
    pub outcome_questions: usize,
    pub digests: usize,
    /// E-mails about new offers for saved searches.
    pub alerts: usize,
}

impl Scheduler {
    pub fn new(tenants: Vec<Tenant>, index: Arc<SearchIndex>, services: Services) -> Self {
        Self {
            tenants,
            index,
            services,
        }
    }

    /// Does every run that is due at `now`, in every province that answers.
    pub async fn run_due(&self, now: DateTime<Utc>) -> SchedulerPass {
        let mut pass = SchedulerPass::default();
        for tenant in &self.tenants {
            if let Err(e) = self.run_tenant(tenant, now, &mut pass).await {
                tracing::warn!(province = %tenant.slug(), error = %e, "scheduled work not done; tried again later");
            }
            // Saved searches on their own: a question that cannot be batched does not hold up the alerts.
            match crate::saved::send_alerts(
                tenant,
                &self.index,
                &self.services,
                now,
                tenant.rules.digest_hour,
            )
            .await
            {
                Ok(sent) => pass.alerts += sent,
                Err(e) => {
                    tracing::warn!(province = %tenant.slug(), error = %e, "saved searches not checked; tried again later")
                }
            }
        }
        if pass != SchedulerPass::default() {
            self.services.relay.ring();
            self.services.mail.ring();
        }
        pass
    }

    async fn run_tenant(
        &self,
        tenant: &Tenant,
        now: DateTime<Utc>,
        pass: &mut SchedulerPass,
    ) -> Result<(), AppError> {
        let open = tenant
            .db
            .exchanges_in("question", &[QuestionState::Open.slug()])
            .await?;
        for question in open.iter().filter(|q| q.company_province == tenant.slug()) {
            self.next_batch(tenant, question, now, pass).await?;
            self.remind(tenant, question, now, pass).await?;
            self.ask_outcome(tenant, question, now, pass).await?;
        }
        let unanswered = tenant
            .db
            .exchanges_in("contact_request", &["sent", "read"])
            .await?;
        for request in unanswered
            .iter()
            .filter(|r| r.company_province == tenant.slug())
            .filter(|r| now - r.created_at >= tenant.rules.reminder_after)
        {
            let key = request.id.to_string();
            if self
                .platform_step(
                    tenant,
                    request,
                    "request.reminder",
                    &key,
                    "reminded",
                    request.organisation_id,
                    json!({}),
                )
                .await?
            {
                pass.reminders += 1;
            }
        }
        self.digests(tenant, now, pass).await
    }

    async fn next_batch(
        &self,
        tenant: &Tenant,
        question: &ExchangeRow,
        now: DateTime<Utc>,
        pass: &mut SchedulerPass,
    ) -> Result<(), AppError> {
        let routes = tenant.db.routes_of(question.id).await?;
        let Some(last) = routes.iter().map(|r| r.batch).max() else {
            return Ok(());
        };
        let last_sent = routes
            .iter()
            .filter(|r| r.batch == last)
            .map(|r| r.routed_at)
            .max()
            .unwrap_or(now);
        let steps = tenant.db.steps_of(question.id).await?;
        let interested = steps
            .iter()
            .filter(|s| s.kind == "answered" && s.data.get("interested") == Some(&json!(true)))
            .count();
        let rules = &tenant.rules;
        if now - last_sent < rules.batch_wait
            || interested >= rules.enough_interested
            || routes.len() >= rules.max_routed
        {
            return Ok(());
        }
        let tx = tenant.db.begin().await?;
        if !tx
            .claim_run("question.batch", &format!("{}:{}", question.id, last + 1))
            .await?
        {
            return Ok(());
        }
        let sent = route_batch(
            &tx,
            tenant,
            &self.tenants,
            &self.index,
            &self.services,
            question,
            last + 1,
        )
        .await?;
        tx.commit().await?;
        pass.batches += usize::from(sent > 0);
        Ok(())
    }

    async fn remind(
        &self,
        tenant: &Tenant,
        question: &ExchangeRow,
        now: DateTime<Utc>,
        pass: &mut SchedulerPass,
    ) -> Result<(), AppError> {
        let routes = tenant.db.routes_of(question.id).await?;
        let steps = tenant.db.steps_of(question.id).await?;
        for route in routes
            .iter()
            .filter(|r| now - r.routed_at >= tenant.rules.reminder_after)
        {
            let answered = steps
                .iter()
                .any(|s| s.kind == "answered" && s.organisation_id == Some(route.organisation_id));
            if answered {
                continue;
            }
            let key = format!("{}:{}", question.id, route.organisation_id);
            if self
                .platform_step(
                    tenant,
                    question,
                    "question.reminder",
                    &key,
                    "reminded",
                    Some(route.organisation_id),
                    json!({}),
                )
                .await?
            {
                pass.reminders += 1;
            }
        }
        Ok(())
    }

    async fn ask_outcome(
        &self,
        tenant: &Tenant,
        question: &ExchangeRow,
        now: DateTime<Utc>,
        pass: &mut SchedulerPass,
    ) -> Result<(), AppError> {
        let Some(deadline) = question
            .deadline
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            return Ok(());
        };
        let due = deadline
            .and_hms_opt(23, 59, 59)
            .map(|d| d.and_utc() + tenant.rules.outcome_after);
        if due.is_none_or(|due| now < due) {
            return Ok(());
        }
        let tx = tenant.db.begin().await?;
        if !tx
            .claim_run("question.outcome", &question.id.to_string())
            .await?
        {
            return Ok(());
        }
        tx.set_exchange_state(question.id, QuestionState::Closed.slug())
            .await?;
        let steps = tx.steps_of(question.id).await?;
        let interested: Vec<_> = steps
            .iter()
            .filter(|s| s.kind == "answered" && s.data.get("interested") == Some(&json!(true)))
            .filter_map(|s| s.organisation_id)
            .collect();
        let closed = ExchangeRow {
            state: QuestionState::Closed.slug().to_string(),
            ..question.clone()
        };
        let routes = tx.routes_of(question.id).await?;
        for about in std::iter::once(None).chain(interested.into_iter().map(Some)) {
            let step = new_step(
                question.id,
                about,
                "outcome.asked",
                Side::Platform,
                tenant.slug(),
                None,
                None,
                json!({}),
            );
            tx.add_step(&step).await?;
            tell_about_step(&tx, tenant, &self.services, &closed, &step).await?;
            if let Some(sender) = platform_sender(tenant, question) {
                for destination in parties::destinations(tenant.slug(), question, &routes, about) {
                    let wire = Wire::Step { step: step.clone() };
                    parties::tell(&tx, &destination, question.id, &sender, &wire).await?;
                }
            }
        }
        tx.commit().await?;
        pass.outcome_questions += 1;
        Ok(())
    }

    /// One step of the platform about `question` (or a contact request), once per `(job, key)`; whether it was
    /// taken now.
    #[allow(clippy::too_many_arguments)]
    async fn platform_step(
        &self,
        tenant: &Tenant,
        question: &ExchangeRow,
        job: &str,
        key: &str,
        kind: &str,
        about: Option<uuid::Uuid>,
        data: serde_json::Value,
    ) -> Result<bool, AppError> {
        let tx = tenant.db.begin().await?;
        if !tx.claim_run(job, key).await? {
            return Ok(false);
        }
        tx.set_exchange_state(question.id, &question.state).await?;
        let step = new_step(
            question.id,
            about,
            kind,
            Side::Platform,
            tenant.slug(),
            None,
            None,
            data,
        );
        tx.add_step(&step).await?;
        tell_about_step(&tx, tenant, &self.services, question, &step).await?;
        let routes = tx.routes_of(question.id).await?;
        if let Some(sender) = platform_sender(tenant, question) {
            for destination in parties::destinations(tenant.slug(), question, &routes, about) {
                let wire = Wire::Step { step: step.clone() };
                parties::tell(&tx, &destination, question.id, &sender, &wire).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// At the digest hour (Brussels), once a day per province: one message per account with what waited.
    async fn digests(
        &self,
        tenant: &Tenant,
        now: DateTime<Utc>,
        pass: &mut SchedulerPass,
    ) -> Result<(), AppError> {
        let local = now.with_timezone(&chrono_tz::Europe::Brussels);
        if local.hour() < tenant.rules.digest_hour {
            return Ok(());
        }
        let day = local.format("%Y-%m-%d").to_string();
        let tx = tenant.db.begin().await?;
        if !tx.claim_run("notifications.digest", &day).await? {
            return Ok(());
        }
        let pending = tx.notifications_for_digest().await?;
        let mut by_account: std::collections::BTreeMap<AccountId, Vec<_>> = Default::default();
        for n in pending {
            by_account.entry(n.account).or_default().push(n);
        }
        for (account, notes) in by_account {
            let ids = notes.iter().map(|n| n.id).collect();
            if let Some(record) = tx.account(account).await? {
                let preference = tx.notification_preference(account).await?;
                let unsubscribe = super::notify::unsubscribe_url(
                    &self.services,
                    tenant,
                    &preference.unsubscribe_token,
                );
                let mut body = format!(
                    "Dit gebeurde op doeners sinds uw vorige overzicht ({} meldingen):\n",
                    notes.len()
                );
                for n in &notes {
                    body.push_str(&format!("\n* {}\n{}\n", n.subject, n.body));
                }
                body.push_str(&format!(
                    "\n--\nMeldingen aanpassen: {}/account/meldingen\nMeteen uitschrijven: {unsubscribe}\n",
                    self.services.links.portal(tenant.slug())
                ));
                if preference.frequency == "daily" {
                    tx.queue_notification_mail(
                        &record.email,
                        "Uw dagelijks overzicht van doeners",
                        &body,
                        Some(&unsubscribe),
                    )
                    .await?;
                    pass.digests += 1;
                }
            }
            tx.mark_digested(ids).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Runs every `interval` until `shutdown` resolves.
    pub async fn run(self, interval: Duration, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            self.run_due(Utc::now()).await;
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(interval) => {}
            }
        }
    }
}

/// The platform speaks for the company's province, carrying the company's account for the receiver to check.
fn platform_sender(tenant: &Tenant, question: &ExchangeRow) -> Option<Sender> {
    Some(Sender {
        province: tenant.profile.slug.clone(),
        account: AccountId::from_uuid(question.company_account?),
        role: Role::Company,
    })
}
