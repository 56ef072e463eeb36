use app::services::state::SystemClock;
use server::{Application, Config, seed};
use std::sync::Arc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    let config = Config::from_env();
    let app = match Application::build(config.clone(), Arc::new(SystemClock)).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Could not start: {e}");
            std::process::exit(1);
        }
    };
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
