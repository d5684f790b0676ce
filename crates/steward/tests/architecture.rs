//! ARCHITECTURE.md stays true: its crate table lists exactly the crates under `crates/`.

use std::collections::BTreeSet;

#[test]
fn the_crate_table_lists_exactly_the_workspace_crates() {
    let root = steward_test::workspace_root();
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let section = text
        .split("## Crates")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a `## Crates` section");
    let documented: BTreeSet<String> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect();
    let present: BTreeSet<String> = std::fs::read_dir(root.join("crates"))
        .expect("read crates/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.join("Cargo.toml").is_file())
        .filter_map(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .collect();
    assert_eq!(
        documented, present,
        "ARCHITECTURE.md's crate table is out of date"
    );
}
