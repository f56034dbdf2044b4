//! `jalon`: the command line and the server.
//!
//! Every command is a thin adapter over a use case of `jalon-app`; the command line acts
//! with an administrator's rights on the database it is pointed at.

/// Prints a line on standard output. When the reader has gone (`jalon … | head`), the
/// program stops quietly instead of panicking on the closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::output_failed(e);
        }
    }};
}

mod campaigns;
mod carbon;
mod mail;
mod report;
mod sdg;
mod settings;
mod versions;
mod words;

use crate::words::w;

use std::io::{IsTerminal, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use jalon_app::auth::NewUserInput;
use jalon_app::{App, AppError};
use jalon_core::Lang;
use jalon_core::access::Role;
use jalon_core::check::Severity;
use jalon_io::Format;
use jalon_store::Store;

use crate::settings::{Settings, sqlite_url};

/// Steer a university's sustainability and social-responsibility strategy.
#[derive(Debug, Parser)]
#[command(name = "jalon", version, about, long_about = None)]
struct Cli {
    /// Database: `sqlite://PATH` or `postgres://…` (default: a SQLite file in the data directory).
    #[arg(long, global = true, env = "JALON_DATABASE_URL")]
    database_url: Option<String>,
    /// Configuration file (TOML); default `~/.config/jalon/jalon.toml` when it exists.
    #[arg(long, global = true, env = "JALON_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a fresh SQLite database with the demo institution and serve it.
    Demo {
        /// Directory of the demo database (default: a new temporary directory).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Load the demo and exit without serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Serve the web UI and the API.
    Serve {
        /// Address to listen on (default from the configuration, 127.0.0.1:8080).
        #[arg(long, env = "JALON_BIND")]
        bind: Option<SocketAddr>,
        /// Do not apply pending migrations at start (fail instead).
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply the database migrations.
    Migrate,
    /// Write a consistent backup of the whole database to a file (the server may run).
    Backup {
        /// The archive to write (a zip file; replaced if it exists).
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty database (SQLite or PostgreSQL, whatever the
    /// backup's), then apply the migrations it predates.
    Restore {
        /// The archive written by `jalon backup`.
        file: PathBuf,
    },
    /// Import data.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export data.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Check the stored plan and list what a careful reviewer would flag.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// Exit with status 1 when a finding of this severity or worse exists.
        #[arg(long, value_enum)]
        fail_on: Option<SeverityArg>,
    },
    /// The adopted versions of the plan: list, record, compare.
    Plan {
        #[command(subcommand)]
        command: versions::PlanCommand,
    },
    /// The yearly data-collection campaign: open, follow, close, reopen.
    Campaign {
        #[command(subcommand)]
        command: campaigns::CampaignCommand,
    },
    /// The journal of changes: who changed what and when, newest first.
    Journal {
        /// Only this kind of element (action, indicator, inventory, evidence…).
        #[arg(long)]
        kind: Option<String>,
        /// Only the changes of this element (with --kind).
        #[arg(long)]
        id: Option<i64>,
        /// Only the changes made by this account.
        #[arg(long)]
        user: Option<String>,
        /// Only the changes made on or after this day (YYYY-MM-DD, UTC).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Only the changes made on or before this day (YYYY-MM-DD, UTC).
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// At most this many entries (at most 500).
        #[arg(long, default_value_t = 50)]
        limit: u64,
        /// Language of the messages (default: the command line's, from `JALON_LANG` or the
        /// locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Output format: one line an entry, JSON, or CSV (every entry selected, `--limit`
        /// aside, with the fields each edit changed).
        #[arg(long, value_enum, default_value_t = JournalFormat::Text)]
        format: JournalFormat,
    },
    /// SDGs: classify texts, evaluate the classifier, import the research and teaching
    /// inventories, suggest SDGs for the plan.
    Sdg {
        #[command(subcommand)]
        command: sdg::SdgCommand,
    },
    /// Carbon: compute mission files, import factors, activity data and missions, print a
    /// year's footprint.
    Carbon {
        #[command(subcommand)]
        command: carbon::CarbonCommand,
    },
    /// Reports (SDG, steering, carbon) as a static site, a page, a PDF or a workbook; the THE
    /// submission pack and the DD&RS self-assessment as XLSX or CSV.
    Report {
        #[command(subcommand)]
        command: report::ReportCommand,
    },
    /// Notifications by mail: run a round now, list the queue, send a test mail.
    Mail {
        #[command(subcommand)]
        command: mail::MailCommand,
    },
    /// Manage local accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Debug, Subcommand)]
enum ImportWhat {
    /// Write a plan file (XLSX, CSV, YAML or JSON) over the plan, all or nothing: elements are
    /// matched by code and keep their ids, values, comments, evidence and SDG decisions.
    Plan {
        /// The plan file.
        file: PathBuf,
        /// Format (default: from the file name or content).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// Only say what the file would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    /// Write the whole plan.
    Plan {
        /// Output format.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Create an account; the password is asked for, or read from standard input.
    Add {
        username: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
        /// Person of the plan the account stands for (pilot, indicator owner).
        #[arg(long)]
        person: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts.
    List {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Set an account's password (ends its sessions).
    Passwd {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change an account's role.
    Role {
        username: String,
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Make an account the référent of a workstream (its code, e.g. C2): it may update the
    /// actions and enter the values of that workstream's indicators; without a code, of none.
    Domain {
        username: String,
        axis: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum JournalFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Fr,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Xlsx,
    Csv,
    Yaml,
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Csv => Format::Csv,
            FormatArg::Yaml => Format::Yaml,
            FormatArg::Json => Format::Json,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    Editor,
    Contributor,
    Viewer,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Editor => Role::Editor,
            RoleArg::Contributor => Role::Contributor,
            RoleArg::Viewer => Role::Viewer,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_logging(filter: &str, format: settings::LogFormat) {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| filter.to_string());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr);
    let _ = match format {
        settings::LogFormat::Text => logs.try_init(),
        settings::LogFormat::Json => logs.json().flatten_event(true).try_init(),
    };
}

/// Explains a use-case error for the terminal.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::ImportRefused(problems) => {
            let mut msg = w!("cli-refused", count = problems.len());
            for p in &problems {
                msg.push_str(&format!("\n  - {p}"));
            }
            anyhow!(msg)
        }
        AppError::NoPlan => anyhow!(w!("cli-no-plan")),
        // What went wrong inside is said as it is, for the administrator.
        e @ (AppError::Internal(_) | AppError::Store(_)) => anyhow!(e),
        // The message of the code in the reader's language, and the code for scripts.
        e => anyhow!("{} [{}]", e.message_in(words::tr()), e.code().as_str()),
    }
}

async fn open(settings: &Settings, migrate: bool) -> Result<App> {
    let url = settings.database_url()?;
    let store = Store::connect(&url)
        .await
        .with_context(|| w!("cli-connecting", database = jalon_store::redact_url(&url)))?;
    if migrate {
        let applied = store.migrate().await.with_context(|| w!("cli-migrating"))?;
        if applied > 0 {
            tracing::info!(applied, "database migrated");
        }
    } else {
        store.ensure_migrated().await?;
    }
    Ok(App::new(store, settings.app_config()))
}

/// `jalon migrate`.
/// `jalon import plan`: writes a plan file over the plan (or, with `dry_run`, only says what
/// it would change) and lists the changes.
async fn import_plan(
    settings: &Settings,
    file: &Path,
    format: Option<FormatArg>,
    lang: LangArg,
    dry_run: bool,
) -> Result<()> {
    let app = open(settings, true).await?;
    let bytes = std::fs::read(file).with_context(|| w!("cli-reading", path = file.display()))?;
    let name = file
        .file_name()
        .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned());
    let report = app
        .import_plan_cli(
            &bytes,
            &name,
            format.map(Format::from),
            lang.into(),
            dry_run,
        )
        .await
        .map_err(explain)?;
    let c = report.counts;
    out!(
        "{}",
        w!(
            "cli-plan-imported",
            file = name,
            axes = c.axes,
            objectives = c.objectives,
            targets = c.targets,
            indicators = c.indicators,
            actions = c.actions,
            values = c.measurements
        )
    );
    if !report.findings.is_empty() {
        out!("{}", w!("cli-plan-findings", count = report.findings.len()));
    }
    out!(
        "{}",
        jalon_app::plan::change_summary(words::tr(), &report.changes)
    );
    for line in jalon_app::plan::change_lines(words::tr(), &report.changes) {
        out!("  {line}");
    }
    if dry_run {
        out!("{}", w!("plan-dry-run"));
    } else if !report.written {
        out!("{}", w!("plan-no-change"));
    }
    Ok(())
}

async fn migrate(settings: &Settings) -> Result<()> {
    let url = settings.database_url()?;
    let store = Store::connect(&url).await?;
    let applied = store.migrate().await?;
    out!(
        "{}",
        w!(
            "cli-migrated",
            count = applied,
            database = jalon_store::redact_url(&url)
        )
    );
    Ok(())
}

/// `jalon backup --out FILE`: the whole database, consistent while the server runs.
async fn backup(settings: &Settings, out: &Path) -> Result<()> {
    let url = settings.database_url()?;
    let store = Store::connect(&url).await?;
    store.ensure_migrated().await?;
    // The archive is written through a buffer beside `out`, moved there once finished: a
    // failed backup leaves no file behind.
    let (manifest, writer) = jalon_store::backup::backup(&store, buffered_beside(out)?).await?;
    persist_buffered(writer, out)?;
    out!(
        "{}",
        w!(
            "cli-backup-written",
            tables = manifest.tables.len(),
            rows = manifest.rows(),
            path = out.display()
        )
    );
    Ok(())
}

/// `jalon restore FILE`: into an empty database, then the migrations the archive predates.
async fn restore(settings: &Settings, file: &Path) -> Result<()> {
    let url = settings.database_url()?;
    let store = Store::connect(&url).await?;
    let input =
        std::fs::File::open(file).with_context(|| w!("cli-reading", path = file.display()))?;
    let manifest = jalon_store::backup::restore(&store, std::io::BufReader::new(input)).await?;
    out!(
        "{}",
        w!(
            "cli-restored",
            tables = manifest.tables.len(),
            rows = manifest.rows(),
            created = manifest.created_at.to_rfc3339(),
            database = jalon_store::redact_url(&url)
        )
    );
    Ok(())
}

/// `jalon check`: the plan's findings; exit status 1 when one reaches `fail_on`.
async fn check(
    settings: &Settings,
    format: TextOrJson,
    lang: LangArg,
    fail_on: Option<SeverityArg>,
) -> Result<std::process::ExitCode> {
    let app = open(settings, false).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    let findings = app.check(&actor, lang.into()).await.map_err(explain)?;
    match format {
        TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&findings)?),
        TextOrJson::Text => {
            let mut kinds: Vec<&str> = findings.iter().map(|f| f.code).collect();
            kinds.sort_unstable();
            kinds.dedup();
            for f in &findings {
                out!(
                    "{:<7} {:<12} {:<34} {}",
                    f.severity.as_str(),
                    f.location,
                    f.code,
                    f.message
                );
            }
            out!(
                "{}",
                w!("cli-findings", count = findings.len(), kinds = kinds.len())
            );
        }
    }
    if let Some(threshold) = fail_on.map(Severity::from)
        && findings.iter().any(|f| f.severity <= threshold)
    {
        return Ok(std::process::ExitCode::from(1));
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// `jalon journal`: the latest changes, newest first, one line each (or JSON).
async fn journal(
    settings: &Settings,
    filter: &jalon_app::journal::JournalFilter,
    lang: Option<LangArg>,
    format: JournalFormat,
) -> Result<()> {
    let app = open(settings, false).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    let lang = lang.map_or_else(words::lang, Lang::from);
    let page = || app.journal(&actor, filter, lang);
    match format {
        JournalFormat::Csv => {
            let bytes = app
                .journal_csv(&actor, filter, lang)
                .await
                .map_err(explain)?;
            write_output(None, &bytes)?;
        }
        JournalFormat::Json => {
            let page = page().await.map_err(explain)?;
            out!("{}", serde_json::to_string_pretty(&page)?)
        }
        JournalFormat::Text => {
            for e in &page().await.map_err(explain)?.entries {
                let element = match e.entity_id {
                    Some(id) => format!("{} {id}", e.entity_kind),
                    None => e.entity_kind.clone(),
                };
                out!(
                    "{}  {:<12} {:<22} {}",
                    e.at.format("%Y-%m-%d %H:%M"),
                    e.username.as_deref().unwrap_or("jalon"),
                    element,
                    e.text
                );
            }
        }
    }
    Ok(())
}

/// `jalon export plan`: the stored plan in `format`, to `output` or the standard output.
async fn export_plan(settings: &Settings, format: Format, output: Option<&Path>) -> Result<()> {
    let app = open(settings, false).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    let (bytes, _) = app.export_plan(&actor, format).await.map_err(explain)?;
    write_output(output, &bytes)
}

async fn run(cli: Cli) -> Result<std::process::ExitCode> {
    let mut settings = Settings::load(cli.config.as_deref())?;
    if let Some(url) = cli.database_url.clone() {
        settings.database_url = Some(url);
    }
    init_logging(&settings.log, settings.log_format);
    match cli.command {
        Command::Demo {
            data_dir,
            bind,
            no_serve,
        } => demo(settings, data_dir, bind, no_serve).await?,
        Command::Serve { bind, no_migrate } => {
            let app = open(&settings, !no_migrate).await?;
            let bind = match bind {
                Some(b) => b,
                None => settings
                    .bind
                    .parse()
                    .with_context(|| w!("cli-bad-bind", address = settings.bind))?,
            };
            serve(app, &settings, bind).await?;
        }
        Command::Migrate => migrate(&settings).await?,
        Command::Backup { out } => backup(&settings, &out).await?,
        Command::Restore { file } => restore(&settings, &file).await?,
        Command::Import {
            what:
                ImportWhat::Plan {
                    file,
                    format,
                    lang,
                    dry_run,
                },
        } => import_plan(&settings, &file, format, lang, dry_run).await?,
        Command::Export {
            what: ExportWhat::Plan { format, output },
        } => export_plan(&settings, format.into(), output.as_deref()).await?,
        Command::Check {
            format,
            lang,
            fail_on,
        } => return check(&settings, format, lang, fail_on).await,
        Command::Journal {
            kind,
            id,
            user,
            from,
            to,
            limit,
            lang,
            format,
        } => {
            let filter = jalon_app::journal::JournalFilter {
                kind,
                id,
                user,
                from,
                to,
                before: None,
                limit: Some(limit),
            };
            journal(&settings, &filter, lang, format).await?
        }
        Command::Plan { command } => versions::run(&settings, command).await?,
        Command::Campaign { command } => campaigns::run(&settings, command).await?,
        Command::Sdg { command } => sdg::run(&settings, command).await?,
        Command::Carbon { command } => carbon::run(&settings, command).await?,
        Command::Report { command } => report::run(&settings, command).await?,
        Command::Mail { command } => mail::run(&settings, command).await?,
        Command::User { action } => users(&settings, action).await?,
    }
    Ok(std::process::ExitCode::SUCCESS)
}

pub(crate) fn write_output(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(path) => {
            // Write beside the target, then rename: a failed export never leaves half a file.
            let mut tmp = temp_beside(path)?;
            tmp.write_all(bytes)?;
            persist(tmp, path)?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
                output_failed(e);
            }
        }
    }
    Ok(())
}

/// Ends the program after a failed write on standard output: quietly (success) when the
/// reader closed the pipe, with a message otherwise.
pub(crate) fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write the output: {e}");
    std::process::exit(1);
}

/// A temporary file beside `path` (on the same file system, so that [`persist`] is a rename).
pub(crate) fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::NamedTempFile::new_in(dir).with_context(|| w!("cli-writing-in", path = dir.display()))
}

/// A large buffered writer to a temporary file beside `path`, for long streamed outputs;
/// [`persist_buffered`] moves it there once written.
pub(crate) fn buffered_beside(path: &Path) -> Result<std::io::BufWriter<tempfile::NamedTempFile>> {
    Ok(std::io::BufWriter::with_capacity(
        1 << 20,
        temp_beside(path)?,
    ))
}

/// Flushes a buffered temporary file and moves it to `path`.
pub(crate) fn persist_buffered(
    writer: std::io::BufWriter<tempfile::NamedTempFile>,
    path: &Path,
) -> Result<()> {
    let tmp = writer.into_inner().map_err(|e| {
        anyhow!(
            "{}: {}",
            w!("cli-writing", path = path.display()),
            e.error()
        )
    })?;
    persist(tmp, path)
}

/// Moves a finished temporary file to `path`, readable like any file the user creates
/// (temporary files are private to their owner).
pub(crate) fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path)
        .with_context(|| w!("cli-writing", path = path.display()))?;
    Ok(())
}

fn read_password(from_stdin: bool) -> Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_to_string(&mut line)?;
        let pw = line.lines().next().unwrap_or_default().to_string();
        if pw.is_empty() {
            bail!(w!("cli-no-password"));
        }
        return Ok(pw);
    }
    let pw = rpassword::prompt_password(w!("cli-password-prompt"))?;
    let again = rpassword::prompt_password(w!("cli-password-again"))?;
    if pw != again {
        bail!(w!("cli-passwords-differ"));
    }
    Ok(pw)
}

