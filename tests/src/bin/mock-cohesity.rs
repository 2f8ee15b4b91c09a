//! Serves the mock Users endpoints on loopback until killed; prints the base URL first.

#[tokio::main]
async fn main() {
    let server = workspace_tests::mock_cohesity::start().await;
    println!("{}/v2", server.uri());
    // Serve until the process is killed.
    std::future::pending::<()>().await;
}
