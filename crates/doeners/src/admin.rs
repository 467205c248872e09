//! `doeners admin create`: the first administrators come from the command line. A Flanders administrator lives
//! in the federation database; with `--province`, a province administrator is made in that province's own.
//!
//! The password is read from `DOENERS_ADMIN_PASSWORD`, else from the first line of standard input, so that it
//! never shows in the process list or the shell history.

use std::io::BufRead;

use anyhow::{Context, Result, anyhow, bail};
use doeners_domain::{Email, Password, access::Role};
use doeners_persistence::{Database, NewAccount};

use crate::{settings::Settings, tenants};

pub async fn create(settings: &Settings, email: &str, province: Option<&str>) -> Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow!("--email: {e}"))?;
    let password = match std::env::var("DOENERS_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Wachtwoord (minstens 12 tekens), gevolgd door Enter:");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("het wachtwoord kan niet gelezen worden")?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let password = Password::new(&password).map_err(|e| anyhow!("wachtwoord: {e}"))?;
    let password_hash = doeners_app::passwords::hash(password)
        .await
        .map_err(|e| anyhow!("wachtwoord kan niet versleuteld worden: {e}"))?;
    let (role, where_) = match province {
        Some(_) => (Role::ProvinceAdmin, "provinciebeheerder"),
        None => (Role::FlandersAdmin, "Vlaams beheerder"),
    };
    let new = NewAccount {
        email,
        password_hash,
        role,
        company: None,
    };
    match province {
        Some(slug) => {
            let all = tenants::open(settings).await?;
            let db = &tenants::find(&all, slug)?.database();
            db.migrate().await?;
            store(db, &new).await?;
        }
        None => {
            let federation = tenants::open_federation(settings).await?;
            federation.migrate().await?;
            store(&federation, &new).await?;
        }
    }
    println!("{where_} {} aangemaakt", new.email);
    Ok(())
}

async fn store(db: &Database, new: &NewAccount) -> Result<()> {
    let email = &new.email;
    let Some(id) = db.create_account(new).await? else {
        bail!("{email} heeft al een account");
    };
    db.mark_verified(id).await?;
    db.audit(
        None,
        "admin.created",
        &format!("account:{id}"),
        serde_json::json!({ "via": "cli" }),
    )
    .await?;
    Ok(())
}