/// `jalon user list`: one line an account, or JSON.
async fn list_users(app: &App, actor: &jalon_app::Actor, format: TextOrJson) -> Result<()> {
    let users = app.list_users(actor).await.map_err(explain)?;
    match format {
        TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&users)?),
        TextOrJson::Text => {
            for u in users {
                out!(
                    "{:<20} {:<12} {:<8} {:<30} {:<6} {}",
                    u.username,
                    u.role.as_str(),
                    if u.active {
                        w!("cli-active")
                    } else {
                        w!("cli-inactive")
                    },
                    u.display_name,
                    u.domain.unwrap_or_default(),
                    u.person.unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

async fn users(settings: &Settings, action: UserAction) -> Result<()> {
    let app = open(settings, true).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    match action {
        UserAction::Add {
            username,
            role,
            name,
            person,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            let u = app
                .add_user(
                    &actor,
                    NewUserInput {
                        display_name: name.unwrap_or_else(|| username.clone()),
                        username,
                        password,
                        role: role.into(),
                        person,
                    },
                )
                .await
                .map_err(explain)?;
            out!(
                "{}",
                w!("cli-account-created", username = u.username, role = u.role)
            );
        }
        UserAction::List { format } => list_users(&app, &actor, format).await?,
        UserAction::Passwd {
            username,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            app.set_password(&actor, &username, None, &password)
                .await
                .map_err(explain)?;
            out!("{}", w!("cli-password-changed", username = username));
        }
        UserAction::Role { username, role } => {
            let u = app
                .set_role(&actor, &username, role.into())
                .await
                .map_err(explain)?;
            out!(
                "{}",
                w!("cli-role-changed", username = u.username, role = u.role)
            );
        }
        UserAction::Domain { username, axis } => {
            let u = app
                .set_domain(&actor, &username, axis.as_deref())
                .await
                .map_err(explain)?;
            out!(
                "{}",
                w!(
                    "cli-domain-changed",
                    username = u.username,
                    axis = u.domain.unwrap_or_else(|| "-".to_string())
                )
            );
        }
    }
    Ok(())
}

async fn demo(
    mut settings: Settings,
    data_dir: Option<PathBuf>,
    bind: SocketAddr,
    no_serve: bool,
) -> Result<()> {
    // Keep a temporary directory alive for as long as the demo runs.
    let mut _temp = None;
    let dir = match data_dir {
        Some(d) => {
            std::fs::create_dir_all(&d).with_context(|| w!("cli-creating", path = d.display()))?;
            d
        }
        None => {
            let t = tempfile::Builder::new().prefix("jalon-demo-").tempdir()?;
            let p = t.path().to_path_buf();
            _temp = Some(t);
            p
        }
    };
    let db = dir.join("jalon-demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let f = PathBuf::from(format!("{}{suffix}", db.display()));
        if f.exists() {
            std::fs::remove_file(&f)
                .with_context(|| w!("cli-demo-removing", path = f.display()))?;
        }
    }
    settings.database_url = Some(sqlite_url(&db));
    let app = open(&settings, true).await?;
    let report = app.load_demo().await.map_err(explain)?;
    let c = report.counts;
    out!("{}", w!("cli-demo-title"));
    out!(
        "  {}",
        w!(
            "cli-demo-counts",
            axes = c.axes,
            objectives = c.objectives,
            targets = c.targets,
            indicators = c.indicators,
            actions = c.actions,
            values = c.measurements
        )
    );
    out!("  {}", w!("cli-demo-database", path = db.display()));
    out!("  {}", w!("cli-demo-accounts"));
    for a in jalon_app::demo::DEMO_ACCOUNTS {
        let domain = a
            .domain
            .map(|d| format!(" ({})", w!("cli-demo-referent", axis = d)))
            .unwrap_or_default();
        out!(
            "    {:<14} {:<20} {}{domain}",
            a.username,
            a.password,
            a.role.as_str()
        );
    }
    if no_serve {
        if _temp.is_some() {
            out!("  {}", w!("cli-demo-temporary"));
        }
        return Ok(());
    }
    serve(app, &settings, bind).await
}

async fn serve(app: App, settings: &Settings, bind: SocketAddr) -> Result<()> {
    // Said before the serving line, which stays the last line a supervisor reads.
    mail::start_rounds(app.clone(), settings)?;
    let state = jalon_web::AppState::new(app, settings.web_config());
    let router = jalon_web::router(state);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| w!("cli-cannot-listen", address = bind))?;
    let addr = listener.local_addr()?;
    out!("{}", w!("cli-serving", address = addr));
    tracing::info!(%addr, "serving");
    // The peer's address reaches the handlers, to count failed logins per address.
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(stop_asked())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves when the server is asked to stop: Ctrl-C, or SIGTERM (what systemd and container
/// runtimes send). The server then stops accepting connections and finishes the requests in
/// flight before the process exits.
async fn stop_asked() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("stopping: finishing the requests in flight");
}
