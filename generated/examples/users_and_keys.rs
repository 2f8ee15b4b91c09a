//! Lists a Cohesity cluster's users and the API keys each one owns (read-only). With
//! `COHESITY_ADMIN_DEMO=1` it first runs an administration flow that changes the cluster:
//! creates a user, gives it an API key, rotates the key, lists the user's keys, deletes the
//! key and the user. Secrets (passwords, keys) are never printed. It logs out at the end.
//!
//! Configured only by environment variables, as `login_logout` is:
//! - `COHESITY_BASE_URL`: the API's URL, ending in `/v2` (`https://cluster.example.com/v2`)
//! - `COHESITY_USERNAME`, `COHESITY_PASSWORD`
//! - `COHESITY_DOMAIN`: default `LOCAL`
//! - `COHESITY_INSECURE_TLS=1`: optional; accept a self-signed certificate
//! - `COHESITY_ADMIN_DEMO=1`: optional; run the administration flow first (it creates and
//!   deletes a user named `rust-client-demo`)
//!
//! Run: `cargo run -p cohesity-users --example users_and_keys`

use cohesity_users::types::{
    CreateOrUpdateApiKeyRequest, CreateUserParameters, CreateUserSessionRequestParams,
    DeleteUsersRequest, LocalUserParams,
};
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
    var(name).ok_or_else(|| format!("set {name} (see the comment at the top of users_and_keys.rs)"))
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Client::builder(required("COHESITY_BASE_URL")?);
    if var("COHESITY_INSECURE_TLS").as_deref() == Some("1") {
        eprintln!("warning: TLS certificate verification is off (COHESITY_INSECURE_TLS=1)");
        builder = builder.danger_accept_invalid_certs(true);
    }
    let anonymous = builder.build()?;
    let login = CreateUserSessionRequestParams {
        username: Some(required("COHESITY_USERNAME")?),
        password: Some(required("COHESITY_PASSWORD")?),
        domain: Some(var("COHESITY_DOMAIN").unwrap_or_else(|| "LOCAL".to_owned())),
        ..Default::default()
    };
    let session = anonymous.users().create_session(&login).await?;
    let client = anonymous.with_user_session(&session)?;

    if var("COHESITY_ADMIN_DEMO").as_deref() == Some("1") {
        admin_flow(&client).await?;
    }

    let users = client.users().get_users().await?.users.unwrap_or_default();
    println!("{} user(s):", users.len());
    for user in &users {
        let sid = user.sid.as_deref().unwrap_or("?");
        let keys = client.users().get_user_api_keys(sid).await?;
        let keys: Vec<String> = keys
            .api_keys
            .unwrap_or_default()
            .into_iter()
            .map(|k| {
                let active = if k.is_active == Some(false) {
                    ", inactive"
                } else {
                    ""
                };
                format!(
                    "{} ({}{active})",
                    k.name.unwrap_or_default(),
                    k.id.unwrap_or_default()
                )
            })
            .collect();
        let listed = if keys.is_empty() {
            String::new()
        } else {
            format!(": {}", keys.join(", "))
        };
        println!(
            "  {}\\{} {sid}: {} API key(s){listed}",
            user.domain.as_deref().unwrap_or("?"),
            user.username.as_deref().unwrap_or("?"),
            keys.len(),
        );
    }

    // Log out: this user's sessions end.
    let me = users
        .iter()
        .find(|u| u.username == login.username && u.domain == login.domain)
        .and_then(|u| u.sid.clone());
    if let Some(sid) = me {
        client.users().delete_session().sid(sid).await?;
        println!("logged out");
    }
    Ok(())
}

/// Creates a user, gives it an API key, rotates the key, lists the user's keys, then deletes
/// the key and the user, saying what it does at each step.
async fn admin_flow(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let new_user = CreateUserParameters {
        username: "rust-client-demo".to_owned(),
        domain: "LOCAL".to_owned(),
        roles: Some(vec!["COHESITY_VIEWER".to_owned()]),
        local_user_params: Some(LocalUserParams {
            email: Some("rust-client-demo@example.com".to_owned()),
            password: Some(format!("Demo-{}-pw!", std::process::id())),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created = client
        .users()
        .create_users(std::slice::from_ref(&new_user))
        .await?;
    let user = created.users.unwrap_or_default().into_iter().next();
    let sid = user
        .and_then(|u| u.sid)
        .ok_or("the cluster returned no SID for the new user")?;
    println!("created user rust-client-demo ({sid})");

    let request = CreateOrUpdateApiKeyRequest {
        name: Some("demo-key".to_owned()),
        ..Default::default()
    };
    let key = client.users().create_user_api_key(&sid, &request).await?;
    let id = key
        .id
        .clone()
        .ok_or("the cluster returned no id for the new key")?;
    println!("created API key {id} (the key itself is not shown)");
    client.users().rotate_user_api_key(&sid, &id).await?;
    println!("rotated API key {id}");
    let keys = client.users().get_user_api_keys(&sid).await?;
    println!(
        "the user has {} API key(s)",
        keys.api_keys.map_or(0, |k| k.len())
    );
    client.users().delete_user_api_key_by_id(&sid, &id).await?;
    println!("deleted API key {id}");
    client
        .users()
        .delete_users(&DeleteUsersRequest {
            sids: vec![sid.clone()],
        })
        .await?;
    println!("deleted user {sid}");
    Ok(())
}
