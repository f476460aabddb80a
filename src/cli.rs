//! The command line: global options, subcommands, and the edges where
//! typed errors become messages and exit codes.

mod check;
mod export;

pub use export::applications_file;
pub use import::{DeskImport, import_for_desk};
mod export_records;
mod import;
mod notice;
mod records;
mod search;
mod serve;
mod user;
mod written;

pub use records::written as backup_written;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::domain::User;
use crate::domain::application::Field;
use crate::lang::Lang;
use crate::service::{Opened, Service, SystemClock};
use crate::store::OpenOptions;

#[derive(Debug, Parser)]
#[command(
    name = "docket",
    version,
    about = "The review desk for certifying youth science and technology counselors (科技辅导员专业水平认证)",
    after_help = after_help()
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options that may stand before or after the subcommand.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// The store folder (default: in the user's data directory).
    #[arg(long, global = true, value_name = "PATH", env = "DOCKET_DB")]
    pub db: Option<PathBuf>,
    /// Act as this user (default: the single secretariat user).
    #[arg(long = "as", global = true, value_name = "USER")]
    pub user: Option<String>,
    /// Interface language.
    #[arg(long, global = true, value_name = "zh|en", default_value = "zh")]
    pub lang: String,
    /// Colour theme: default, light, high-contrast, mono, or a TOML file.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Plain ASCII instead of box drawing and ambiguous-width symbols.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Fewest bytes per keypress: an arrow cursor and no following detail pane.
    #[arg(long, global = true)]
    pub lean: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a scratch store with the demo applications (or N generated ones) in the TUI.
    Demo {
        /// Generate this many applications instead of loading the demo fixtures.
        #[arg(long, value_name = "N")]
        size: Option<usize>,
        /// Seed for the generated applications.
        #[arg(long, default_value_t = 2024)]
        seed: u64,
    },
    /// Import applications from a JSON array, JSON Lines or an XLSX workbook; all or nothing.
    Import {
        file: PathBuf,
        /// Check everything and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check the eligibility of each application in a file; JSON Lines out, no store.
    Check {
        file: PathBuf,
        /// A cycle configuration (TOML) instead of the built-in 2024 defaults.
        #[arg(long, value_name = "FILE")]
        cycle: Option<PathBuf>,
    },
    /// The store's cycle configuration: the figures the rules use.
    Cycle {
        #[command(subcommand)]
        command: CycleCommand,
    },
    /// Manage users: add, list, remove, and their SSH keys.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Export results, applications, the notice list, the certificates or the audit log
    /// (JSON, CSV or XLSX; the notice also as text), or the workbook template.
    Export {
        #[arg(value_enum)]
        kind: export::ExportKind,
        #[arg(long, value_enum, default_value = "json")]
        format: export::Format,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only the applications this search keeps, in its order (the
        /// language of `/` in the desk): applications, scores, ranking.
        /// `@NAME` is a search the acting user saved in the desk.
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
    },
    /// Saved searches (the desk's `:save`): list, save, forget, for the
    /// user named with `--as`.
    Search {
        #[command(subcommand)]
        command: search::SearchCommand,
    },
    /// Written exam scores: import a CSV file of id,score lines, or set one.
    Written {
        #[command(subcommand)]
        command: written::WrittenCommand,
    },
    /// Serve the review desk over SSH to every registered user, from this process.
    Serve(serve::ServeArgs),
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The working-day calendar of the public notice.
    Calendar {
        #[command(subcommand)]
        command: notice::CalendarCommand,
    },
    /// The public notice (公示): open, show, complaints, conclude.
    Notice {
        #[command(subcommand)]
        command: notice::NoticeCommand,
    },
    /// Certificates: revoke one.
    Certificate {
        #[command(subcommand)]
        command: notice::CertificateCommand,
    },
    /// Write a checked, compressed backup of the whole store to FILE.
    Backup { file: PathBuf },
    /// Restore a backup into a new store folder (--db PATH, missing or empty).
    Restore { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum CycleCommand {
    /// Print the store's cycle configuration as TOML.
    Show,
    /// Replace the store's cycle configuration (every verdict is re-evaluated).
    Set { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain and name the first entry that does not match.
    Verify,
}

fn after_help() -> String {
    format!(
        "Store: {}\nLog:   {} (level from DOCKET_LOG, e.g. DOCKET_LOG=debug)",
        default_store_path().display(),
        log_dir().join("docket.log").display()
    )
}

/// Parses the arguments, runs the command, and turns errors into a message and status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let _log = init_logging();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("docket: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let global = cli.global;
    match cli.command {
        None => {
            let (service, user) = open_as(&global, "docket (terminal)")?;
            crate::term::run(Arc::new(service), user, &global)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Demo { size, seed }) => demo(&global, size, seed),
        Some(Command::Import { file, dry_run }) => import::run(&global, &file, dry_run),
        Some(Command::Check { file, cycle }) => check::run(&file, cycle.as_deref(), lang(&global)?),
        Some(Command::User { command }) => user::run(&global, command),
        Some(Command::Cycle { command }) => cycle(&global, &command),
        Some(Command::Export {
            kind,
            format,
            output,
            query,
        }) => export::run(&global, kind, format, output.as_deref(), query.as_deref()),
        Some(Command::Written { command }) => written::run(&global, command),
        Some(Command::Search { command }) => search::run(&global, command),
        Some(Command::Serve(args)) => serve::run(&global, &args),
        Some(Command::Audit {
            command: AuditCommand::Verify,
        }) => audit_verify(&global),
        Some(Command::Calendar { command }) => notice::calendar(&global, &command),
        Some(Command::Notice { command }) => notice::notice(&global, command),
        Some(Command::Certificate { command }) => notice::certificate(&global, command),
        Some(Command::Backup { file }) => records::backup(&global, &file),
        Some(Command::Restore { file }) => records::restore(&global, &file),
    }
}

/// The language named by `--lang`.
pub fn lang(global: &Global) -> Result<Lang> {
    Lang::from_code(&global.lang)
        .with_context(|| format!("unknown language '{}': use zh or en", global.lang))
}

/// Opens the store and says so when a new one got its first user.
pub fn open_service(path: &Path, global: &Global, role: &str) -> Result<Opened> {
    let options = OpenOptions {
        role: describe_role(role, global),
        ..OpenOptions::default()
    };
    let opened = Service::open(path, &options, Arc::new(SystemClock))?;
    if let Some(user) = &opened.created_user {
        eprintln!(
            "docket: new store at {}; created the secretariat user '{user}'",
            path.display()
        );
    }
    Ok(opened)
}

fn describe_role(role: &str, global: &Global) -> String {
    match &global.user {
        Some(user) => format!("{role}, as {user}"),
        None => role.to_owned(),
    }
}

/// Opens the store `--db` names (else the default one) for `role`, and
/// the user to act as (`--as`, else the only secretariat user).
pub fn open_as(global: &Global, role: &str) -> Result<(Service, User)> {
    let path = global.db.clone().unwrap_or_else(default_store_path);
    let service = open_service(&path, global, role)?.service;
    let user = acting_user(&service, global.user.as_deref())?;
    Ok((service, user))
}

pub fn acting_user(service: &Service, name: Option<&str>) -> Result<User> {
    Ok(match name {
        Some(name) => service.user(name)?,
        None => service.default_user()?,
    })
}

fn demo(global: &Global, size: Option<usize>, seed: u64) -> Result<ExitCode> {
    let scratch = ScratchDir::new()?;
    let opened = open_service(scratch.path(), global, "docket demo")?;
    let service = opened.service;
    let admin = service.default_user()?;
    let applications = match size {
        Some(count) => {
            let bar = import::progress_bar(count as u64, "generating");
            let generated = crate::demo::generate(count, seed);
            bar.finish_and_clear();
            generated
        }
        None => crate::demo::demo_fixture().context("the built-in demo fixture is damaged")?,
    };
    if size.is_none() {
        let cycle =
            crate::demo::demo_cycle().map_err(|e| anyhow::anyhow!("the demo cycle: {e}"))?;
        service.set_cycle(&admin, cycle, "fixtures/cycle-demo.toml")?;
    }
    let bar = import::progress_bar(applications.len() as u64, "loading");
    service.import(&admin, &applications, "demo", &mut |n| {
        bar.set_position(n as u64);
    })?;
    bar.finish_and_clear();
    drop(applications);
    if size.is_none() {
        demo_experts(&service, &admin)?;
    }
    let user = acting_user(&service, global.user.as_deref())?;
    crate::term::run(Arc::new(service), user, global)?;
    Ok(ExitCode::SUCCESS)
}

/// The demo's two experts (from outside the applicants' provinces and
/// organizations), each assigned applications of the achievement review,
/// so that `docket demo --as li.wei` opens an expert's queue.
pub fn demo_experts(service: &Service, admin: &User) -> Result<()> {
    let experts = [
        (
            "li.wei",
            "李伟",
            "陕西",
            "西安市青少年科技教育研究所",
            [
                "2024-ZJ-J-0001",
                "2024-JS-S-0001",
                "2024-GD-J-0001",
                "2024-BJ-S-0003",
            ],
            (
                crate::domain::TitleRank::Senior,
                &[Field::Education, Field::Engineering][..],
            ),
        ),
        (
            "chen.jing",
            "陈静",
            "甘肃",
            "兰州市科学技术协会",
            [
                "2024-ZJ-J-0005",
                "2024-SC-I-0003",
                "2024-HB-I-0002",
                "2024-SH-J-0001",
            ],
            (
                crate::domain::TitleRank::AssociateSenior,
                &[Field::Life, Field::EarthEnvironment][..],
            ),
        ),
    ];
    for (name, display, province, organization, assigned, (title, fields)) in experts {
        let mut user = User::new(name, crate::domain::UserRole::Expert);
        user.display = Some(display.to_owned());
        user.province = Some(province.to_owned());
        user.organization = Some(organization.to_owned());
        user.title_rank = Some(title);
        user.fields = fields.to_vec();
        service.add_user(admin, &user)?;
        for id in assigned {
            service.assign(admin, id, name)?;
        }
    }
    crate::demo::committee::populate(service, admin)?;
    crate::demo::notice::populate(service, admin)?;
    Ok(())
}

fn cycle(global: &Global, command: &CycleCommand) -> Result<ExitCode> {
    let (service, user) = open_as(global, "docket cycle")?;
    match command {
        CycleCommand::Show => print!("{}", service.cycle().to_toml()?),
        CycleCommand::Set { file } => {
            let cycle = check::load_cycle(file)?;
            let year = cycle.year;
            service.set_cycle(&user, cycle, &file.display().to_string())?;
            println!(
                "the store now uses the {year} cycle from {}",
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn audit_verify(global: &Global) -> Result<ExitCode> {
    let (service, user) = open_as(global, "docket audit verify")?;
    let verification = service.verify_audit(&user)?;
    match verification.first_bad {
        None => {
            println!(
                "audit log intact: {} entries verified",
                verification.verified
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(bad) => {
            println!(
                "audit log broken at entry {}: {} ({} entries before it verified)",
                bad.seq, bad.reason, verification.verified
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// A store folder that is removed when the demo ends.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> Result<ScratchDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!("docket-demo-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(ScratchDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "docket")
}

pub fn default_store_path() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from("docket-store"),
        |d| d.data_dir().join("store"),
    )
}

pub fn log_dir() -> PathBuf {
    project_dirs().map_or_else(std::env::temp_dir, |d| {
        d.state_dir()
            .map_or_else(|| d.data_local_dir().join("log"), Path::to_path_buf)
    })
}

/// Logs go to a file, never to the terminal the TUI draws on.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::EnvFilter;
    let dir = log_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "docket.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("DOCKET_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
    Some(guard)
}
