//! Serves the in-memory fake of the Users API on loopback until killed; prints the base URL
//! first (`http://127.0.0.1:<port>/v2`).

#[tokio::main]
async fn main() {
    let fake = workspace_tests::fake_cluster::FakeCluster::start().await;
    println!("{}", fake.base_url());
    // Serve until the process is killed.
    std::future::pending::<()>().await;
}
