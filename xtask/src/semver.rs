//! `cargo xtask semver`: cargo-semver-checks as a second opinion on the API-change report.
//!
//! The report compares the API surface committed in git (`HEAD`) with the one in the work
//! tree (after `cargo xtask regen`). cargo-semver-checks then compares the two crates
//! themselves, asked to accept the release the report allows: when the report finds only
//! additions, any major change cargo-semver-checks finds is one the report missed.

use anyhow::{bail, Context, Result};
use oapi_rust_codegen::surface::{diff, Report, Surface};
use std::path::Path;
use std::process::{Command, ExitCode};

/// `cargo xtask semver [--edits]`: the work tree against `HEAD`, or each of [`EDITS`].
///
/// # Errors
/// When git, the surfaces or cargo-semver-checks cannot be read or run.
pub fn run(root: &Path, edits: bool) -> Result<ExitCode> {
    if edits {
        run_edits(root)
    } else {
        run_head(root)
    }
}

/// The release cargo-semver-checks is asked to accept: what the report allows.
fn release_type(report: &Report, version: &str) -> &'static str {
    if report.breaking.is_empty() {
        compatible_release(version)
    } else {
        "major"
    }
}

/// The release that keeps compatibility: below 1.0.0, a patch release; from 1.0.0, a minor one.
fn compatible_release(version: &str) -> &'static str {
    if version.starts_with("0.") {
        "patch"
    } else {
        "minor"
    }
}

/// Compares `generated/` in the work tree with `HEAD`'s, by the report and by
/// cargo-semver-checks (installed if missing).
fn run_head(root: &Path) -> Result<ExitCode> {
    let committed = Command::new("git")
        .args(["show", "HEAD:generated/api-surface.json"])
        .current_dir(root)
        .output()
        .context("running git")?;
    if !committed.status.success() {
        bail!("git show HEAD:generated/api-surface.json failed: is generated/ committed?");
    }
    let old: Surface = serde_json::from_slice(&committed.stdout)?;
    let new: Surface = serde_json::from_str(&std::fs::read_to_string(
        root.join("generated/api-surface.json"),
    )?)?;
    let report = diff(&old, &new);
    let release = release_type(&report, &new.version);
    println!(
        "the API-change report: {} breaking, {} non-breaking; checking as a {release} release",
        report.breaking.len(),
        report.non_breaking.len()
    );
    crate::ensure_cargo_tool("semver-checks", "cargo-semver-checks")?;
    let output = Command::new(crate::cargo())
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(root.join("generated/Cargo.toml"))
        .args(["--baseline-rev", "HEAD", "--release-type", release])
        .current_dir(root)
        .output()
        .context("running cargo semver-checks")?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{text}");
    if output.status.success() {
        println!("cargo-semver-checks agrees with the report ({release} release)");
        return Ok(ExitCode::SUCCESS);
    }
    if report.breaking.is_empty() {
        eprintln!(
            "cargo-semver-checks finds a major change the report calls non-breaking: the report says {} (a {release} release), cargo-semver-checks says major (above)",
            if report.is_empty() { "nothing changed" } else { "additions only" }
        );
    } else {
        eprintln!("cargo-semver-checks failed (above)");
    }
    Ok(ExitCode::FAILURE)
}

