//! Generates the Pet Store client from `openapi.yaml` into `OUT_DIR` (see `src/lib.rs`): with
//! the local overlay applied, and only the operations tagged `pets`.

fn main() {
    let options = oapi_rust_codegen::build::Options {
        overlays: vec!["local.overlay.yaml".into()],
        filter: oapi_rust_codegen::Filter {
            tags: vec!["pets".into()],
            ..Default::default()
        },
        strict: true,
    };
    if let Err(e) = oapi_rust_codegen::build::generate_into_out_dir_with("openapi.yaml", &options) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
