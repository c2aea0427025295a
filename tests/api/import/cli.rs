//! What `partage import` prints: the tags it made hashtags, and in a dry run each change it
//! would make, row by row.

use std::path::Path;
use std::process::Command;

/// Runs the binary on a chapter whose data lives in `data`: (success, stdout, stderr).
pub fn partage(data: &Path, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_partage"))
        .env("PARTAGE_DATA__DIR", data)
        .env_remove("PARTAGE_CONFIG")
        .env_remove("PARTAGE_DATABASE__URL")
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_dry_run_shows_each_change_and_each_tag_made_a_hashtag() {
    // Arrange: a spreadsheet with hyphenated tags and two cafés of one name.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("annuaire.csv");
    std::fs::write(
        &file,
        "Nom;Adresse;Ville;Mots-clés\n\
         Repair Café;12 rue de Belleville;Paris;open-source, zero-waste\n\
         Repair Café;3 rue Oberkampf;Paris;open-source\n\
         Accorderie;;Lyon;time-banking\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();

    // Act
    let (ok, stdout, stderr) = partage(&data, &["import", file, "--dry-run"]);

    // Assert: every change listed, the warnings by line and column, then counted.
    assert!(ok, "{stdout}{stderr}");
    for line in [
        "line 2: create repair-cafe-belleville",
        "line 3: create repair-cafe-oberkampf",
        "line 4: create accorderie",
        "Dry run: every row is valid; 3 to create, 0 to update, 0 unchanged. Nothing was written.",
    ] {
        assert!(stdout.contains(line), "{line} missing from\n{stdout}");
    }
    for line in [
        "warning: line 2, column \"Mots-clés\": \"open-source\" → \"opensource\"",
        "warning: line 2, column \"Mots-clés\": \"zero-waste\" → \"zerowaste\"",
        "warning: line 4, column \"Mots-clés\": \"time-banking\" → \"timebanking\"",
        "warning: 4 tags written as Mastodon's hashtags (letters, digits and underscores): \
         \"open-source\" → \"opensource\" (2 rows), \"time-banking\" → \"timebanking\" (1 row), \
         \"zero-waste\" → \"zerowaste\" (1 row)",
    ] {
        assert!(stderr.contains(line), "{line} missing from\n{stderr}");
    }
    let (_, export, _) = partage(&data, &["export", "--format", "csv"]);
    assert_eq!(export.lines().count(), 1, "nothing written: {export}");

    // The import itself warns the same and writes; the dry run of the same file is then empty.
    let (ok, stdout, stderr) = partage(&data, &["import", file]);
    assert!(ok && stdout.contains("3 created"), "{stdout}{stderr}");
    assert!(stderr.contains("warning: 4 tags written"), "{stderr}");
    let (ok, stdout, _) = partage(&data, &["import", file, "--dry-run"]);
    assert!(ok);
    assert!(!stdout.contains("line "), "{stdout}");
    assert!(stdout.contains("0 to create, 0 to update, 3 unchanged"));
}
