//! The client generated at build time is usable: one call against a mock server.

use build_rs_client::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn get_pet_sends_the_id_in_the_path_and_decodes_the_pet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/pets/7"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id":7,"name":"Rex","tag":"dog"}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&format!("{}/v1", server.uri())).unwrap();
    let pet = client.pets().get_pet(7).await.unwrap();
    assert_eq!(
        // `tag` is required by the overlay (local.overlay.yaml): a `String`, not an `Option`.
        (pet.id, pet.name.as_str(), pet.tag.as_str()),
        (7, "Rex", "dog")
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
}

/// The build script's filter keeps the `pets` operations: the `admin` one, and the type only
/// it reaches, are not generated.
#[test]
fn the_filter_leaves_out_the_admin_operation_and_its_type() {
    let dir = concat!(env!("OUT_DIR"), "/openapi-client/src");
    let types = std::fs::read_to_string(format!("{dir}/types.rs")).unwrap();
    assert!(types.contains("pub struct Pet {"));
    assert!(!types.contains("ResetReport"));
    assert!(!std::path::Path::new(&format!("{dir}/api/admin.rs")).exists());
    assert!(std::path::Path::new(&format!("{dir}/api/pets.rs")).exists());
}
