//! An in-memory fake of the Cohesity cluster v2 Users API on loopback, for your own tests:
//! users, groups, API keys, sessions and principals' sources, kept as the API documents them,
//! with the refusals a cluster answers (a duplicate user name is 409, an unknown SID 404, a
//! request without a live credential 401) and faults on demand (expired sessions, 503s).
//!
//! It is written against the API description (`spec/users.yaml`), not the generated client:
//! its records are plain JSON, so a mistake in the client is not mirrored here. Every
//! operation but logging in needs a credential (`session-id` of a live session, an active
//! `apiKey`, or `Authorization: Bearer <session id>`); anything else is 401 with the `Error`
//! model, and an unknown SID or key id is 404 with it.
//!
//! ```no_run
//! # async fn test() {
//! use cohesity_users_fake::FakeCluster;
//!
//! // Your users and keys; the fake listens on 127.0.0.1 until dropped.
//! let fake = FakeCluster::builder()
//!     .user("backup-admin", "backup-admin-password")
//!     .api_key("backup-admin", "nightly-job", "nightly-job-key")
//!     .start()
//!     .await;
//! let client = cohesity_users::Client::builder(fake.base_url())
//!     .api_key("nightly-job-key")
//!     .build()
//!     .unwrap();
//! // ... run your automation with `client`, then look at what it left:
//! assert!(fake.sid_of("backup-admin").is_some());
//! # }
//! ```

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// The user name of the administrator [`FakeCluster::start`] and
/// [`FakeClusterBuilder::admin`] add (domain `LOCAL`).
pub const ADMIN_USERNAME: &str = "admin";
/// Its password.
pub const ADMIN_PASSWORD: &str = "mock-password";
/// Its SID.
pub const ADMIN_SID: &str = "S-1-100-21-4242";

