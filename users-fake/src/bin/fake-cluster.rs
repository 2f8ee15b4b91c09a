//! Serves the in-memory fake of the Users API on loopback until killed; prints the base URL
//! first (`http://127.0.0.1:<port>/v2`). Its one user is the LOCAL administrator `admin`,
//! password `mock-password`.

#[tokio::main]
async fn main() {
    let fake = cohesity_users_fake::FakeCluster::start().await;
    println!("{}", fake.base_url());
    // Serve until the process is killed.
    std::future::pending::<()>().await;
}
