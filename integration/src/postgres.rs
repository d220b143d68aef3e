//! A throwaway PostgreSQL for the tests: Debian's server binaries, a cluster in a fresh
//! folder under `target/pg-test/<pid>`, listening only on a Unix socket in that folder, started
//! once per test process and killed with it. Each test gets its own database, copied from a
//! template that holds the migrated, seeded state (copying is much faster than seeding).
//!
//! PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` user
//! (`setpriv`), otherwise as whoever runs the tests.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

/// Which backend the tests run the server on: `SHUGEN_TEST_BACKEND=postgres`, else SQLite.
pub fn wanted() -> bool {
    std::env::var("SHUGEN_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

/// Functional tests trade durability for speed (no fsync: a crash of the test machine is no
/// concern); a benchmark sets `SHUGEN_TEST_PG_DURABLE=1` to measure PostgreSQL as deployed.
fn durable() -> bool {
    std::env::var_os("SHUGEN_TEST_PG_DURABLE").is_some()
}

/// Debian's versioned folder of server binaries (`/usr/lib/postgresql/<n>/bin`), newest first.
fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed: run `make setup`")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("postgres").exists())
        .collect();
    found.sort();
    found
        .pop()
        .expect("no /usr/lib/postgresql/*/bin/postgres: run `make setup`")
}

fn is_root() -> bool {
    // The effective uid, as the kernel reports it.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// A command run as the cluster's owner; `die_with_us` ties its life to this process.
fn as_owner(program: &Path, die_with_us: bool) -> Command {
    let mut cmd = Command::new("setpriv");
    if is_root() {
        cmd.args(["--reuid=postgres", "--regid=postgres", "--init-groups"]);
    }
    if die_with_us {
        cmd.args(["--pdeathsig", "KILL"]);
    }
    cmd.arg(program);
    cmd
}

pub struct Cluster {
    /// The folder holding the data and the socket.
    pub dir: PathBuf,
    templates: Mutex<Vec<String>>,
    next: AtomicU32,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// The process's cluster, started on first use.
pub fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(Cluster::start)
}

impl Cluster {
    fn start() -> Cluster {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/pg-test");
        std::fs::create_dir_all(&root).expect("creating target/pg-test");
        // Clusters of earlier runs whose process is gone.
        for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            let pid = entry.file_name().to_string_lossy().to_string();
            if !Path::new("/proc").join(&pid).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = root.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creating the cluster folder");
        if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown of {} to postgres failed", dir.display());
        }
        let bin = bin_dir();
        let out = as_owner(&bin.join("initdb"), false)
            .arg("-D")
            .arg(dir.join("data"))
            .args([
                "--auth=trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ])
            .output()
            .expect("running initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The server in the foreground of a thread that lives as long as the process: with
        // `--pdeathsig` it is killed when this process ends, however it ends.
        let data = dir.join("data");
        let socket = dir.clone();
        let log = std::fs::File::create(dir.join("server.log")).expect("log file");
        let postgres = bin.join("postgres");
        std::thread::spawn(move || {
            let mut child = as_owner(&postgres, true)
                .arg("-D")
                .arg(&data)
                .arg("-k")
                .arg(&socket)
                .args(["-c", "listen_addresses=", "-c", "max_connections=400"])
                .args(if durable() {
                    &[][..]
                } else {
                    &["-c", "fsync=off", "-c", "synchronous_commit=off"][..]
                })
                .args(if durable() {
                    &[][..]
                } else {
                    &["-c", "full_page_writes=off"][..]
                })
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("starting postgres");
            let _ = child.wait();
        });
        let cluster = Cluster {
            dir,
            templates: Mutex::new(Vec::new()),
            next: AtomicU32::new(0),
        };
        // Ready when it answers. pg_isready gives up at once while the socket does not exist
        // yet, so it is asked again until the server answers or a minute has passed.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let ready = Command::new(bin.join("pg_isready"))
                .arg("-h")
                .arg(&cluster.dir)
                .args(["-U", "postgres", "-t", "5"])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "postgres did not start: see {}",
                cluster.dir.join("server.log").display()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        cluster
    }

    /// The URL of database `name` on this cluster.
    pub fn url(&self, name: &str) -> String {
        format!(
            "postgres://postgres@localhost/{name}?host={}",
            self.dir.display()
        )
    }

    fn psql(&self, sql: &str) {
        // A template is busy for a moment after its seeding process has gone (the backend
        // exits after the client): that one refusal is tried again, for up to ten seconds.
        for _ in 0..100 {
            let out = Command::new("psql")
                .arg("-h")
                .arg(&self.dir)
                .args([
                    "-U",
                    "postgres",
                    "-d",
                    "postgres",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-qc",
                    sql,
                ])
                .output()
                .expect("running psql");
            let err = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                return;
            }
            assert!(
                err.contains("is being accessed by other users"),
                "{sql}: {err}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("{sql}: the template stayed busy");
    }

    /// A new, empty database; its URL.
    pub fn empty_database(&self) -> String {
        let name = format!("t{}", self.next.fetch_add(1, Ordering::Relaxed));
        self.psql(&format!("CREATE DATABASE {name}"));
        self.url(&name)
    }

    /// A new database holding what `seed(url)` makes of an empty one: the first call per
    /// `key` seeds a template, every call copies it.
    pub fn database_from(&self, key: &str, seed: impl FnOnce(&str)) -> String {
        let template = format!("tpl_{}", key.replace(|c: char| !c.is_alphanumeric(), "_"));
        {
            let mut done = self.templates.lock().unwrap_or_else(|e| e.into_inner());
            if !done.contains(&template) {
                self.psql(&format!("CREATE DATABASE {template}"));
                seed(&self.url(&template));
                done.push(template.clone());
            }
        }
        let name = format!("t{}", self.next.fetch_add(1, Ordering::Relaxed));
        self.psql(&format!("CREATE DATABASE {name} TEMPLATE {template}"));
        self.url(&name)
    }
}