/// A running fake of the Users API; it stops when dropped.
///
/// Its state is shared with the server task: what a test changes with the fault methods
/// ([`FakeCluster::expire_sessions`], [`FakeCluster::fail_next`]) applies to the next request.
pub struct FakeCluster {
    base_url: String,
    cluster: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl FakeCluster {
    /// Starts a fake with one LOCAL administrator, [`ADMIN_USERNAME`] / [`ADMIN_PASSWORD`]
    /// (SID [`ADMIN_SID`]), on a free port of 127.0.0.1.
    ///
    /// # Panics
    /// When no loopback port can be bound, or outside a Tokio runtime.
    pub async fn start() -> Self {
        FakeCluster::builder().admin().start().await
    }

    /// A fake to seed with your own users and API keys before it starts: it has none.
    pub fn builder() -> FakeClusterBuilder {
        FakeClusterBuilder {
            cluster: Cluster::new(),
            seeded_users: 0,
        }
    }

    /// The base URL to give the client (`http://127.0.0.1:<port>/v2`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The SID of the LOCAL user `username`, while it exists.
    pub fn sid_of(&self, username: &str) -> Option<String> {
        self.lock()
            .users
            .iter()
            .find(|(_, u)| u["username"] == json!(username) && u["domain"] == json!("LOCAL"))
            .map(|(sid, _)| sid.clone())
    }

    /// The user names of the LOCAL users, sorted.
    pub fn usernames(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .lock()
            .users
            .values()
            .filter(|u| u["domain"] == json!("LOCAL"))
            .filter_map(|u| u["username"].as_str().map(str::to_owned))
            .collect();
        names.sort();
        names
    }

    /// The names of the API keys `username` (LOCAL) owns, sorted.
    pub fn api_key_names(&self, username: &str) -> Vec<String> {
        let Some(sid) = self.sid_of(username) else {
            return Vec::new();
        };
        let mut names: Vec<String> = self
            .lock()
            .api_keys
            .values()
            .filter(|(k, _)| k["userSid"] == json!(sid))
            .filter_map(|(k, _)| k["name"].as_str().map(str::to_owned))
            .collect();
        names.sort();
        names
    }

    /// How many live sessions there are (each login makes one; logging out ends them).
    pub fn session_count(&self) -> usize {
        self.lock().sessions.len()
    }

    /// How many requests the fake has received, faults and refusals included.
    pub fn request_count(&self) -> u64 {
        self.lock().requests
    }

    /// Fault: every live session expires now, as when a cluster's session timeout passes.
    /// A request with one of their ids is then 401 (`KStatusUnauthorized`) until the client
    /// logs in again; API keys keep working.
    pub fn expire_sessions(&self) {
        self.lock().sessions.clear();
    }

    /// Fault: the next `count` requests (logins included) are answered `status` with the
    /// `Error` model (`errorCode` `KStatusFaultInjected`) and, when `retry_after` is given, a
    /// `Retry-After: <seconds>` header, without reaching the fake's state. Calling it again
    /// replaces the faults still pending. `fail_next(2, 503, Some(1))` is a cluster that is
    /// busy for two requests.
    ///
    /// # Panics
    /// When `status` is not an HTTP status code (100 to 999).
    pub fn fail_next(&self, count: usize, status: u16, retry_after: Option<u64>) {
        let status = StatusCode::from_u16(status).expect("an HTTP status code");
        self.lock().faults = Faults {
            remaining: count,
            status,
            retry_after,
        };
    }

    fn lock(&self) -> MutexGuard<'_, Cluster> {
        // A panic in a handler leaves the records as they were: keep serving them.
        self.cluster.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for FakeCluster {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A [`FakeCluster`] being seeded; [`FakeClusterBuilder::start`] starts it.
///
/// Seeded users are LOCAL, have the role `COHESITY_ADMIN` and SIDs `S-1-100-21-1001`,
/// `S-1-100-21-1002`... in the order they are added ([`FakeCluster::sid_of`] finds them).
pub struct FakeClusterBuilder {
    cluster: Cluster,
    seeded_users: u64,
}

impl FakeClusterBuilder {
    /// Adds the administrator [`FakeCluster::start`] has: [`ADMIN_USERNAME`] /
    /// [`ADMIN_PASSWORD`], SID [`ADMIN_SID`].
    pub fn admin(mut self) -> Self {
        self.cluster
            .add_user(ADMIN_SID, ADMIN_USERNAME, ADMIN_PASSWORD);
        self
    }

    /// Adds the LOCAL user `username`, who logs in with `password`.
    ///
    /// # Panics
    /// When a LOCAL user of that name was already added.
    pub fn user(mut self, username: &str, password: &str) -> Self {
        assert!(
            self.cluster.local_sid(username).is_none(),
            "the fake already has a LOCAL user {username}"
        );
        self.seeded_users += 1;
        let sid = format!("S-1-100-21-{}", 1000 + self.seeded_users);
        self.cluster.add_user(&sid, username, password);
        self
    }

    /// Adds an active API key named `name` owned by the LOCAL user `owner` (added before),
    /// whose value (the `apiKey` header a client sends) is `key`.
    ///
    /// # Panics
    /// When `owner` was not added before.
    pub fn api_key(mut self, owner: &str, name: &str, key: &str) -> Self {
        let sid = self
            .cluster
            .local_sid(owner)
            .unwrap_or_else(|| panic!("add the user {owner} before its API keys"));
        let id = format!("key-{}", self.cluster.next());
        let record = json!({
            "id": id, "name": name, "userSid": sid, "createdByUserSid": sid,
            "createdTimeMsecs": self.cluster.next(), "expiryTimeMsecs": null,
            "isActive": true, "isExpired": false,
        });
        self.cluster.api_keys.insert(id, (record, key.to_owned()));
        self
    }

    /// Starts the fake on a free port of 127.0.0.1, serving until it is dropped.
    ///
    /// # Panics
    /// When no loopback port can be bound, or outside a Tokio runtime.
    pub async fn start(self) -> FakeCluster {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the fake cluster");
        let base_url = format!(
            "http://{}/v2",
            listener.local_addr().expect("the fake's address")
        );
        let cluster = Arc::new(Mutex::new(self.cluster));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(cluster.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeCluster {
            base_url,
            cluster,
            task,
        }
    }
}

/// The faults still to answer.
struct Faults {
    remaining: usize,
    status: StatusCode,
    retry_after: Option<u64>,
}

type Shared = Arc<Mutex<Cluster>>;

struct Cluster {
    /// SID -> user record (as `UserParams`), with its password kept aside.
    users: BTreeMap<String, Value>,
    passwords: BTreeMap<String, String>,
    groups: BTreeMap<String, Value>,
    /// Key id -> (`UserAPIKey` record, the key itself).
    api_keys: BTreeMap<String, (Value, String)>,
    /// Session id -> user SID.
    sessions: BTreeMap<String, String>,
    sources: BTreeMap<String, Value>,
    /// Makes ids and times: every id and time the fake hands out is distinct.
    counter: u64,
    faults: Faults,
    requests: u64,
}

/// What a handler answers.
type Answer = (StatusCode, Value);

fn error(status: StatusCode, code: &str, message: &str) -> Answer {
    (status, json!({ "errorCode": code, "message": message }))
}

fn not_found(what: &str, id: &str) -> Answer {
    error(
        StatusCode::NOT_FOUND,
        "KStatusNotFound",
        &format!("no {what} {id}"),
    )
}

fn bad_request(message: &str) -> Answer {
    error(StatusCode::BAD_REQUEST, "KStatusInvalidRequest", message)
}

fn no_content() -> Answer {
    (StatusCode::NO_CONTENT, Value::Null)
}

impl Cluster {
    fn new() -> Self {
        Cluster {
            users: BTreeMap::new(),
            passwords: BTreeMap::new(),
            groups: BTreeMap::new(),
            api_keys: BTreeMap::new(),
            sessions: BTreeMap::new(),
            sources: BTreeMap::new(),
            counter: 1_700_000_000_000,
            faults: Faults {
                remaining: 0,
                status: StatusCode::SERVICE_UNAVAILABLE,
                retry_after: None,
            },
            requests: 0,
        }
    }

    /// Adds a LOCAL user with the role `COHESITY_ADMIN`.
    fn add_user(&mut self, sid: &str, username: &str, password: &str) {
        self.users.insert(
            sid.to_owned(),
            json!({
                "sid": sid, "username": username, "domain": "LOCAL",
                "roles": ["COHESITY_ADMIN"], "restricted": false, "locked": false,
                "lockedReason": "NotLocked",
                "localUserParams": { "email": format!("{username}@example.com") }
            }),
        );
        self.passwords.insert(sid.to_owned(), password.to_owned());
    }

    /// The SID of the LOCAL user `username`.
    fn local_sid(&self, username: &str) -> Option<String> {
        self.users
            .iter()
            .find(|(_, u)| u["username"] == json!(username) && u["domain"] == json!("LOCAL"))
            .map(|(sid, _)| sid.clone())
    }

    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// The SID of the caller, from its credential.
    fn caller(&self, headers: &HeaderMap) -> Option<String> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let session = header("session-id")
            .or_else(|| header("authorization").and_then(|v| v.strip_prefix("Bearer ")));
        if let Some(sid) = session.and_then(|s| self.sessions.get(s)) {
            return Some(sid.clone());
        }
        let key = header("apikey")?;
        self.api_keys
            .values()
            .find(|(record, secret)| secret == key && record["isActive"] != json!(false))
            .map(|(record, _)| record["userSid"].as_str().unwrap_or_default().to_owned())
    }

    fn login(&mut self, body: &Value) -> Answer {
        let domain = body["domain"].as_str().unwrap_or("LOCAL");
        let found = self.users.iter().find(|(sid, user)| {
            user["username"] == body["username"]
                && user["domain"] == json!(domain)
                && self.passwords.get(*sid).map(String::as_str) == body["password"].as_str()
        });
        let Some((sid, _)) = found else {
            return error(
                StatusCode::UNAUTHORIZED,
                "KStatusUnauthorized",
                "Unauthorized: check the username, password and session.",
            );
        };
        let sid = sid.clone();
        let session = format!("{:032x}", self.next());
        self.sessions.insert(session.clone(), sid);
        (StatusCode::CREATED, json!({ "sessionId": session }))
    }

    fn create_users(&mut self, body: &Value) -> Answer {
        let Some(list) = body.as_array().filter(|l| !l.is_empty()) else {
            return bad_request("give at least one user");
        };
        let mut created = Vec::new();
        for params in list {
            let (Some(username), Some(domain)) =
                (params["username"].as_str(), params["domain"].as_str())
            else {
                return bad_request("username and domain are required");
            };
            let taken =
                |u: &Value| u["username"] == json!(username) && u["domain"] == json!(domain);
            if self.users.values().chain(&created).any(taken) {
                return error(
                    StatusCode::CONFLICT,
                    "KStatusAlreadyExists",
                    &format!("a user {username} already exists in domain {domain}"),
                );
            }
            let sid = format!("S-1-100-21-{}", self.next());
            let mut user = params.clone();
            let local = user["localUserParams"].take();
            if let Some(password) = local["password"].as_str() {
                self.passwords.insert(sid.clone(), password.to_owned());
            }
            user["localUserParams"] = json!({ "email": local["email"] });
            user["sid"] = json!(sid);
            user["username"] = json!(username);
            user["domain"] = json!(domain);
            user["createdTimeMsecs"] = json!(self.next());
            user["lockedReason"] = json!("NotLocked");
            self.users.insert(sid, user.clone());
            created.push(user);
        }
        (StatusCode::CREATED, json!({ "users": created }))
    }

    fn delete_user(&mut self, sid: &str) -> Answer {
        if self.users.remove(sid).is_none() {
            return not_found("user", sid);
        }
        self.passwords.remove(sid);
        self.sessions.retain(|_, owner| owner != sid);
        self.api_keys
            .retain(|_, (key, _)| key["userSid"] != json!(sid));
        no_content()
    }

    fn create_groups(&mut self, body: &Value) -> Answer {
        let Some(list) = body.as_array().filter(|l| !l.is_empty()) else {
            return bad_request("give at least one group");
        };
        let mut created = Vec::new();
        for params in list {
            if params["name"].as_str().is_none() || params["domain"].as_str().is_none() {
                return bad_request("name and domain are required");
            }
            let sid = format!("S-1-100-31-{}", self.next());
            let mut group = params.clone();
            group["sid"] = json!(sid);
            group["createdTimeMsecs"] = json!(self.next());
            self.groups.insert(sid, group.clone());
            created.push(group);
        }
        (StatusCode::CREATED, json!({ "groups": created }))
    }

    fn create_key(&mut self, owner: &str, caller: &str, body: &Value) -> Answer {
        let Some(name) = body["name"].as_str() else {
            return bad_request("name is required");
        };
        let id = format!("key-{}", self.next());
        let secret = format!("ak{:030x}", self.next());
        let record = json!({
            "id": id, "name": name, "userSid": owner, "createdByUserSid": caller,
            "createdTimeMsecs": self.next(), "expiryTimeMsecs": body["expiryTimeMsecs"],
            "isActive": body["isActive"].as_bool().unwrap_or(true), "isExpired": false,
        });
        self.api_keys.insert(id, (record.clone(), secret.clone()));
        (StatusCode::CREATED, with_secret(record, &secret))
    }

    /// The answer to an authenticated request.
    fn route(
        &mut self,
        caller: &str,
        method: &Method,
        path: &[&str],
        query: &Query,
        body: &Value,
    ) -> Answer {
        match (method.as_str(), path) {
            ("GET", ["api-keys"]) => {
                let keys = self
                    .api_keys
                    .values()
                    .map(|(k, _)| k)
                    .filter(|k| {
                        query.matches_any("ids", &k["id"])
                            && query.matches_any("ownerSids", &k["userSid"])
                    })
                    .filter(|k| {
                        query.matches_flag("isActive", &k["isActive"])
                            && query.matches_flag("isExpired", &k["isExpired"])
                    })
                    .cloned()
                    .collect::<Vec<_>>();
                (StatusCode::OK, json!({ "apiKeys": keys }))
            }
            ("GET", ["groups"]) => {
                let groups = query.principals(self.groups.values(), "names", "name");
                (StatusCode::OK, json!({ "groups": groups }))
            }
            ("POST", ["groups"]) => self.create_groups(body),
            ("POST", ["groups", "delete"]) | ("POST", ["users", "delete"]) => {
                let Some(sids) = body["sids"].as_array().filter(|s| !s.is_empty()) else {
                    return bad_request("sids is required");
                };
                let users = path[0] == "users";
                for sid in sids.iter().filter_map(Value::as_str) {
                    let answer = if users {
                        self.delete_user(sid)
                    } else {
                        self.groups
                            .remove(sid)
                            .map_or_else(|| not_found("group", sid), |_| no_content())
                    };
                    if answer.0 != StatusCode::NO_CONTENT {
                        return answer;
                    }
                }
                no_content()
            }
            ("GET", ["groups", sid]) => self
                .groups
                .get(*sid)
                .map_or_else(|| not_found("group", sid), |g| (StatusCode::OK, g.clone())),
            ("PUT", ["groups", sid]) => match self.groups.get_mut(*sid) {
                Some(group) => {
                    merge(group, body);
                    group["lastUpdatedTimeMsecs"] = json!(self.counter);
                    (StatusCode::OK, group.clone())
                }
                None => not_found("group", sid),
            },
            ("DELETE", ["groups", sid]) => self
                .groups
                .remove(*sid)
                .map_or_else(|| not_found("group", sid), |_| no_content()),
            ("GET", ["security-principals"]) => {
                let Some(sids) = query.list("sids") else {
                    return bad_request("sids is required");
                };
                let principals = sids
                    .iter()
                    .filter_map(|sid| {
                        let (user, group) = (self.users.get(*sid), self.groups.get(*sid));
                        let (name, class) = match (user, group) {
                            (Some(u), _) => (u["username"].clone(), "User"),
                            (_, Some(g)) => (g["name"].clone(), "Group"),
                            _ => return None,
                        };
                        Some(json!({ "sid": sid, "principalName": name, "objectClass": class, "domainName": "LOCAL" }))
                    })
                    .collect::<Vec<_>>();
                (StatusCode::OK, json!({ "securityPrincipals": principals }))
            }
            ("GET", ["security-principals", sid, "sources"]) => {
                if !self.users.contains_key(*sid) && !self.groups.contains_key(*sid) {
                    return not_found("principal", sid);
                }
                let sources = self.sources.get(*sid).cloned();
                (
                    StatusCode::OK,
                    sources.unwrap_or_else(|| json!({ "sourceIds": [], "viewIds": [] })),
                )
            }
            ("PUT", ["security-principals", sid, "sources"]) => {
                if !self.users.contains_key(*sid) && !self.groups.contains_key(*sid) {
                    return not_found("principal", sid);
                }
                self.sources.insert((*sid).to_owned(), body.clone());
                (StatusCode::OK, body.clone())
            }
            ("GET", ["users"]) => {
                let users = query.principals(self.users.values(), "usernames", "username");
                (StatusCode::OK, json!({ "users": users }))
            }
            ("POST", ["users"]) => self.create_users(body),
            ("GET", ["users", "sessions"]) => {
                let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
                for owner in self.sessions.values() {
                    if query.matches_any("sids", &json!(owner)) {
                        *counts.entry(owner).or_default() += 1;
                    }
                }
                let per_user: Vec<Value> = counts
                    .iter()
                    .map(|(sid, n)| json!({ "sid": sid, "sessionsCount": n }))
                    .collect();
                let total: u64 = counts.values().sum();
                (
                    StatusCode::OK,
                    json!({ "sessionsPerUser": per_user, "totalSessionsCount": total }),
                )
            }
            ("DELETE", ["users", "sessions"]) => {
                match query.get("sid") {
                    Some(sid) if !self.users.contains_key(sid) => return not_found("user", sid),
                    Some(sid) => self.sessions.retain(|_, owner| owner != sid),
                    None => self.sessions.clear(),
                }
                no_content()
            }
            ("GET", ["users", sid]) => self
                .users
                .get(*sid)
                .map_or_else(|| not_found("user", sid), |u| (StatusCode::OK, u.clone())),
            ("PUT", ["users", sid]) => match self.users.get_mut(*sid) {
                Some(user) => {
                    let mut update = body.clone();
                    let local = update["localUserParams"].take();
                    merge(user, &update);
                    if let Some(email) = local.get("email") {
                        user["localUserParams"] = json!({ "email": email });
                    }
                    user["lastUpdatedTimeMsecs"] = json!(self.counter);
                    let user = user.clone();
                    if let Some(password) = local["password"].as_str() {
                        self.passwords
                            .insert((*sid).to_owned(), password.to_owned());
                    }
                    (StatusCode::OK, user)
                }
                None => not_found("user", sid),
            },
            ("DELETE", ["users", sid]) => self.delete_user(sid),
            ("POST", ["users", sid, "s3-secret-key"]) => {
                if !self.users.contains_key(*sid) {
                    return not_found("user", sid);
                }
                (
                    StatusCode::CREATED,
                    json!({ "secret-key": format!("s3{:030x}", self.next()) }),
                )
            }
            ("GET", ["users", owner, "api-keys"]) => {
                if !self.users.contains_key(*owner) {
                    return not_found("user", owner);
                }
                let keys = self
                    .api_keys
                    .values()
                    .map(|(k, _)| k)
                    .filter(|k| k["userSid"] == json!(owner) && query.matches_any("ids", &k["id"]))
                    .filter(|k| query.matches_flag("isActive", &k["isActive"]))
                    .cloned()
                    .collect::<Vec<_>>();
                (StatusCode::OK, json!({ "apiKeys": keys }))
            }
            ("POST", ["users", owner, "api-keys"]) => {
                if !self.users.contains_key(*owner) {
                    return not_found("user", owner);
                }
                self.create_key(owner, caller, body)
            }
            (_, ["users", owner, "api-keys", id, rest @ ..]) => {
                let now = self.next();
                let Some((record, secret)) = self
                    .api_keys
                    .get_mut(*id)
                    .filter(|(k, _)| k["userSid"] == json!(owner))
                else {
                    return not_found("API key", id);
                };
                match (method.as_str(), rest) {
                    ("GET", []) => (StatusCode::OK, record.clone()),
                    ("PUT", []) => {
                        for field in ["name", "isActive", "expiryTimeMsecs"] {
                            if let Some(v) = body.get(field) {
                                record[field] = v.clone();
                            }
                        }
                        (StatusCode::OK, record.clone())
                    }
                    ("DELETE", []) => {
                        self.api_keys.remove(*id);
                        no_content()
                    }
                    ("POST", ["rotate"]) => {
                        *secret = format!("ak{now:030x}");
                        record["lastRotatedTimeMsecs"] = json!(now);
                        (StatusCode::OK, with_secret(record.clone(), secret))
                    }
                    _ => error(StatusCode::NOT_FOUND, "KStatusNotFound", "no such endpoint"),
                }
            }
            _ => error(StatusCode::NOT_FOUND, "KStatusNotFound", "no such endpoint"),
        }
    }
}

/// A `UserAPIKey` record with the key itself: a `CreatedUserAPIKey`.
fn with_secret(mut record: Value, secret: &str) -> Value {
    record["apiKey"] = json!(secret);
    record
}

/// Sets every field `update` has (nulls included) on `record`.
fn merge(record: &mut Value, update: &Value) {
    if let (Some(record), Some(update)) = (record.as_object_mut(), update.as_object()) {
        for (k, v) in update {
            record.insert(k.clone(), v.clone());
        }
    }
}

/// Query parameters, with the comma-separated arrays of the API.
struct Query(Map<String, Value>);

impl Query {
    fn parse(uri: &Uri) -> Self {
        let url = url::Url::parse(&format!("http://fake{uri}")).unwrap();
        Query(
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), json!(v.into_owned())))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    fn list(&self, name: &str) -> Option<Vec<&str>> {
        self.get(name).map(|v| v.split(',').collect())
    }

    /// No filter, or `value` is one of the listed ones.
    fn matches_any(&self, name: &str, value: &Value) -> bool {
        self.list(name)
            .is_none_or(|list| list.iter().any(|item| value == &json!(item)))
    }

    /// The principals (users or groups) the query's `sids`, `domain` and the list of names
    /// `names` (matched against each principal's `name` property) select.
    fn principals<'a>(
        &self,
        all: impl Iterator<Item = &'a Value>,
        names: &str,
        name: &str,
    ) -> Vec<Value> {
        all.filter(|p| self.matches_any("sids", &p["sid"]) && self.matches_any(names, &p[name]))
            .filter(|p| self.get("domain").is_none_or(|d| p["domain"] == json!(d)))
            .cloned()
            .collect()
    }

    /// No filter, or the boolean `value` is the one asked for.
    fn matches_flag(&self, name: &str, value: &Value) -> bool {
        self.get(name)
            .is_none_or(|wanted| value.as_bool().unwrap_or(false).to_string() == wanted)
    }
}

async fn handle(
    State(cluster): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(fault) = fault(&cluster) {
        return fault;
    }
    let (status, value) = answer(&cluster, &method, &uri, &headers, &body);
    if status == StatusCode::NO_CONTENT {
        return status.into_response();
    }
    (status, Json(value)).into_response()
}

/// The answer of a pending fault, if one is pending; counts the request.
fn fault(cluster: &Shared) -> Option<Response> {
    let mut cluster = cluster.lock().unwrap_or_else(|e| e.into_inner());
    cluster.requests += 1;
    let faults = &mut cluster.faults;
    if faults.remaining == 0 {
        return None;
    }
    faults.remaining -= 1;
    let (status, body) = error(
        faults.status,
        "KStatusFaultInjected",
        &format!("fault injected by the test: {}", faults.status),
    );
    let mut response = (status, Json(body)).into_response();
    if let Some(seconds) = faults.retry_after {
        response
            .headers_mut()
            .insert("retry-after", HeaderValue::from(seconds));
    }
    Some(response)
}

fn answer(
    cluster: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let Some(path) = uri.path().strip_prefix("/v2/") else {
        return error(
            StatusCode::NOT_FOUND,
            "KStatusNotFound",
            "the API is under /v2",
        );
    };
    let path: Vec<&str> = path.split('/').collect();
    let body: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return bad_request(&format!("the body is not JSON: {e}")),
        }
    };
    let query = Query::parse(uri);
    let mut cluster = cluster.lock().unwrap_or_else(|e| e.into_inner());
    if method == Method::POST && path == ["users", "sessions"] {
        return cluster.login(&body);
    }
    let Some(caller) = cluster.caller(headers) else {
        return error(
            StatusCode::UNAUTHORIZED,
            "KStatusUnauthorized",
            "Unauthorized: check the username, password and session.",
        );
    };
    cluster.route(&caller, method, &path, &query, &body)
}
