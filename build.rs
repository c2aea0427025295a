//! Embeds every translation file of `locales/`: adding a language is adding one `.ftl` file.

use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("locales");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("locales/ exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    let entries: String = files
        .iter()
        .map(|path| {
            let tag = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 name");
            format!(
                "    ({tag:?}, include_str!({:?})),\n",
                path.display().to_string()
            )
        })
        .collect();
    let out = Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("locales.rs");
    fs::write(
        out,
        format!("pub static FILES: &[(&str, &str)] = &[\n{entries}];\n"),
    )
    .expect("OUT_DIR is writable");
}
