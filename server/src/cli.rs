//! The command line: `shugen [serve]`, `shugen demo [--if-empty]`, `shugen user add …`,
//! `shugen generate …`, `shugen backup PATH`, `shugen copy-db --to URL`, `shugen audit verify`,
//! `shugen migrate`.
use crate::config::Config;
use anyhow::{bail, Context};
use app::db::Db;
use app::model::{NewPassword, Role};
use app::users::model::{Profile, ProfileForm};
use std::io::{BufRead, IsTerminal};

const HELP: &str = "\
shugen — 树根 village-liaison server

USAGE:
  shugen [serve]            serve the app (LEPTOS_SITE_ADDR, default 127.0.0.1:3000)
  shugen demo [--if-empty]  seed the demo bureau, villages, households and logins
  shugen demo --no-households
                            the demo bureau, villages, logins and cards only: to try
                            importing a households spreadsheet into an empty register
  shugen user add --phone P --name N [--role admin|leader|cadre] [--title T] [--unit U]
                 [--post director|deputy|discipline|unit_head|liaison|office] [--duties D]
                            create an account; the password is read from standard input
  shugen card list          print every active liaison card's URL and holder
  shugen generate --scale K | --households N --visits M [--cadres C --items I --feedback F]
                            add K counties' worth (K × 20,000 households, 100,000 visits,
                            20 cadres, 2,000 ledger items, 2,000 feedback forms) or the
                            counts given, over the last 12 months, to a demo database
                            (for benchmarks)
  shugen backup PATH        write a consistent copy of the live database to PATH (a new
                            file), checked; the server may keep running. The data key is
                            not in it: keep SHUGEN_DATA_KEY safe separately
  shugen copy-db --to postgres://… [--sessions]
                            copy this SQLite database (DATABASE_URL) into an empty
                            PostgreSQL database, every table and the audit chain, in one
                            transaction; then check row counts and the chain on both sides.
                            Stop the server first. --sessions keeps everyone signed in
  shugen rekey              rotate the data key: reads the NEW key (base64) from standard
                            input, re-encrypts every ID number from the current key to it in
                            one transaction; stop the server first, restart it with the new key
  shugen audit verify       walk the audit log's hash chain: prints the entry count and the
                            head hash (write it down), or the first broken entry (exit 1)
  shugen migrate            apply database migrations and exit

ENVIRONMENT:
  DATABASE_URL          default sqlite:data/shugen.db; postgres://… for several servers
  LEPTOS_SITE_ADDR      default 127.0.0.1:3000
  SHUGEN_PUBLIC_ORIGIN  e.g. https://shugen.example.gov.cn (printed in QR codes, checked on writes)
  SHUGEN_DATA_KEY       32 random bytes, base64: the key for ID numbers
  SHUGEN_FEEDBACK_LIMIT feedback forms one address may send per 15 minutes (default 200;
                          the same text to one card: 3)
  SHUGEN_CLIENT_IP_HEADER behind a reverse proxy: the header naming the client, e.g. X-Real-IP";

pub async fn run(args: Vec<String>) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["serve"] => crate::startup::serve(config).await,
        ["demo"] => crate::demo::seed(&config, false, true).await,
        ["demo", "--if-empty"] => crate::demo::seed(&config, true, true).await,
        ["demo", "--no-households"] => crate::demo::seed(&config, false, false).await,
        ["user", "add", rest @ ..] => user_add(&config, rest).await,
        ["card", "list"] => card_list(&config).await,
        ["generate", rest @ ..] => {
            let count = |name: &str, default: usize| -> anyhow::Result<usize> {
                flag(rest, name).map_or(Ok(default), |v| {
                    v.parse()
                        .with_context(|| format!("{name} takes a whole number"))
                })
            };
            let base = crate::generate::Sizes::scaled(count("--scale", 0)?);
            let sizes = crate::generate::Sizes {
                households: count("--households", base.households)?,
                visits: count("--visits", base.visits)?,
                cadres: count("--cadres", base.cadres)?,
                items: count("--items", base.items)?,
                feedback: count("--feedback", base.feedback)?,
            };
            crate::generate::run(&config, sizes).await
        }
        ["backup", path] => {
            let db = Db::connect(&config.database_url).await?;
            db.backup(std::path::Path::new(path)).await?;
            println!("backup written to {path} and checked; restore by pointing DATABASE_URL at a copy of it");
            Ok(())
        }
        ["copy-db", "--to", to] => copy_db(&config, to, false).await,
        ["copy-db", "--to", to, "--sessions"] | ["copy-db", "--sessions", "--to", to] => {
            copy_db(&config, to, true).await
        }
        ["rekey"] => rekey(&config).await,
        ["audit", "verify"] => {
            let db = Db::connect(&config.database_url).await?;
            match app::audit::verify(&db).await? {
                app::audit::Chain::Intact {
                    entries,
                    unchained,
                    head,
                } => {
                    println!("audit log intact: {entries} chained entries, head {head}");
                    if unchained > 0 {
                        println!("{unchained} earlier entries predate the chain");
                    }
                    Ok(())
                }
                app::audit::Chain::Broken { id, reason } => {
                    bail!("audit log broken at entry {id}: {reason}")
                }
            }
        }
        ["migrate"] => {
            Db::connect(&config.database_url).await?;
            println!(
                "migrations applied to {}",
                app::db::redacted(&config.database_url)
            );
            Ok(())
        }
        ["help" | "--help" | "-h"] => {
            println!("{HELP}");
            Ok(())
        }
        _ => bail!("unknown command {:?}\n\n{HELP}", words.join(" ")),
    }
}

