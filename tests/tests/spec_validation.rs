//! spec/users.yaml checked by an independent validator (openapi-spec-validator, which the
//! test command installs), and the validator shown to reject broken copies.

use std::path::Path;
use std::process::Command;

/// Runs the validator on `path`: `Ok(())` when valid, `Err(output)` otherwise.
fn validate(path: &Path) -> Result<(), String> {
    let out = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(path)
        .output()
        .expect("python3 runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains("No module named openapi_spec_validator"),
        "openapi-spec-validator is missing: run `pip install -r requirements-test.txt` (scripts/test does)"
    );
    if out.status.success() {
        Ok(())
    } else {
        Err(text)
    }
}

fn spec_text() -> String {
    String::from_utf8(workspace_tests::users_spec()).unwrap()
}

#[test]
fn users_spec_is_valid_openapi_3_0() {
    let path = workspace_tests::root().join(xtask::SPEC);
    validate(&path).unwrap();
}

#[test]
fn the_validator_rejects_broken_copies() {
    let dir = tempfile::tempdir().unwrap();
    let broken = [
        (
            "dangling-ref.yaml",
            spec_text().replace(
                "#/components/schemas/UserSession",
                "#/components/schemas/Nope",
            ),
            "/components/schemas/Nope",
        ),
        (
            "bad-location.yaml",
            spec_text().replace("in: query", "in: querystring"),
            "querystring",
        ),
    ];
    for (name, text, mentions) in broken {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let err = validate(&path).expect_err(name);
        assert!(err.contains(mentions), "{name}: {err}");
    }
}
