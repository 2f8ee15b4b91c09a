//! The public API of the runtime modules a generated crate copies (`client.rs`, `error.rs`,
//! ...), for the API-change report: a change to the runtime that breaks users is reported
//! like a change of the API description. The build script reads it from the modules' source
//! (`codegen/src/runtime_read.rs`); this looks it up.

use std::collections::BTreeMap;

// `ITEMS` and `METHODS`: what `runtime_read` finds in each module of `runtime/src/`, written
// by the build script.
include!(concat!(env!("OUT_DIR"), "/runtime_read.rs"));

/// Each public item of `modules` (names of runtime modules, `client`), by path
/// (`client::ClientBuilder::timeout`, `error::Error::Api`): its signature, with
/// `non_exhaustive` first when it is marked so.
pub fn items(modules: &[&str]) -> BTreeMap<String, String> {
    ITEMS
        .iter()
        .filter(|(module, _)| modules.contains(module))
        .flat_map(|(_, items)| items.iter())
        .map(|(path, signature)| ((*path).to_owned(), (*signature).to_owned()))
        .collect()
}

/// The methods of `Client` (or `MockServer`) and of `ClientBuilder` in the runtime module
/// `module`: their own public ones, and those of the traits they implement or derive.
pub fn methods(module: &str) -> (&'static [&'static str], &'static [&'static str]) {
    METHODS
        .iter()
        .find(|(name, _, _)| *name == module)
        .map_or((&[], &[]), |(_, client, builder)| (*client, *builder))
}

/// Whether the change of a runtime item from `old` to `new` breaks users: a field gained by a
/// `non_exhaustive` struct or variant does not; any other change does.
pub fn change_breaks(old: &str, new: &str) -> bool {
    let fields = |text: &str| -> Option<Vec<String>> {
        let inner = text.strip_prefix("non_exhaustive ")?;
        let list = inner.split_once('{')?.1.rsplit_once('}')?.0;
        Some(
            list.split(", ")
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect(),
        )
    };
    match (fields(old), fields(new)) {
        (Some(before), Some(after)) => !before.iter().all(|f| after.contains(f)),
        _ => true,
    }
}
