//! The `login_logout` example, built and run against the mock cluster.

use cohesity_users_fake::FakeCluster;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;
use workspace_tests::mock_cohesity::{self, PASSWORD, SESSION_ID, USERNAME, USER_SID};

/// The folder of the built examples (both are built once, on first use).
fn examples_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(build_examples)
}

fn build_examples() -> PathBuf {
    let status = workspace_tests::cargo()
        .args([
            "build",
            "--quiet",
            "-p",
            "cohesity-users",
            "--example",
            "login_logout",
            "--example",
            "users_and_keys",
        ])
        .status()
        .unwrap();
    assert!(status.success(), "the examples build");
    // target/<profile>/deps/this-test -> target/<profile>/examples/
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("examples")
}

/// Runs the example `name` with only the given `COHESITY_*` variables set.
fn run_example(name: &str, base_url: &str, env: &[(&str, &str)]) -> Output {
    let exe = examples_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let mut cmd = Command::new(exe);
    for var in [
        "COHESITY_BASE_URL",
        "COHESITY_USERNAME",
        "COHESITY_PASSWORD",
        "COHESITY_DOMAIN",
        "COHESITY_API_KEY",
        "COHESITY_USER_SID",
        "COHESITY_INSECURE_TLS",
        "COHESITY_ADMIN_DEMO",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("COHESITY_BASE_URL", base_url);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn run(base_url: &str, env: &[(&str, &str)]) -> Output {
    run_example("login_logout", base_url, env)
}

/// Runs `login_logout` as the mock's user with `password`, and the variables `more`.
fn run_as(base_url: &str, password: &str, more: &[(&str, &str)]) -> Output {
    let login = [
        ("COHESITY_USERNAME", USERNAME),
        ("COHESITY_PASSWORD", password),
    ];
    run(base_url, &[&login[..], more].concat())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn logs_in_prints_only_the_length_and_deletes_the_given_users_sessions() {
    let server = mock_cohesity::start().await;
    let base = format!("{}/v2", server.uri());
    let out = run_as(
        &base,
        PASSWORD,
        &[
            ("COHESITY_API_KEY", "api-key-1"),
            ("COHESITY_USER_SID", USER_SID),
        ],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(
        stdout,
        format!("logged in: the session id has 32 characters\ndeleted the sessions of user {USER_SID}\n")
    );
    assert!(!stdout.contains(SESSION_ID) && !text(&out.stderr).contains(SESSION_ID));

    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].method.as_str(), "POST");
    assert_eq!(
        String::from_utf8(reqs[0].body.clone()).unwrap(),
        format!(r#"{{"username":"{USERNAME}","password":"{PASSWORD}","domain":"LOCAL"}}"#)
    );
    assert_eq!(reqs[0].headers.get("apikey").unwrap(), "api-key-1");
    assert_eq!(reqs[1].method.as_str(), "DELETE");
    assert_eq!(
        reqs[1].url.query(),
        Some(format!("sid={USER_SID}").as_str())
    );
    assert_eq!(reqs[1].headers.get("session-id").unwrap(), SESSION_ID);
}

#[tokio::test]
async fn without_a_sid_nothing_is_deleted() {
    let server = mock_cohesity::start().await;
    let out = run_as(&format!("{}/v2", server.uri()), PASSWORD, &[]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).ends_with("COHESITY_USER_SID is not set: no sessions deleted\n"));
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1, "only the login");
    assert!(reqs[0].headers.get("apikey").is_none());
}

#[tokio::test]
async fn a_failed_login_exits_non_zero_with_the_error_message() {
    let server = mock_cohesity::start().await;
    let out = run_as(&format!("{}/v2", server.uri()), "wrong-password", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: the server answered 401 Unauthorized: KStatusUnauthorized: Unauthorized: check the username, password and session.\n"
    );
    assert!(!text(&out.stderr).contains("wrong-password"));
}

#[test]
fn missing_configuration_is_named() {
    let out = run("https://cluster.example.com/v2", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: set COHESITY_USERNAME (see the comment at the top of login_logout.rs)\n"
    );
}

// Multi-threaded: the example runs as a blocking child process while the fake serves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_and_keys_lists_read_only_and_runs_the_admin_flow_only_when_asked() {
    let fake = FakeCluster::start().await;
    let login = [
        ("COHESITY_USERNAME", USERNAME),
        ("COHESITY_PASSWORD", PASSWORD),
    ];
    let out = run_example("users_and_keys", fake.base_url(), &login);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("1 user(s):\n  LOCAL\\admin {USER_SID}: 0 API key(s)\nlogged out\n")
    );

    let fake = FakeCluster::start().await;
    let mut env = login.to_vec();
    env.push(("COHESITY_ADMIN_DEMO", "1"));
    let out = run_example("users_and_keys", fake.base_url(), &env);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // The fake hands out the same ids in every run.
    assert_eq!(
        stdout,
        format!(
            "created user rust-client-demo (S-1-100-21-1700000000002)\n\
             created API key key-1700000000004 (the key itself is not shown)\n\
             rotated API key key-1700000000004\n\
             the user has 1 API key(s)\n\
             deleted API key key-1700000000004\n\
             deleted user S-1-100-21-1700000000002\n\
             1 user(s):\n  LOCAL\\admin {USER_SID}: 0 API key(s)\nlogged out\n"
        )
    );
    assert!(stdout.contains("the user has 1 API key(s)\n"), "{stdout}");
    assert!(
        !stdout.contains("Demo-") && !stdout.contains("apiKey"),
        "{stdout}"
    );
}