fn flag<'a>(rest: &[&'a str], name: &str) -> Option<&'a str> {
    rest.iter()
        .position(|w| *w == name)
        .and_then(|i| rest.get(i + 1).copied())
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 8 characters): ")?;
        let again = rpassword::prompt_password("Repeat password: ")?;
        if first != again {
            bail!("the passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn user_add(config: &Config, rest: &[&str]) -> anyhow::Result<()> {
    let known = [
        "--phone", "--name", "--role", "--title", "--unit", "--post", "--duties",
    ];
    for (i, w) in rest.iter().enumerate() {
        if i % 2 == 0 && !known.contains(w) {
            bail!("unknown option {w}\n\n{HELP}");
        }
    }
    let text = |f: &str| flag(rest, f).unwrap_or("").to_string();
    let profile = Profile::parse(&ProfileForm {
        phone: text("--phone"),
        name: text("--name"),
        title: text("--title"),
        unit: text("--unit"),
        role: flag(rest, "--role")
            .unwrap_or(Role::Admin.code())
            .to_string(),
        post: text("--post"),
        duties: text("--duties"),
    })
    .map_err(|e| anyhow::anyhow!("invalid account: {e:?}"))?;
    let password = NewPassword::parse(&read_password()?)
        .map_err(|m| anyhow::anyhow!("{}", m.text(app::i18n::Locale::En)))?;
    let state = crate::demo::offline_state(config).await?;
    let id = app::users::api::create_account(&state, &profile, password)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message(app::i18n::Locale::En)))?;
    println!(
        "created {} account {} for {} (id {id})",
        profile.role.code(),
        profile.phone,
        profile.name
    );
    Ok(())
}

/// The new key comes on standard input, never in the arguments (which `ps` shows).
/// `shugen copy-db`: the copy, then the proof: row counts (checked by the copy) and the audit
/// chain walked on both sides to the same head.
async fn copy_db(config: &Config, to: &str, sessions: bool) -> anyhow::Result<()> {
    let from = Db::connect(&config.database_url).await?;
    let target = Db::connect(to).await?;
    let copied = app::db::copy::copy(&from, &target, sessions).await?;
    for (table, n) in &copied.tables {
        println!("{table:<28} {n:>10}");
    }
    let head = |chain| match chain {
        app::audit::Chain::Intact { entries, head, .. } => Ok((entries, head)),
        app::audit::Chain::Broken { id, reason } => {
            Err(anyhow::anyhow!("audit log broken at entry {id}: {reason}"))
        }
    };
    let here = head(app::audit::verify(&from).await?).context("in the SQLite database")?;
    let there = head(app::audit::verify(&target).await?).context("in PostgreSQL")?;
    if here != there {
        bail!(
            "the audit chains differ: {} entries to {} here, {} to {} there",
            here.0,
            here.1,
            there.0,
            there.1
        );
    }
    println!(
        "copied {} tables; audit chain intact on both sides: {} entries, head {}",
        copied.tables.len(),
        there.0,
        there.1
    );
    println!(
        "now point DATABASE_URL at {} and start the servers",
        app::db::redacted(to)
    );
    Ok(())
}

async fn rekey(config: &Config) -> anyhow::Result<()> {
    use app::households::crypto::DataKey;
    let old = config.load_data_key()?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the new key")?;
    let new = DataKey::from_base64(&line).context("the new key (standard input)")?;
    let db = Db::connect(&config.database_url).await?;
    let n = app::households::rekey(&db, &old, &new).await?;
    println!("re-encrypted {n} ID numbers under the new key");
    if let (None, Some(file)) = (&config.data_key, config.key_file()) {
        // Demo mode keeps its key in a file beside the database: replace it whole.
        let tmp = file.with_extension("new");
        let _ = std::fs::remove_file(&tmp);
        crate::config::write_private(&tmp, line.trim()).context("writing the new key file")?;
        std::fs::rename(&tmp, &file).context("replacing the key file")?;
        println!("the key file {} now holds the new key", file.display());
    } else {
        println!("start the server with SHUGEN_DATA_KEY set to the new key; the old one opens nothing now");
    }
    Ok(())
}

/// One line per active card: the URL its QR code encodes, then who holds it.
async fn card_list(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    let origin = config
        .public_origin
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.site_addr));
    let cards = app::cards::db::active_tokens(db.read()).await?;
    if config.public_origin.is_none() {
        eprintln!("note: SHUGEN_PUBLIC_ORIGIN is not set; URLs use {origin}");
    }
    for (token, name) in &cards {
        let url = app::cards::model::CardToken::parse(token)
            .map(|t| t.url(&origin))
            .unwrap_or_else(|| format!("{origin}/c/{token}"));
        println!("{url}\t{name}");
    }
    eprintln!("{} active cards", cards.len());
    Ok(())
}
