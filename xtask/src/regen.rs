//! `cargo xtask regen`: every committed crate generated again from its document (and the
//! overlays and operation filter of its `regen.toml`, see [`oapi_rust_client_gen::config`]),
//! written all-or-nothing, or with `check` compared with what is committed.

use crate::Target;
use anyhow::Result;
use oapi_rust_client_gen::{config, Generated, Job};
use std::path::Path;

/// Which crates `regen` works on, and how.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Change nothing: report the crates that differ from what their documents give.
    pub check: bool,
    /// `generated/`, the product crate.
    pub product: bool,
    /// The fixture crates under `tests/fixtures/crates`.
    pub fixtures: bool,
    /// Show progress and every file even when nothing changed.
    pub verbose: bool,
    /// Refuse documents that need repairs (and overlay actions that match nothing).
    pub strict: bool,
}

/// The job that regenerates `target`, with its `regen.toml` read.
///
/// # Errors
/// When the crate's `regen.toml` exists but is not valid.
pub fn job(root: &Path, target: Target, options: &Options) -> Result<Job> {
    let config = config::read(&root.join(&target.out))?;
    let overlays = config::overlays(&config, root, &target.out)
        .into_iter()
        .map(|(shown, _)| root.join(shown))
        .collect();
    Ok(Job {
        spec: root.join(&target.spec),
        spec_in_crate: target.spec.clone(),
        spec_display: target.spec,
        out: root.join(&target.out),
        out_display: target.out,
        crate_name: target.crate_name,
        command: crate::REGEN.to_owned(),
        overlays,
        filter: config.filter.into(),
        verbose: options.verbose,
        strict: options.strict,
        timings: true,
    })
}

/// Runs `regen`; `Ok(false)` when `check` found a stale crate.
///
/// # Errors
/// When a document does not give a client, or a crate cannot be written (then nothing is
/// written: every crate is generated before any is written).
pub fn run(root: &Path, options: &Options) -> Result<bool> {
    let jobs: Vec<Job> = crate::targets(root)?
        .into_iter()
        .filter(|t| {
            if t.out == crate::OUT {
                options.product
            } else {
                options.fixtures
            }
        })
        .map(|t| job(root, t, options))
        .collect::<Result<_>>()?;
    // Generate everything before writing anything: one broken document changes nothing.
    let generated: Vec<Generated> = jobs.iter().map(Job::files).collect::<Result<_>>()?;
    let mut ok = true;
    for (job, files) in jobs.iter().zip(&generated) {
        if options.check {
            ok &= job.check(files)?;
        } else {
            job.write(files)?;
        }
    }
    Ok(ok)
}
