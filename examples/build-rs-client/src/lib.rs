//! A client for the Pet Store API, generated at build time from `openapi.yaml` by the
//! build script (`oapi_rust_codegen::build::generate_into_out_dir`): editing the document regenerates
//! it on the next build.
include!(concat!(env!("OUT_DIR"), "/openapi-client.rs"));
