//! Generates the Pet Store client from `openapi.yaml` into `OUT_DIR` (see `src/lib.rs`).

fn main() {
    if let Err(e) = codegen::build::generate_into_out_dir("openapi.yaml") {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
