//! The generated Users client's traces (its `tracing` feature): one span per exchange,
//! naming the operation and its path template, and no credential, password or session id.
//! Alone in its test binary: no other test's thread meets the callsites first.

use cohesity_users::Client;
use cohesity_users_fake::FakeCluster;
use std::sync::{Arc, Mutex};
use workspace_tests::users::{api_key_named, renewing, ADMIN_SID};

mod traces {
    //! A subscriber that keeps every span and event as text.

    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Default)]
    pub struct Collect {
        pub text: Arc<Mutex<String>>,
        ids: AtomicU64,
    }

    struct Fields<'a>(&'a mut String);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.push_str(&format!(" {}={value:?}", field.name()));
        }
    }

    impl Subscriber for Collect {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }

        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let id = self.ids.fetch_add(1, Ordering::SeqCst) + 1;
            let mut line = format!(
                "\nspan {id} {} {}:",
                span.metadata().target(),
                span.metadata().name()
            );
            span.record(&mut Fields(&mut line));
            self.text.lock().unwrap().push_str(&line);
            Id::from_u64(id)
        }

        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut line = format!("\nrecord {}:", span.into_u64());
            values.record(&mut Fields(&mut line));
            self.text.lock().unwrap().push_str(&line);
        }

        fn record_follows_from(&self, _: &Id, _: &Id) {}

        fn event(&self, event: &Event<'_>) {
            let mut line = format!("\nevent {}:", event.metadata().target());
            event.record(&mut Fields(&mut line));
            self.text.lock().unwrap().push_str(&line);
        }

        fn enter(&self, _: &Id) {}

        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn traces_name_each_exchange_and_hold_no_secret() {
    let collect = traces::Collect::default();
    let text: Arc<Mutex<String>> = collect.text.clone();
    let _default = tracing::subscriber::set_default(collect);
    // With a single dispatcher registered, tracing asks the other tests' threads (which
    // have none) whether a callsite is on, and caches their "never": a second one makes it
    // ask every registered dispatcher, and the cache is then built again.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::callsite::rebuild_interest_cache();

    let cluster = FakeCluster::start().await;
    let client = Client::new(cluster.base_url()).unwrap();
    let admin = renewing(&client).await.unwrap();
    let key = admin
        .users()
        .create_user_api_key(ADMIN_SID, &api_key_named("traced"))
        .await
        .unwrap();
    let api_key = key.api_key.clone().unwrap();
    let with_key = client.with_created_user_api_key(&key).unwrap();
    with_key
        .users()
        .get_users()
        .usernames(["admin"])
        .await
        .unwrap();
    // The session expires; the next call logs in again.
    with_key
        .users()
        .delete_session()
        .sid(ADMIN_SID)
        .await
        .unwrap();
    admin.users().get_user_by_sid(ADMIN_SID).await.unwrap();

    let text = text.lock().unwrap().clone();
    let spans: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("span "))
        .map(|l| l.split_once(": ").map_or(l, |(_, fields)| fields))
        .collect();
    assert_eq!(
        spans,
        [
            "operation=\"CreateSession\" method=\"POST\" path=\"/users/sessions\" attempt=1",
            "operation=\"CreateUserAPIKey\" method=\"POST\" path=\"/users/{userSid}/api-keys\" attempt=1",
            "operation=\"GetUsers\" method=\"GET\" path=\"/users\" attempt=1",
            "operation=\"DeleteSession\" method=\"DELETE\" path=\"/users/sessions\" attempt=1",
            "operation=\"GetUserBySID\" method=\"GET\" path=\"/users/{sid}\" attempt=1",
            "operation=\"CreateSession\" method=\"POST\" path=\"/users/sessions\" attempt=1",
            "operation=\"GetUserBySID\" method=\"GET\" path=\"/users/{sid}\" attempt=2",
        ],
        "{text}"
    );
    assert!(text.contains("record 5: status=401"), "{text}");
    assert!(text.contains("record 7: status=200"), "{text}");
    assert!(
        text.contains("message=the session has expired: logging in again attempt=1"),
        "{text}"
    );
    for secret in ["mock-password", api_key.as_str(), ADMIN_SID, "admin\""] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // Nor a session id (32 hex digits on the fake cluster).
    let hex_run = text
        .split(|c: char| !c.is_ascii_hexdigit())
        .map(str::len)
        .max();
    assert!(hex_run < Some(32), "{text}");
}
