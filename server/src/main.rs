use app::services::state::SystemClock;
use server::{Application, Config, seed};
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("Could not start: {e}");
            std::process::exit(2);
        }
    };
    let app = match Application::build(config.clone(), Arc::new(SystemClock)).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Could not start: {e}");
            std::process::exit(1);
        }
    };
    if std::env::args().nth(1).as_deref() == Some("generate") {
        std::process::exit(generate(&app.state).await);
    }
    if std::env::args().nth(1).as_deref() == Some("sample-draft") {
        match server::volume::sample_draft(&app.state).await {
            Ok(body) => println!("{body}"),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        return;
    }
    if config.seed_demo {
        match seed::seed_if_empty(&app.state).await {
            Ok(Some(summary)) => println!("{summary}"),
            Ok(None) => println!("{}", seed::logins_text()),
            Err(e) => {
                eprintln!("Could not seed demo data: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("Co-sell is serving on http://{}", app.address());
    if let Err(e) = app.run().await {
        eprintln!("Server error: {e}");
        std::process::exit(1);
    }
}

/// `server generate [--deals N] [--customers M]`: volume data for measuring (see README).
async fn generate(state: &app::services::AppState) -> i32 {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let value = |flag: &str, default: usize| -> Result<usize, String> {
        match args.iter().position(|a| a == flag) {
            None => Ok(default),
            Some(i) => args.get(i + 1).and_then(|v| v.replace('_', "").parse().ok()).ok_or(format!("{flag} needs a whole number")),
        }
    };
    let (deals, customers) = match (value("--deals", 100_000), value("--customers", 1_000_000)) {
        (Ok(d), Ok(c)) => (d, c),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}; usage: server generate [--deals N] [--customers M]");
            return 2;
        }
    };
    if let Err(e) = seed::seed_if_empty(state).await {
        eprintln!("Could not seed demo data: {e}");
        return 1;
    }
    match server::volume::generate(state, deals, customers).await {
        Ok(summary) => {
            println!("{summary}");
            0
        }
        Err(e) => {
            eprintln!("Could not generate data: {e}");
            1
        }
    }
}
