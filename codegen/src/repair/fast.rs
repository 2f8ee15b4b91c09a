//! The fast path's check: whether a document read as OpenAPI 3.0 as it is needs nothing
//! from [`super::repair`], judged cheaply from its text and a walk of its operations.

use super::Kind;

/// Text that only a document needing this module's work holds: Swagger 2.0 keys and
/// reference prefixes, the extension it used for `nullable`.
const MARKERS: [&str; 11] = [
    "collectionFormat",
    "x-nullable",
    "formData",
    "type: file",
    "type: 'file'",
    "type: \"file\"",
    "\"type\":\"file\"",
    "\"type\": \"file\"",
    "#/definitions/",
    "#/parameters/",
    "#/responses/",
];

/// Whether a document that was read as OpenAPI 3.0 as it is has nothing for
/// [`repair`](super::repair()) to do, judged cheaply from its text and a walk of its
/// operations. `false` does not mean a repair is needed, only that it must look.
pub(crate) fn untouched(text: &str, doc: &openapiv3::OpenAPI) -> bool {
    if MARKERS.iter().any(|m| text.contains(m)) || !plain_refs(text) {
        return false;
    }
    use openapiv3::ReferenceOr;
    let plain = |r: &str, kind: Kind| {
        r.strip_prefix("#/components/")
            .and_then(|r| r.strip_prefix(kind.section()))
            .is_some_and(|r| r.starts_with('/'))
    };
    // A `schema` left on a response (which the reader drops) is found by counting below.
    let response_ok = |r: &ReferenceOr<openapiv3::Response>| match r {
        ReferenceOr::Reference { reference } => plain(reference, Kind::Response),
        ReferenceOr::Item(_) => true,
    };
    let parameter_ok = |p: &ReferenceOr<openapiv3::Parameter>| match p {
        ReferenceOr::Reference { reference } => plain(reference, Kind::Parameter),
        ReferenceOr::Item(openapiv3::Parameter::Path { parameter_data, .. }) => {
            parameter_data.required
        }
        ReferenceOr::Item(_) => true,
    };
    if schema_keys(text) != schema_slots(doc) {
        return false;
    }
    let components = doc.components.as_ref();
    let component_parameters_ok =
        components.is_none_or(|c| c.parameters.values().all(parameter_ok));
    let component_responses_ok = components.is_none_or(|c| c.responses.values().all(response_ok));
    component_parameters_ok
        && component_responses_ok
        && doc.paths.paths.values().all(|item| {
            let ReferenceOr::Item(item) = item else {
                return true;
            };
            item.parameters.iter().all(parameter_ok)
                && item.iter().all(|(_, op)| {
                    op.parameters.iter().all(parameter_ok)
                        && match &op.request_body {
                            Some(ReferenceOr::Reference { reference }) => {
                                plain(reference, Kind::RequestBody)
                            }
                            _ => true,
                        }
                        && op.responses.default.iter().all(response_ok)
                        && op.responses.responses.values().all(response_ok)
                })
        })
}

/// How many `schema` keys `text` holds (`schema:`, `"schema":`, `'schema':`): a response's
/// `schema` left from Swagger 2.0 is one the typed document does not hold.
fn schema_keys(text: &str) -> usize {
    let bytes = text.as_bytes();
    text.match_indices("schema")
        .filter(|&(i, _)| {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$') {
                return false;
            }
            let rest = text[i + 6..].trim_start_matches(['"', '\'']).trim_start();
            rest.starts_with(':')
        })
        .count()
}

/// How many `schema` keys the typed document holds: those of parameters, headers and media
/// types, wherever they are.
fn schema_slots(doc: &openapiv3::OpenAPI) -> usize {
    use openapiv3::{ParameterSchemaOrContent, ReferenceOr};
    fn content(c: &indexmap::IndexMap<String, openapiv3::MediaType>) -> usize {
        c.values().filter(|m| m.schema.is_some()).count()
    }
    fn format(f: &ParameterSchemaOrContent) -> usize {
        match f {
            ParameterSchemaOrContent::Schema(_) => 1,
            ParameterSchemaOrContent::Content(c) => content(c),
        }
    }
    let parameter = |p: &ReferenceOr<openapiv3::Parameter>| match p {
        ReferenceOr::Item(p) => format(&p.parameter_data_ref().format),
        ReferenceOr::Reference { .. } => 0,
    };
    let header = |h: &ReferenceOr<openapiv3::Header>| match h {
        ReferenceOr::Item(h) => format(&h.format),
        ReferenceOr::Reference { .. } => 0,
    };
    let response = |r: &ReferenceOr<openapiv3::Response>| match r {
        ReferenceOr::Item(r) => content(&r.content) + r.headers.values().map(header).sum::<usize>(),
        ReferenceOr::Reference { .. } => 0,
    };
    let body = |b: &ReferenceOr<openapiv3::RequestBody>| match b {
        ReferenceOr::Item(b) => content(&b.content),
        ReferenceOr::Reference { .. } => 0,
    };
    let mut n = 0;
    for item in doc.paths.paths.values() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        n += item.parameters.iter().map(parameter).sum::<usize>();
        for (_, op) in item.iter() {
            n += op.parameters.iter().map(parameter).sum::<usize>();
            n += op.request_body.iter().map(body).sum::<usize>();
            n += op.responses.default.iter().map(response).sum::<usize>();
            n += op.responses.responses.values().map(response).sum::<usize>();
        }
    }
    if let Some(c) = &doc.components {
        n += c.parameters.values().map(parameter).sum::<usize>();
        n += c.request_bodies.values().map(body).sum::<usize>();
        n += c.responses.values().map(response).sum::<usize>();
        n += c.headers.values().map(header).sum::<usize>();
    }
    n
}

/// Whether every `$ref` in `text` is `#/components/<section>/<name>`. Values it cannot read
/// count as not plain.
fn plain_refs(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("$ref") {
        rest = &rest[i + 4..];
        let value = rest.trim_start_matches(['"', '\'']).trim_start();
        let Some(value) = value.strip_prefix(':') else {
            return false;
        };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        let end = value
            .find(['"', '\'', ',', '}', '\n', '\r', ' '])
            .unwrap_or(value.len());
        let reference = &value[..end];
        let plain = reference
            .strip_prefix("#/components/")
            .and_then(|r| r.split_once('/'))
            .is_some_and(|(section, name)| {
                matches!(
                    section,
                    "schemas" | "parameters" | "requestBodies" | "responses" | "headers"
                ) && !name.is_empty()
                    && !name.contains(['/', '\\', '%'])
            });
        if !plain {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_keys_are_counted_in_yaml_and_json() {
        assert_eq!(schema_keys("schema: {}\n\"schema\": 1, 'schema' : 2"), 3);
        assert_eq!(schema_keys("schemas:\n  $schema: x\n  my_schema: y\n"), 0);
    }

    #[test]
    fn only_plain_component_refs_are_plain() {
        assert!(plain_refs(
            "$ref: '#/components/schemas/Pet'\n\"$ref\": \"#/components/responses/R\""
        ));
        assert!(!plain_refs("$ref: '#/definitions/Pet'"));
        assert!(!plain_refs("$ref: '#/components/schemas/Pet/properties/a'"));
        assert!(!plain_refs("$ref: '#/components/pathItems/A'"));
        assert!(!plain_refs("$ref: other.yaml#/components/schemas/Pet"));
    }
}