/// Each of [`EDITS`] on its own copy of `spec/users.yaml` and `generated/` (in the system's
/// temporary folder): the baseline crate (the committed one, or the one the edit's setup
/// gives) against the crate the edited document gives, by the report and by
/// cargo-semver-checks (asked whether the new crate keeps compatibility). Prints one line per
/// edit with both verdicts; fails when cargo-semver-checks finds a major change in an edit
/// the report calls non-breaking.
fn run_edits(root: &Path) -> Result<ExitCode> {
    crate::ensure_cargo_tool("semver-checks", "cargo-semver-checks")?;
    let scratch = std::env::temp_dir().join(format!("xtask-semver-edits-{}", std::process::id()));
    // One target folder for every edit: the dependencies' rustdoc is built once.
    let target = root.join("target/semver-edits");
    let mut missed = Vec::new();
    for (i, edit) in EDITS.iter().enumerate() {
        let dir = scratch.join(i.to_string());
        let (report, version) =
            edited_copy(root, &dir, edit).with_context(|| format!("edit {:?}", edit.name))?;
        // Asked as the release that keeps compatibility, cargo-semver-checks names every
        // major change it sees, whatever the report says.
        let release = compatible_release(&version);
        let output = Command::new(crate::cargo())
            .args(["semver-checks", "check-release", "--manifest-path"])
            .arg(dir.join(crate::OUT).join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(dir.join("baseline"))
            .args(["--release-type", release])
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .context("running cargo semver-checks")?;
        let ours = if report.breaking.is_empty() {
            "non-breaking"
        } else {
            "breaking"
        };
        let theirs = if output.status.success() {
            "no major change".to_owned()
        } else {
            let text = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            let lints: Vec<&str> = text
                .lines()
                .filter_map(|l| l.trim().strip_prefix("--- failure "))
                .map(|l| l.split(':').next().unwrap_or(l))
                .collect();
            if report.breaking.is_empty() {
                eprint!("{text}");
                missed.push(edit.name);
            }
            format!("major ({})", lints.join(", "))
        };
        println!(
            "{}: the report says {ours}; cargo-semver-checks: {theirs}",
            edit.name
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if missed.is_empty() {
        println!("cargo-semver-checks finds no major change the report calls non-breaking");
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "cargo-semver-checks finds a major change the report calls non-breaking in: {}",
        missed.join("; ")
    );
    Ok(ExitCode::FAILURE)
}

/// Makes `edit` in a copy of the workspace's document and crate under `dir`: `dir/baseline`
/// is the crate before the change, `dir/generated` after it. Returns the report between them
/// and the new crate's version.
fn edited_copy(root: &Path, dir: &Path, edit: &Edit) -> Result<(Report, String)> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let out = dir.join(crate::OUT);
    crate::copy_dir(&root.join(crate::OUT), &out)?;
    let spec = dir.join(crate::SPEC);
    std::fs::create_dir_all(spec.parent().unwrap_or(dir))?;
    let document = std::fs::read_to_string(root.join(crate::SPEC))?;
    // The job `cargo xtask regen` runs, on the copy.
    let target = crate::Target {
        spec: crate::SPEC.to_owned(),
        out: crate::OUT.to_owned(),
        crate_name: crate::CRATE_NAME.to_owned(),
    };
    let job = crate::regen::job(dir, target, &crate::regen::Options::default())?;
    let base = apply(&document, edit.setup)?;
    if !edit.setup.is_empty() {
        std::fs::write(&spec, &base)?;
        crate::write::replace_generated(&out, &job.files()?.files)?;
    }
    crate::copy_dir(&out, &dir.join("baseline"))?;
    std::fs::write(&spec, apply(&base, edit.change)?)?;
    let files = job.files()?.files;
    let surface = |files: &[oapi_rust_codegen::GeneratedFile]| -> Result<Surface> {
        let file = files
            .iter()
            .find(|f| f.path == oapi_rust_codegen::SURFACE_FILE);
        Ok(serde_json::from_str(
            file.map_or("{}", |f| f.contents.as_str()),
        )?)
    };
    let old: Surface = serde_json::from_str(&std::fs::read_to_string(
        dir.join("baseline").join(oapi_rust_codegen::SURFACE_FILE),
    )?)?;
    let new = surface(&files)?;
    crate::write::replace_generated(&out, &files)?;
    Ok((diff(&old, &new), new.version))
}

/// One edit of `spec/users.yaml` a maintainer might make, and the class Rust's semver rules
/// give it: the cases `cargo xtask semver --edits` and the xtask tests run, each on a copy
/// of the workspace.
#[derive(Debug, Clone, Copy)]
pub struct Edit {
    /// What the edit does, as the report of `cargo xtask semver --edits` names it.
    pub name: &'static str,
    /// Replacements (text, by) made before the baseline crate is generated; none: the
    /// committed crate is the baseline.
    pub setup: &'static [(&'static str, &'static str)],
    /// Replacements (text, by) that make the edit.
    pub change: &'static [(&'static str, &'static str)],
    /// Whether users' code may stop compiling: the class the report must give.
    pub breaking: bool,
    /// The line of the report that says so.
    pub line: &'static str,
}

const SID: &str = "        - name: sid
          in: query
          required: false
          description: >-
            Specifies a user sid. If sid is not given";

/// The seven edits, then three more kinds (a parameter made required, a credential
/// scheme added, a `oneOf` alternative added).
pub const EDITS: &[Edit] = &[
    Edit {
        name: "optional query parameter added to DeleteSession",
        setup: &[],
        change: &[(SID, concat!(
            "        - name: force\n          in: query\n          schema:\n            type: boolean\n",
            "        - name: sid\n          in: query\n          required: false\n          description: >-\n",
            "            Specifies a user sid. If sid is not given"
        ))],
        breaking: false,
        line: "operation `users().delete_session`: new optional parameter `force` (setter `.force(impl Into<bool>)`)",
    },
    Edit {
        name: "enum value `sms` added to otpType",
        setup: &[],
        change: &[(
            "            - salesforce\n          description: Specifies OTP Type for MFA verification.",
            "            - salesforce\n            - sms\n          description: Specifies OTP Type for MFA verification.",
        )],
        breaking: false,
        line: "type `CreateUserSessionRequestParamsOtpType`: value `sms` added",
    },
    Edit {
        name: "new operation",
        setup: &[],
        change: &[(
            "components:\n  securitySchemes:",
            "  /users/sessions/current:
    get:
      tags: [Users]
      operationId: GetCurrentSession
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/UserSession'
components:
  securitySchemes:",
        )],
        breaking: false,
        line: "operation `users().get_current_session` added (GET /users/sessions/current)",
    },
    Edit {
        name: "field removed from Error",
        setup: &[],
        change: &[(
            "        taskLogId:\n          type: string\n          nullable: true\n          description: Specifies the TaskLogId of the failed task.\n",
            "",
        )],
        breaking: true,
        line: "type `Error`: field `task_log_id` removed",
    },
    Edit {
        name: "optional field added to a request model",
        setup: &[],
        change: &[(
            "        username:\n          type: string\n          nullable: true\n          description: Specifies the login name of the Cohesity user",
            "        tenant:\n          type: string\n        username:\n          type: string\n          nullable: true\n          description: Specifies the login name of the Cohesity user",
        )],
        breaking: true,
        line: "type `CreateUserSessionRequestParams`: new optional field `tenant: Option<String>` in a type that requests carry (struct literals need it)",
    },
    Edit {
        name: "optional field added to UserSession (a response model)",
        setup: &[],
        change: &[(
            "      description: User session response\n      properties:\n",
            "      description: User session response\n      properties:\n        expiresAt:\n          type: string\n",
        )],
        breaking: false,
        line: "type `UserSession`: new optional field `expires_at: Option<String>` (only answers carry the type, which is `#[non_exhaustive]`)",
    },
    Edit {
        name: "field type changed (Option<i64> to Option<String>)",
        setup: &[],
        change: &[(
            "        sessionsCount:\n          type: integer\n          format: int64\n",
            "        sessionsCount:\n          type: string\n",
        )],
        breaking: true,
        line: "type `UserSessionsCount`: field `sessions_count` changed from `Option<i64>` to `Option<String>`",
    },
    Edit {
        name: "parameter made required",
        setup: &[],
        change: &[(SID, concat!(
            "        - name: sid\n          in: query\n          required: true\n          description: >-\n",
            "            Specifies a user sid. If sid is not given"
        ))],
        breaking: true,
        line: "operation `users().delete_session`: parameter `sid` is now required: an argument of the method (`impl Into<String>`) instead of a setter",
    },
    Edit {
        name: "credential scheme added",
        setup: &[],
        change: &[
            (
                "  securitySchemes:\n",
                "  securitySchemes:\n    BasicAuth:\n      type: http\n      scheme: basic\n",
            ),
            ("  - SessionIdHeader: []\n", "  - SessionIdHeader: []\n  - BasicAuth: []\n"),
        ],
        breaking: false,
        line: "credential `basic_auth` added (sent in `HTTP basic (user name, password)`)",
    },
    Edit {
        name: "alternative added to a oneOf",
        setup: &[
            (
                "      description: User session response\n      properties:\n",
                "      description: User session response\n      properties:\n        principal:\n          $ref: '#/components/schemas/SessionPrincipal'\n",
            ),
            (
                "    UserSessionsCount:\n",
                "    SessionPrincipal:
      description: Who holds the session.
      oneOf:
        - $ref: '#/components/schemas/LocalUserParams'
        - $ref: '#/components/schemas/SMBPrincipal'
    UserSessionsCount:\n",
            ),
        ],
        change: &[(
            "        - $ref: '#/components/schemas/SMBPrincipal'\n    UserSessionsCount:\n",
            "        - $ref: '#/components/schemas/SMBPrincipal'\n        - $ref: '#/components/schemas/SecurityPrincipal'\n    UserSessionsCount:\n",
        )],
        breaking: false,
        line: "type `SessionPrincipal`: variant `SecurityPrincipal(types::SecurityPrincipal)` added",
    },
];

/// `text` with each `(from, to)` made, in order.
///
/// # Errors
/// When a `from` does not occur exactly once (the document changed under the edit).
pub fn apply(text: &str, replacements: &[(&str, &str)]) -> Result<String> {
    let mut text = text.to_owned();
    for (from, to) in replacements {
        let found = text.matches(from).count();
        if found != 1 {
            bail!("the edit expects {from:?} once in the document, found it {found} times");
        }
        text = text.replacen(from, to, 1);
    }
    Ok(text)
}
