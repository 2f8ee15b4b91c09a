//! Logs in to a Cohesity cluster, prints the length of the session id (never the id), and,
//! when asked, deletes the sessions of one user.
//!
//! Configured only by environment variables:
//! - `COHESITY_BASE_URL`: the API's URL, ending in `/v2` (`https://cluster.example.com/v2`)
//! - `COHESITY_USERNAME`, `COHESITY_PASSWORD`
//! - `COHESITY_DOMAIN`: default `LOCAL`
//! - `COHESITY_API_KEY`: optional, sent as the `apiKey` credential
//! - `COHESITY_USER_SID`: optional; whose sessions to delete at the end. Without it nothing
//!   is deleted (never the whole cluster's sessions).
//! - `COHESITY_INSECURE_TLS=1`: optional; accept a self-signed certificate
//!
//! Run: `cargo run -p cohesity-users --example login_logout`

use cohesity_users::types::CreateUserSessionRequestParams;
use cohesity_users::Client;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// An environment variable's value; unset and empty are the same.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn required(name: &str) -> Result<String, String> {
    var(name).ok_or_else(|| format!("set {name} (see the comment at the top of login_logout.rs)"))
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = required("COHESITY_BASE_URL")?;
    let username = required("COHESITY_USERNAME")?;
    let password = required("COHESITY_PASSWORD")?;
    let domain = var("COHESITY_DOMAIN").unwrap_or_else(|| "LOCAL".to_owned());

    let mut builder = Client::builder(base_url);
    if let Some(key) = var("COHESITY_API_KEY") {
        builder = builder.api_key(key);
    }
    if var("COHESITY_INSECURE_TLS").as_deref() == Some("1") {
        eprintln!("warning: TLS certificate verification is off (COHESITY_INSECURE_TLS=1)");
        builder = builder.danger_accept_invalid_certs(true);
    }
    let client = builder.build()?;

    let login = CreateUserSessionRequestParams {
        username: Some(username),
        password: Some(password),
        domain: Some(domain),
        ..Default::default()
    };
    let session = client.users().create_session(&login).await?;
    let length = session.session_id.as_deref().map_or(0, str::len);
    println!("logged in: the session id has {length} characters");

    match var("COHESITY_USER_SID") {
        Some(sid) => {
            let signed_in = client.with_user_session(&session)?;
            signed_in.users().delete_session().sid(&sid).await?;
            println!("deleted the sessions of user {sid}");
        }
        None => println!("COHESITY_USER_SID is not set: no sessions deleted"),
    }
    Ok(())
}
