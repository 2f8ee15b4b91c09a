//! `cargo xtask regen` and `generate` as a maintainer runs them, on a copy of the workspace.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DANGLING: &str = "#/components/schemas/NoSuchSchema";

/// A temporary copy of spec/ and generated/ (sources only).
fn workspace_copy() -> tempfile::TempDir {
    let root = xtask::workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    xtask::copy_dir(&root.join("spec"), &tmp.path().join("spec")).unwrap();
    xtask::copy_dir(&root.join("generated"), &tmp.path().join("generated")).unwrap();
    tmp
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_WORKSPACE_ROOT", root)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `generate --spec <spec> --out <out>` and the options `more`.
fn generate(root: &Path, spec: &Path, out: &Path, more: &[&str]) -> Output {
    let paths = [spec.to_str().unwrap(), out.to_str().unwrap()];
    xtask(
        root,
        &[&["generate", "--spec", paths[0], "--out", paths[1]], more].concat(),
    )
}

/// Runs `xtask` with `args`, checking that it fails (exit code 1) saying `part` on stderr
/// and changes no file under `root`.
fn fails_changing_nothing(root: &Path, args: &[&str], part: &str) {
    let before = snapshot(root);
    let stderr = failed(root, args);
    assert!(stderr.contains(part), "{stderr}");
    assert_eq!(snapshot(root), before, "nothing under the root changed");
}

/// What a run wrote on stdout, having succeeded (its stderr shown otherwise).
fn succeeded(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// Runs `regen`, checking that it succeeds saying `part` on stdout.
fn regen_says(root: &Path, part: &str) {
    let stdout = succeeded(xtask(root, &["regen"]));
    assert!(stdout.contains(part), "{stdout}");
}

/// What `xtask` writes on stderr, having failed (exit code 1).
fn failed(root: &Path, args: &[&str]) -> String {
    let out = xtask(root, args);
    assert_eq!(out.status.code(), Some(1));
    text(&out.stderr)
}

/// Raises the spec's `info.version` from 0.4.0 to 0.4.1 (every generated file's header
/// names it).
fn raise_version(root: &Path) {
    edit_spec(root, "  version: 0.4.0\n", "  version: 0.4.1\n");
}

/// Makes a reference of the spec point at [`DANGLING`], a schema that does not exist.
fn point_a_reference_at_nothing(root: &Path) {
    edit_spec(
        root,
        "#/components/schemas/UserSession'",
        &format!("{DANGLING}'"),
    );
}

fn edit_spec(root: &Path, from: &str, to: &str) {
    let path = root.join("spec/users.yaml");
    let spec = fs::read_to_string(&path).unwrap();
    assert_eq!(
        spec.matches(from).count(),
        1,
        "{from:?} occurs once in the spec"
    );
    fs::write(&path, spec.replace(from, to)).unwrap();
}

#[test]
fn a_description_change_changes_exactly_its_doc_comment() {
    let tmp = workspace_copy();
    let root = tmp.path();
    let check = xtask(root, &["regen", "--check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));

    edit_spec(
        root,
        "Specifies the error code.",
        "Specifies the error code, like KStatusFailed.",
    );
    let before = snapshot(&root.join("generated"));

    let stderr = failed(root, &["regen", "--check"]);
    assert!(stderr.contains("  generated/src/types.rs\n"), "{stderr}");
    assert!(stderr.contains("run `cargo xtask regen`"), "{stderr}");
    assert_eq!(
        snapshot(&root.join("generated")),
        before,
        "--check writes nothing"
    );

    let regen = xtask(root, &["regen"]);
    assert!(regen.status.success(), "{}", text(&regen.stderr));
    assert!(text(&regen.stdout).contains("generated/src/types.rs (updated)"));
    let after = snapshot(&root.join("generated"));

    let changed: Vec<&PathBuf> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert_eq!(changed, [Path::new("src/types.rs")]);
    let old = text(&before[Path::new("src/types.rs")]);
    let new = text(&after[Path::new("src/types.rs")]);
    let diff: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(old.lines().count(), new.lines().count());
    assert_eq!(
        diff,
        [(
            "    /// Specifies the error code.",
            "    /// Specifies the error code, like KStatusFailed."
        )]
    );
    assert!(xtask(root, &["regen", "--check"]).status.success());
}

#[test]
fn a_broken_spec_fails_with_file_and_pointer_and_leaves_generated_untouched() {
    let tmp = workspace_copy();
    let root = tmp.path();
    point_a_reference_at_nothing(root);
    for args in [&["regen"][..], &["regen", "--check"][..]] {
        fails_changing_nothing(
            root,
            args,
            "error: spec/users.yaml: at /paths/~1users~1sessions/post/responses/201/content/application~1json/schema: \
             `$ref: #/components/schemas/NoSuchSchema` points to nothing: there is no schema `NoSuchSchema` under components/schemas\n  \
             help: define `NoSuchSchema` under components/schemas, or correct the reference",
        );
    }
}

#[test]
fn generate_writes_a_standalone_crate_and_refuses_broken_input() {
    let tmp = workspace_copy();
    let root = tmp.path();
    let spec = root.join("spec/users.yaml");
    let out_dir = root.join("out");
    succeeded(generate(root, &spec, &out_dir, &["--name", "my-users"]));
    let manifest = fs::read_to_string(out_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-users\""), "{manifest}");
    assert!(out_dir.join("src/api/users.rs").exists());
    // The document is named relative to the crate, never by this machine's absolute path.
    let lib = fs::read_to_string(out_dir.join("src/lib.rs")).unwrap();
    assert!(
        lib.starts_with("// @generated by `cargo xtask generate --spec ../spec/users.yaml --out .` from ../spec/users.yaml ("),
        "{lib}"
    );
    let root_text = root.to_str().unwrap();
    for dir in ["", "src", "src/api"] {
        for entry in fs::read_dir(out_dir.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let text = fs::read_to_string(&path).unwrap();
                assert!(!text.contains(root_text), "{}", path.display());
            }
        }
    }

    point_a_reference_at_nothing(root);
    let fresh = root.join("never-created");
    let out = generate(root, &spec, &fresh, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!fresh.exists());
}

#[test]
fn regen_reports_api_changes_and_the_bump_they_need() {
    let tmp = workspace_copy();
    let root = tmp.path();

    // Adding an operation: non-breaking, a minor bump (0.4.0 -> 0.4.1 below 1.0).
    edit_spec(
        root,
        "components:\n  securitySchemes:",
        "  /users/sessions/current:\n    get:\n      tags: [Users]\n      operationId: GetCurrentSession\n      responses:\n        '204':\n          description: ok\ncomponents:\n  securitySchemes:",
    );
    regen_says(
        root,
        "spec/users.yaml: API changes for users of generated:\n  non-breaking:\n    - operation `users().get_current_session` added (GET /users/sessions/current)\n  semver: additions only: a minor version bump (0.4.0 -> at least 0.4.1); the version is 0.4.0 (from info.version): raise info.version to 0.4.1 or more\n",
    );

    // Adding an enum value: non-breaking; with info.version raised, the version is enough.
    edit_spec(
        root,
        "            - totp\n",
        "            - totp\n            - sms\n",
    );
    raise_version(root);
    let out = xtask(root, &["regen"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("  non-breaking:\n    - type `CreateUserSessionRequestParamsOtpType`: value `sms` added\n  semver: additions only: a minor version bump (0.4.0 -> at least 0.4.1); version 0.4.0 -> 0.4.1 is enough\n"),
        "{stdout}"
    );

    // Removing a field: breaking. --check fails and prints the same report.
    edit_spec(
        root,
        "        errorCode:\n          type: string\n          nullable: true\n          description: Specifies the error code.\n",
        "",
    );
    let stderr = failed(root, &["regen", "--check"]);
    let expected = "spec/users.yaml: API changes for users of generated:\n  breaking:\n    - type `Error`: field `error_code` removed\n  semver: breaking changes: a major version bump (0.4.1 -> at least 0.5.0); the version is 0.4.1 (from info.version): raise info.version to 0.5.0 or more\n";
    assert!(stderr.contains(expected), "{stderr}");
    let out = xtask(root, &["regen"]);
    assert!(
        text(&out.stdout).contains(expected),
        "{}",
        text(&out.stdout)
    );

    // Nothing changed since: one line, nothing else.
    let out = xtask(root, &["regen"]);
    assert_eq!(
        (text(&out.stdout).as_str(), text(&out.stderr).as_str()),
        (
            "generated is up to date with spec/users.yaml (18 files)\n",
            ""
        )
    );
}

/// `cargo check` of the crate in `dir`, offline, sharing the workspace's target directory so
/// that dependencies already built are reused.
fn cargo_check(dir: &Path) -> Output {
    Command::new(xtask::cargo())
        .args(["check", "--quiet", "--offline"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            xtask::workspace_root().join("target/compat"),
        )
        .output()
        .unwrap()
}

#[test]
fn a_new_optional_parameter_is_reported_non_breaking_and_code_written_before_still_compiles() {
    let tmp = workspace_copy();
    let root = tmp.path();
    // A user's program, written against the committed crate.
    let program = root.join("program");
    fs::create_dir_all(program.join("src")).unwrap();
    fs::write(
        program.join("Cargo.toml"),
        "[package]\nname = \"program\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ncohesity-users = { path = \"../generated\" }\n\n[workspace]\n",
    )
    .unwrap();
    fs::copy(
        xtask::workspace_root().join("Cargo.lock"),
        program.join("Cargo.lock"),
    )
    .unwrap();
    fs::write(
        program.join("src/main.rs"),
        r#"use cohesity_users::types::CreateUserSessionRequestParams;
use cohesity_users::{Client, Error};

async fn log_in_and_out(client: &Client) -> Result<(), Error> {
    let login = CreateUserSessionRequestParams {
        username: Some("admin".into()),
        ..Default::default()
    };
    let session = client.users().create_session(&login).await?;
    let signed_in = client.with_user_session(&session)?;
    signed_in.users().delete_session().sid("S-1-100-21-4242").await?;
    signed_in.users().delete_session().await?;
    Ok(())
}

fn main() {
    let _ = log_in_and_out;
}
"#,
    )
    .unwrap();
    let before = cargo_check(&program);
    assert!(before.status.success(), "{}", text(&before.stderr));

    edit_spec(
        root,
        "            session of every user of the cluster.\n          schema:\n            type: string\n",
        "            session of every user of the cluster.\n          schema:\n            type: string\n        - name: force\n          in: query\n          required: false\n          schema:\n            type: boolean\n",
    );
    regen_says(
        root,
        "spec/users.yaml: API changes for users of generated:\n  non-breaking:\n    - operation `users().delete_session`: new optional parameter `force` (setter `.force(impl Into<bool>)`)\n  semver: additions only: a minor version bump",
    );
    assert!(fs::read_to_string(root.join("generated/src/api/users.rs"))
        .unwrap()
        .contains("pub fn force("));
    let after = cargo_check(&program);
    assert!(after.status.success(), "{}", text(&after.stderr));
}

/// The workspace copy with one fixture document and its crate too, for `--all`.
fn workspace_copy_with_fixture() -> tempfile::TempDir {
    let tmp = workspace_copy();
    let root = xtask::workspace_root();
    let specs = tmp.path().join("tests/fixtures/specs");
    fs::create_dir_all(&specs).unwrap();
    fs::copy(
        root.join("tests/fixtures/specs/petstore.yaml"),
        specs.join("petstore.yaml"),
    )
    .unwrap();
    xtask::copy_dir(
        &root.join("tests/fixtures/crates/petstore"),
        &tmp.path().join("tests/fixtures/crates/petstore"),
    )
    .unwrap();
    tmp
}

#[test]
fn a_broken_second_document_stops_a_valid_change_to_the_first_from_being_written() {
    let tmp = workspace_copy_with_fixture();
    let root = tmp.path();
    raise_version(root);
    let petstore = root.join("tests/fixtures/specs/petstore.yaml");
    let original = fs::read_to_string(&petstore).unwrap();
    let broken = original.replacen(
        "$ref: '#/components/schemas/",
        "$ref: '#/components/schemas/Missing",
        1,
    );
    assert_ne!(broken, original);
    fs::write(&petstore, broken).unwrap();
    let before = snapshot(root);
    let out = xtask(root, &["regen", "--all"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: tests/fixtures/specs/petstore.yaml: at /"),
        "{stderr}"
    );
    assert_eq!(snapshot(root), before, "neither crate changed");
    // Fixed, the same run writes both.
    fs::write(&petstore, original).unwrap();
    let out = xtask(root, &["regen", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(fs::read_to_string(root.join("generated/Cargo.toml"))
        .unwrap()
        .contains("version = \"0.4.1\""));
}

#[test]
fn an_orphaned_generated_file_fails_the_check_and_regen_removes_it() {
    let tmp = workspace_copy();
    let root = tmp.path();
    let orphan = root.join("generated/src/api/retired.rs");
    fs::write(
        &orphan,
        "// @generated by `cargo xtask regen` from spec/users.yaml (an older version).\n",
    )
    .unwrap();
    let hand_written = root.join("generated/examples/mine.rs");
    fs::write(&hand_written, "fn main() {}\n").unwrap();
    // Copies under `target/` or a hidden folder (a build's output, an editor's backup)
    // are not the crate's: neither stale nor removed.
    let marker = "// @generated by `cargo xtask regen` from spec/users.yaml.\n";
    let build_output = root.join("generated/target/debug/build/copy.rs");
    let backup = root.join("generated/.backup/src/lib.rs");
    for path in [&build_output, &backup] {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, marker).unwrap();
    }
    let stderr = failed(root, &["regen", "--check"]);
    assert!(
        stderr.starts_with("generated is stale: these files differ from what spec/users.yaml gives:\n  generated/src/api/retired.rs\n"),
        "{stderr}"
    );
    let out = xtask(root, &["regen"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().last(),
        Some("generated/src/api/retired.rs (removed: no longer generated)")
    );
    assert!(!orphan.exists());
    assert!(hand_written.exists(), "only generated files are removed");
    assert!(build_output.exists() && backup.exists());
    let out = xtask(root, &["regen", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_write_that_fails_part_way_leaves_the_old_crate_whole() {
    let tmp = workspace_copy();
    let root = tmp.path();
    // Every file's header names the version: all of them change.
    raise_version(root);
    // A folder where `src/types.rs` goes: moving the new file there fails after earlier
    // files (Cargo.toml, lib.rs, ...) have been replaced.
    let types = root.join("generated/src/types.rs");
    fs::remove_file(&types).unwrap();
    fs::create_dir_all(types.join("in-the-way")).unwrap();
    // The old crate, whole.
    fails_changing_nothing(
        root,
        &["regen"],
        "error: cannot move the new src/types.rs into place",
    );
}

#[test]
fn generate_names_the_crate_after_the_document_unless_told() {
    let tmp = workspace_copy();
    let root = tmp.path();
    let spec = root.join("spec/Users API.v2.yaml");
    fs::copy(root.join("spec/users.yaml"), &spec).unwrap();
    let out_dir = root.join("out");
    succeeded(generate(root, &spec, &out_dir, &[]));
    let manifest = fs::read_to_string(out_dir.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\nname = \"users-api-v2-client\"\n"),
        "{manifest}"
    );
}

#[test]
fn regen_with_nothing_to_change_says_so_in_one_line_and_writes_nothing() {
    let tmp = workspace_copy();
    let root = tmp.path();
    let before = snapshot(root);
    let out = xtask(root, &["regen"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let files = snapshot(&root.join("generated"))
        .keys()
        .filter(|p| !p.starts_with("examples"))
        .count();
    assert_eq!(
        text(&out.stdout),
        format!("generated is up to date with spec/users.yaml ({files} files)\n")
    );
    assert_eq!(text(&out.stderr), "");
    assert_eq!(snapshot(root), before);
}

#[test]
fn mutants_refuses_an_unknown_part_before_doing_anything() {
    let tmp = workspace_copy();
    assert_eq!(
        failed(tmp.path(), &["mutants", "everything"]),
        "error: unknown part \"everything\": choose among runtime, regen, writer, resolve, surface\n"
    );
}

#[test]
fn a_regen_that_changes_something_shows_its_stages_once() {
    let tmp = workspace_copy();
    let root = tmp.path();
    for (args, to) in [
        (&["regen"][..], "0.4.1"),
        (&["regen", "--verbose"][..], "0.4.2"),
    ] {
        let from = fs::read_to_string(root.join("spec/users.yaml"))
            .unwrap()
            .lines()
            .find(|l| l.starts_with("  version: "))
            .unwrap()
            .to_owned();
        edit_spec(root, &format!("{from}\n"), &format!("  version: {to}\n"));
        let out = xtask(root, args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        for stage in [
            "spec/users.yaml: load + resolve: ",
            "spec/users.yaml: emit + format: ",
        ] {
            assert_eq!(stderr.matches(stage).count(), 1, "{args:?}: {stderr}");
        }
    }
}

/// A document with Swagger 2.0 leftovers: one warning per repair (file, pointer, what was
/// found, what was assumed, how to correct it), and with `--strict` an error and no crate.
#[test]
fn repairs_are_warned_about_and_strict_refuses_them() {
    let root = xtask::workspace_root();
    let spec = "tests/fixtures/specs/swagger-leftovers.yaml";
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let args = [
        "generate",
        "--spec",
        spec,
        "--out",
        out_dir.to_str().unwrap(),
    ];
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .args(extra)
            .current_dir(&root)
            .output()
            .unwrap()
    };

    let strict = run(&["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        text(&strict.stderr),
        "error: tests/fixtures/specs/swagger-leftovers.yaml: at /paths/~1pets~1{id}/parameters/0/required: \
         a path parameter that is not `required: true` (refused: strict)\n  \
         help: set `required: true`; without strict checking the generator would assume it is required, as every path parameter is\n"
    );
    assert!(!out_dir.exists(), "nothing is written");

    let out = run(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 20, "{stderr}");
    assert_eq!(
        warnings[0],
        "warning: tests/fixtures/specs/swagger-leftovers.yaml: at /paths/~1pets~1{id}/parameters/0/required: \
         a path parameter that is not `required: true`; assumed it is required, as every path parameter is"
    );
    assert!(
        stderr.contains(
            "warning: tests/fixtures/specs/swagger-leftovers.yaml: at /paths/~1pets~1{id}/get/responses/200/schema: \
             a response with `schema` on itself (Swagger 2.0); assumed it is the schema of the body, sent as application/json\n  \
             help: move it under `content: {<media type>: {schema: ...}}` (or pass --strict to refuse such documents)\n"
        ),
        "{stderr}"
    );
    assert!(out_dir.join("src/types.rs").exists());
}

/// The report's lines under its `breaking:` and `non-breaking:` headings.
fn report_sections(stdout: &str) -> (Vec<&str>, Vec<&str>) {
    let (mut breaking, mut fine) = (vec![], vec![]);
    let mut section = None;
    for line in stdout.lines() {
        match line {
            "  breaking:" => section = Some(true),
            "  non-breaking:" => section = Some(false),
            _ => match (section, line.strip_prefix("    - ")) {
                (Some(true), Some(item)) => breaking.push(item),
                (Some(false), Some(item)) => fine.push(item),
                _ => section = None,
            },
        }
    }
    (breaking, fine)
}

/// Each edit of `xtask::semver::EDITS` (the change report's semver cases, which
/// `cargo xtask semver --edits` also gives to cargo-semver-checks), made to a copy of the
/// workspace and regenerated as a maintainer does: the report classes it as Rust's semver
/// rules do, with the exact line, and asks for the bump that class needs.
#[test]
fn each_semver_edit_is_reported_in_its_class() {
    for edit in xtask::semver::EDITS {
        let tmp = workspace_copy();
        let root = tmp.path();
        let spec = root.join("spec/users.yaml");
        let document = fs::read_to_string(&spec).unwrap();
        let base = xtask::semver::apply(&document, edit.setup).unwrap();
        if !edit.setup.is_empty() {
            fs::write(&spec, &base).unwrap();
            let regen = xtask(root, &["regen"]);
            assert!(
                regen.status.success(),
                "{}: {}",
                edit.name,
                text(&regen.stderr)
            );
        }
        fs::write(&spec, xtask::semver::apply(&base, edit.change).unwrap()).unwrap();
        let regen = xtask(root, &["regen"]);
        assert!(
            regen.status.success(),
            "{}: {}",
            edit.name,
            text(&regen.stderr)
        );
        let stdout = text(&regen.stdout);
        let (breaking, fine) = report_sections(&stdout);
        let (class, other) = if edit.breaking {
            (&breaking, &fine)
        } else {
            (&fine, &breaking)
        };
        assert!(class.contains(&edit.line), "{}: {stdout}", edit.name);
        assert!(!other.contains(&edit.line), "{}: {stdout}", edit.name);
        assert_eq!(
            breaking.is_empty(),
            !edit.breaking,
            "{}: {stdout}",
            edit.name
        );
        let bump = if edit.breaking {
            "semver: breaking changes: a major version bump (0.4.0 -> at least 0.5.0)"
        } else {
            "semver: additions only: a minor version bump (0.4.0 -> at least 0.4.1)"
        };
        assert!(stdout.contains(bump), "{}: {stdout}", edit.name);
    }
}
