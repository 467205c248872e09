//! The doeners executable: `serve` (the default), `migrate`, `seed --demo`, `import`, `reindex`, `backup`,
//! `restore` and `admin create`.

/// Search builds many small strings per request (hits, explanations); mimalloc keeps that cheap where the
/// system allocator spends a quarter of a query's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod admin;
mod backup;
mod gauges;
mod import;
mod logging;
mod search;
mod serve;
mod settings;
mod tenants;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "doeners",
    version,
    about = "Platform tussen de reguliere en de sociale economie in Vlaanderen"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portals and the API (migrates and, on empty databases, seeds demo data first).
    Serve {
        /// Do not apply database migrations at start.
        #[arg(long)]
        no_migrate: bool,
        /// Do not seed demo data into empty databases.
        #[arg(long)]
        no_seed: bool,
    },
    /// Apply database migrations to every tenant.
    Migrate,
    /// Fill every tenant with demo data (idempotent).
    Seed {
        /// The fictional demo organisations and offers.
        #[arg(long, required_unless_present = "activity")]
        demo: bool,
        /// A year of demo activity up to today in every province (companies, searches, requests, questions).
        #[arg(long)]
        activity: bool,
        /// With --activity: times the realistic volume (10 for the benchmark).
        #[arg(long, default_value_t = 1)]
        scale: u32,
        /// Only this tenant.
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Rebuild the search index from the databases alone.
    Reindex,
    /// The evaluation rollups.
    Rollup {
        /// Count every rollup again from the raw rows.
        #[arg(long, required = true)]
        rebuild: bool,
    },
    /// Import organisations (and their offers) from CSV files into one tenant.
    Import {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        organisations: std::path::PathBuf,
        #[arg(long)]
        offers: Option<std::path::PathBuf>,
    },
    /// Copy databases into a directory: every province's and the federation's, or only the named provinces'.
    /// SQLite is copied online; PostgreSQL with pg_dump.
    Backup {
        /// Only this province (repeatable).
        #[arg(long)]
        tenant: Vec<String>,
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Replace databases with their copies in a backup directory (stop the servers first).
    Restore {
        /// Only this province (repeatable).
        #[arg(long)]
        tenant: Vec<String>,
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create a Flanders administrator (or, with --province, a province administrator). The password comes
    /// from DOENERS_ADMIN_PASSWORD or the first line of standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        province: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match settings::Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fout: {e:#}");
            return ExitCode::from(2);
        }
    };
    logging::init(&settings.log);
    let result = match cli.command.unwrap_or(Command::Serve {
        no_migrate: false,
        no_seed: false,
    }) {
        Command::Serve {
            no_migrate,
            no_seed,
        } => serve::run(settings, !no_migrate, !no_seed).await,
        Command::Migrate => serve::migrate_all(&settings).await,
        Command::Reindex => search::reindex(&settings).await,
        Command::Seed {
            demo,
            activity,
            scale,
            tenant,
        } => {
            let mut done = Ok(());
            if demo {
                done = serve::seed_all(&settings, tenant.as_deref()).await;
            }
            if done.is_ok() && activity {
                done = serve::seed_activity(&settings, scale).await;
            }
            done
        }
        Command::Rollup { rebuild: _ } => serve::rebuild_rollups(&settings).await,
        Command::Import {
            tenant,
            organisations,
            offers,
        } => import::run(&settings, &tenant, &organisations, offers.as_deref()).await,
        Command::Backup { tenant, to } => backup::backup(&settings, &tenant, &to).await,
        Command::Restore { tenant, from } => backup::restore(&settings, &tenant, &from).await,
        Command::Admin {
            command: AdminCommand::Create { email, province },
        } => admin::create(&settings, &email, province.as_deref()).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fout: {e:#}");
            ExitCode::FAILURE
        }
    }
}
