//! The server's figures at ×1 and ×10 on PostgreSQL (`make bench`, issue 23): the same
//! `scripts/bench-scale.sh` that measures SQLite, against a fresh database of its own on the
//! tests' cluster (durable with `SHUGEN_TEST_PG_DURABLE=1`, as `make bench` runs it). Prints
//! the script's figures; fails only if the script does.
use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "a benchmark: make bench"]
fn figures_at_scale_on_postgres() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = std::env::var("SHUGEN_BIN").expect("SHUGEN_BIN: the release binary");
    let cluster = integration::postgres::cluster();
    for k in ["1", "10"] {
        let out = Command::new(root.join("scripts/bench-scale.sh"))
            .arg(k)
            .current_dir(&root)
            .env("SHUGEN_BIN", &bin)
            .env("BENCH_DATABASE_URL", cluster.empty_database())
            .output()
            .expect("running scripts/bench-scale.sh");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        assert!(
            out.status.success(),
            "bench-scale.sh {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
