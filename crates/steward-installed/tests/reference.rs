//! steward against the reference tools on real installed trees, built by
//! `scripts/reference/build-installed.sh`: a Debian root filesystem (dpkg-query), the same tree
//! as an OCI image (umoci), a Go binary from a Debian package (`go version -m`), a Rust binary
//! built with `cargo auditable` (`cargo tree`), a virtualenv (`pip list`), a `node_modules`
//! tree (`npm ls --all`) and an RPM database in its SQLite form (`rpm -qa`).

use std::collections::BTreeSet;
use std::path::Path;

use steward_installed::{Limits, inventory_artifact, inventory_image, inventory_root};
use steward_model::{FileStatus, Inventory};
use steward_test::installed_path;

fn read(relative: &str) -> String {
    std::fs::read_to_string(installed_path(relative)).expect("a readable reference file")
}

fn assert_complete(inventory: &Inventory) {
    for file in &inventory.files {
        assert_eq!(file.status, FileStatus::Read, "{}", file.path);
    }
}

/// (ecosystem, name, version) of every package.
fn identities(inventory: &Inventory) -> BTreeSet<(String, String, String)> {
    inventory
        .packages
        .iter()
        .map(|p| {
            (
                p.ecosystem.to_string(),
                p.name.clone(),
                p.version.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn debian_packages(inventory: &Inventory) -> BTreeSet<String> {
    inventory
        .packages
        .iter()
        .filter(|p| p.ecosystem.to_string() == "Debian:12")
        .map(|p| {
            let source = p.source_package.as_ref().expect("a source package");
            let arch = p
                .purl
                .as_ref()
                .and_then(|purl| purl.qualifier("arch"))
                .unwrap_or("");
            format!(
                "{}\t{arch}\t{}\t{}\t{}",
                p.name,
                p.version.as_deref().unwrap_or(""),
                source.name,
                source.version.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn a_debian_root_reads_as_dpkg_query_lists_it() {
    let root = installed_path("debian-rootfs");
    let inventory = inventory_root(&root, &Limits::default());
    assert_complete(&inventory);
    let expected: BTreeSet<String> = read("dpkg-query.tsv").lines().map(str::to_owned).collect();
    assert!(
        expected.len() > 50,
        "a minimal Debian has about a hundred packages"
    );
    assert_eq!(debian_packages(&inventory), expected);
    let distribution = &inventory.distributions[0];
    assert_eq!(distribution.ecosystem.as_deref(), Some("Debian:12"));
    // python3-six's egg-info and fzf's Go build information are read too.
    let found = identities(&inventory);
    assert!(found.contains(&("PyPI".into(), "six".into(), "1.16.0".into())));
    assert!(found.contains(&("Go".into(), "github.com/junegunn/fzf".into(), String::new())));
    // Licences from the machine-readable copyright files (checked by hand against
    // /usr/share/doc/<package>/copyright: fzf's is Expat, adduser's GPL-2+, debconf's
    // BSD-2-clause); a package whose file is free-form has none.
    let licenses = |name: &str| {
        inventory
            .packages
            .iter()
            .find(|p| p.ecosystem.to_string() == "Debian:12" && p.name == name)
            .map(|p| p.licenses.clone())
            .unwrap_or_default()
    };
    assert_eq!(licenses("fzf"), ["MIT"]);
    assert_eq!(licenses("adduser"), ["GPL-2.0-or-later"]);
    assert_eq!(licenses("debconf"), ["BSD-2-Clause"]);
    let with_licenses = inventory
        .packages
        .iter()
        .filter(|p| p.ecosystem.to_string() == "Debian:12" && !p.licenses.is_empty())
        .count();
    assert!(
        with_licenses > 80,
        "{with_licenses} dpkg packages have licences"
    );
}

#[test]
fn an_rpm_database_reads_as_rpm_query_lists_it() {
    let inventory = inventory_root(&installed_path("rpm-rootfs"), &Limits::default());
    assert_complete(&inventory);
    let found: BTreeSet<String> = inventory
        .packages
        .iter()
        .map(|p| {
            assert_eq!(p.ecosystem.to_string(), "Rocky Linux:9");
            let purl = p.purl.as_ref().expect("a purl");
            let source = p.source_package.as_ref().expect("a source package");
            assert_eq!(
                source.version.as_deref(),
                p.version.as_deref(),
                "rpmbuild gives binary and source packages one version"
            );
            format!(
                "{}\t{}\t{}\t{}\t{}",
                p.name,
                p.version.as_deref().unwrap_or(""),
                purl.qualifier("arch").unwrap_or(""),
                purl.qualifier("upstream").unwrap_or(""),
                p.licenses.join(" ")
            )
        })
        .collect();
    // `rpm -qa` also lists the imported signing key, which is not a package.
    let expected: BTreeSet<String> = read("rpm-qa.tsv")
        .lines()
        .filter(|line| !line.starts_with("gpg-pubkey\t"))
        .map(str::to_owned)
        .collect();
    assert_eq!(expected.len(), 3);
    assert_eq!(found, expected);
    assert!(read("rpm-qa.tsv").starts_with("gpg-pubkey\t"));
}

#[test]
fn the_same_tree_as_an_oci_image_gives_the_same_packages_with_their_layer() {
    let root = inventory_root(&installed_path("debian-rootfs"), &Limits::default());
    let layout = installed_path("debian-oci");
    let image = inventory_image(
        &format!("{}:bookworm", layout.display()),
        &Limits::default(),
    );
    assert_complete(&image);
    assert_eq!(identities(&image), identities(&root));
    assert_eq!(debian_packages(&image), debian_packages(&root));
    let layers: BTreeSet<&str> = image
        .packages
        .iter()
        .map(|p| p.location.layer.as_deref().expect("a layer digest"))
        .collect();
    assert_eq!(layers.len(), 1);
    let layer = layers.first().unwrap().strip_prefix("sha256:").unwrap();
    assert!(layout.join("blobs/sha256").join(layer).is_file());
    // The image's digest is its manifest's, as the layout's index names it for the tag.
    let index: serde_json::Value =
        serde_json::from_str(&read("debian-oci/index.json")).expect("an OCI index");
    let manifest = index["manifests"]
        .as_array()
        .expect("manifests")
        .iter()
        .find(|m| m["annotations"]["org.opencontainers.image.ref.name"] == "bookworm")
        .expect("the bookworm tag");
    assert_eq!(image.images.len(), 1);
    assert_eq!(image.images[0].digest, manifest["digest"].as_str().unwrap());

    // The same layout packed into one tar archive.
    let archive = installed_path("debian-oci.tar");
    let packed = inventory_image(
        &format!("{}:bookworm", archive.display()),
        &Limits::default(),
    );
    assert_eq!(identities(&packed), identities(&image));

    // A second layer that deletes /usr/bin/fzf: its Go packages go, nothing else.
    let without = inventory_image(
        &format!("{}:bookworm-nofzf", archive.display()),
        &Limits::default(),
    );
    assert_complete(&without);
    let gone: Vec<_> = identities(&image)
        .difference(&identities(&without))
        .cloned()
        .collect();
    assert_eq!(
        gone,
        [
            ("Go".into(), "github.com/junegunn/fzf".into(), String::new()),
            ("Go".into(), "stdlib".into(), go_version_m().0),
        ]
    );
    // Without a tag, a layout holding two images is refused with their names.
    let untagged = inventory_image(&layout.display().to_string(), &Limits::default());
    let FileStatus::Failed { error } = &untagged.files[0].status else {
        panic!("{untagged:?}");
    };
    assert!(error.contains("bookworm-nofzf"), "{error}");
}

/// The toolchain version and the module lines `go version -m` printed for fzf.
fn go_version_m() -> (String, Vec<Vec<String>>) {
    let text = read("fzf-go-version-m.txt");
    let mut lines = text.lines();
    let toolchain = lines
        .next()
        .and_then(|line| line.rsplit(' ').next())
        .expect("the toolchain line")
        .trim_start_matches("go")
        .to_owned();
    let modules = lines
        .map(|line| line.trim().split('\t').map(str::to_owned).collect())
        .collect();
    (toolchain, modules)
}

#[test]
fn a_go_binary_reads_as_go_version_m_shows_it() {
    let binary = installed_path("debian-rootfs/usr/bin/fzf");
    let inventory = inventory_artifact(&binary, &Limits::default()).expect("a Go binary");
    assert_complete(&inventory);
    let (toolchain, modules) = go_version_m();
    let mut expected = BTreeSet::from([("Go".to_owned(), "stdlib".to_owned(), toolchain)]);
    for fields in &modules {
        match fields.as_slice() {
            [kind, path, ..] if kind == "path" => {
                expected.insert(("Go".into(), path.clone(), String::new()));
            }
            [kind, path, version, ..] if kind == "dep" => {
                expected.insert(("Go".into(), path.clone(), version.clone()));
            }
            _ => {}
        }
    }
    assert_eq!(identities(&inventory), expected);
}

#[test]
fn a_cargo_auditable_binary_lists_what_cargo_compiled_into_it() {
    let binary = installed_path("auditable-hello");
    let inventory = inventory_artifact(&binary, &Limits::default()).expect("a Rust binary");
    assert_complete(&inventory);
    let expected: BTreeSet<(String, String, String)> = read("auditable-hello.cargo-tree.txt")
        .lines()
        .map(|line| {
            let (name, version) = line.split_once(" v").unwrap();
            ("crates.io".into(), name.into(), version.trim().into())
        })
        .collect();
    assert_eq!(identities(&inventory), expected);
    // Every crate is in the lockfile at the same version.
    let lock = read("auditable-hello.Cargo.lock");
    for (_, name, version) in &expected {
        assert!(
            lock.contains(&format!("name = \"{name}\"\nversion = \"{version}\"")),
            "{name} {version}"
        );
    }
    assert!(!inventory.dependencies.is_empty());
}

#[test]
fn a_virtualenv_reads_as_pip_list_shows_it() {
    let inventory = inventory_root(&installed_path("venv"), &Limits::default());
    assert_complete(&inventory);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&read("pip-list.json")).unwrap();
    let expected: BTreeSet<(String, String)> = listed
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_lowercase().replace('_', "-"),
                p["version"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let found: BTreeSet<(String, String)> = inventory
        .packages
        .iter()
        .map(|p| (p.normalized_name.clone(), p.version.clone().unwrap()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_node_modules_tree_reads_as_npm_ls_shows_it() {
    let inventory = inventory_root(&installed_path("npm"), &Limits::default());
    assert_complete(&inventory);
    let listed: serde_json::Value = serde_json::from_str(&read("npm-ls.json")).unwrap();
    let mut expected = BTreeSet::new();
    let mut pending = vec![&listed["dependencies"]];
    while let Some(dependencies) = pending.pop() {
        for (name, entry) in dependencies.as_object().into_iter().flatten() {
            expected.insert((name.clone(), entry["version"].as_str().unwrap().to_owned()));
            pending.push(&entry["dependencies"]);
        }
    }
    let found: BTreeSet<(String, String)> = inventory
        .packages
        .iter()
        .map(|p| (p.name.clone(), p.version.clone().unwrap()))
        .collect();
    assert_eq!(found, expected);
    assert!(Path::new(&inventory.packages[0].location.file).is_file());
}
