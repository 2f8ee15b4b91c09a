//! `regen.toml`: how `cargo xtask regen` generates one committed crate, beside the crate's
//! own files, so that the crate can be generated straight from a vendor's document.
//!
//! ```toml
//! # Overlays applied to the document in this order (paths relative to this file).
//! overlays = ["../../overlays/vendor-users.overlay.yaml"]
//!
//! # Keep only these operations and the schemas they reach (any list may be left out).
//! [filter]
//! tags = ["users"]
//! operations = ["getSessionUser"]
//! path-prefixes = ["/users"]
//! ```

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The configuration file's name, in the generated crate's folder.
pub const FILE: &str = "regen.toml";

/// The contents of a `regen.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Overlay documents, relative to the folder of `regen.toml`, applied in order.
    #[serde(default)]
    pub overlays: Vec<String>,
    /// The operation filter (default: every operation).
    #[serde(default)]
    pub filter: FilterConfig,
}

/// The `[filter]` table: the lists of [`oapi_rust_codegen::Filter`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilterConfig {
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub operations: Vec<String>,
    #[serde(default)]
    pub path_prefixes: Vec<String>,
}

impl From<FilterConfig> for oapi_rust_codegen::Filter {
    fn from(f: FilterConfig) -> Self {
        oapi_rust_codegen::Filter {
            tags: f.tags,
            operations: f.operations,
            path_prefixes: f.path_prefixes,
        }
    }
}

/// The configuration of the crate in `crate_dir` (default when it has no `regen.toml`).
///
/// # Errors
/// When the file exists but cannot be read, or is not TOML of the shape above (the message
/// names the file, the line and the key).
pub fn read(crate_dir: &Path) -> Result<Config> {
    let path = crate_dir.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    toml::from_str(&text).with_context(|| format!("{} is not a valid {FILE}", path.display()))
}

/// `relative` (`/`-separated, from a file in `dir`) joined to `dir` with `..` and `.`
/// resolved lexically: `tests/fixtures/crates/x` + `../../overlays/x.yaml` ->
/// `tests/fixtures/overlays/x.yaml`.
pub fn join(dir: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = dir
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The overlay paths of `config`, for the crate in `crate_dir` (workspace-relative), each
/// as shown in messages and as a path under `root`.
pub fn overlays(config: &Config, root: &Path, crate_dir: &str) -> Vec<(String, PathBuf)> {
    config
        .overlays
        .iter()
        .map(|o| {
            let shown = join(crate_dir, o);
            let path = root.join(&shown);
            (shown, path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lexically() {
        assert_eq!(
            join("tests/fixtures/crates/x", "../../overlays/x.yaml"),
            "tests/fixtures/overlays/x.yaml"
        );
        assert_eq!(join("generated", "./o.yaml"), "generated/o.yaml");
    }

    #[test]
    fn reads_the_documented_shape() {
        let config: Config = toml::from_str(
            "overlays = [\"a.yaml\"]\n[filter]\ntags = [\"t\"]\npath-prefixes = [\"/p\"]\n",
        )
        .unwrap();
        assert_eq!(config.overlays, ["a.yaml"]);
        let filter = oapi_rust_codegen::Filter::from(config.filter);
        assert_eq!(
            (filter.tags, filter.path_prefixes),
            (vec!["t".to_owned()], vec!["/p".to_owned()])
        );
        assert!(toml::from_str::<Config>("overlay = []\n").is_err());
    }
}
