//! The `shugen` binary: serve (default), demo, user add, migrate.
mod cli;
mod config;
mod demo;
mod generate;
mod layers;
mod startup;
mod sw;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli::run(std::env::args().skip(1).collect()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shugen: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
