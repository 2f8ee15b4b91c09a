//! A small in-memory fake of a cluster's Users API on loopback (users, groups, API keys,
//! sessions, principals' sources), for the main job, the examples and the scenario test.
//!
//! It is written against the API description, not the generated client: its records are
//! plain JSON, so a mistake in the client is not mirrored here. Every operation but logging in
//! needs a credential (`session-id` of a live session, an active `apiKey`, or
//! `Authorization: Bearer <session id>`); anything else is 401 with the `Error` model, and an
//! unknown SID or key id is 404 with it.

use crate::mock_cohesity::{PASSWORD, USERNAME, USER_SID};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// A running fake; stops when dropped.
pub struct FakeCluster {
    base_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl FakeCluster {
    /// Starts a fake with one LOCAL admin account (`USERNAME` / `PASSWORD`, SID `USER_SID`).
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}/v2", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::new(Mutex::new(Cluster::new())));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeCluster { base_url, task }
    }

    /// The base URL to give the client (`http://127.0.0.1:<port>/v2`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

impl Drop for FakeCluster {
    fn drop(&mut self) {
        self.task.abort();
    }
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
        let mut cluster = Cluster {
            users: BTreeMap::new(),
            passwords: BTreeMap::new(),
            groups: BTreeMap::new(),
            api_keys: BTreeMap::new(),
            sessions: BTreeMap::new(),
            sources: BTreeMap::new(),
            counter: 1_700_000_000_000,
        };
        cluster.users.insert(
            USER_SID.to_owned(),
            json!({
                "sid": USER_SID, "username": USERNAME, "domain": "LOCAL",
                "roles": ["COHESITY_ADMIN"], "restricted": false, "locked": false,
                "lockedReason": "NotLocked", "localUserParams": { "email": "admin@example.com" }
            }),
        );
        cluster
            .passwords
            .insert(USER_SID.to_owned(), PASSWORD.to_owned());
        cluster
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
                let groups = self
                    .groups
                    .values()
                    .filter(|g| {
                        query.matches_any("sids", &g["sid"])
                            && query.matches_any("names", &g["name"])
                    })
                    .filter(|g| query.get("domain").is_none_or(|d| g["domain"] == json!(d)))
                    .cloned()
                    .collect::<Vec<_>>();
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
                let users = self
                    .users
                    .values()
                    .filter(|u| {
                        query.matches_any("sids", &u["sid"])
                            && query.matches_any("usernames", &u["username"])
                    })
                    .filter(|u| query.get("domain").is_none_or(|d| u["domain"] == json!(d)))
                    .cloned()
                    .collect::<Vec<_>>();
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
        let url = reqwest::Url::parse(&format!("http://fake{uri}")).unwrap();
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
    let (status, value) = answer(&cluster, &method, &uri, &headers, &body);
    if status == StatusCode::NO_CONTENT {
        return status.into_response();
    }
    (status, Json(value)).into_response()
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
    let mut cluster = cluster.lock().unwrap();
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
