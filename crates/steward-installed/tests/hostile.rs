//! Images and roots built to hurt: entries that climb out of the root, links that point out of
//! it, layers cut short, archives nested too deep or unpacking to far more than they weigh.
//! Each is refused with a note naming it; everything else is still read; nothing is written.

use std::io::Write;
use std::path::Path;

use steward_installed::{Limits, inventory_image, inventory_root};
use steward_model::{FileStatus, Inventory};

/// A tar entry: a file, a symbolic link, or a file under a raw name that `tar::Builder`
/// would refuse to write (`../x`).
enum Entry<'a> {
    File(&'a str, &'a [u8], u32),
    Link(&'a str, &'a str),
    RawName(&'a [u8], &'a [u8]),
}

fn layer(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for entry in entries {
        let mut header = tar::Header::new_gnu();
        match entry {
            Entry::File(path, content, mode) => {
                header.set_size(content.len() as u64);
                header.set_mode(*mode);
                header.set_entry_type(tar::EntryType::Regular);
                header.set_cksum();
                builder
                    .append_data(&mut header, path, *content)
                    .expect("building a test input");
            }
            Entry::Link(path, target) => {
                header.set_size(0);
                header.set_entry_type(tar::EntryType::Symlink);
                builder
                    .append_link(&mut header, path, target)
                    .expect("building a test input");
            }
            Entry::RawName(name, content) => {
                header.set_size(content.len() as u64);
                header.set_mode(0o644);
                header.set_entry_type(tar::EntryType::Regular);
                header.as_old_mut().name[..name.len()].copy_from_slice(name);
                header.set_cksum();
                builder
                    .append(&header, *content)
                    .expect("building a test input");
            }
        }
    }
    builder.into_inner().expect("building a test input")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("building a test input");
    encoder.finish().expect("building a test input")
}

/// An OCI image layout in `directory` with the given layers, bottom first.
fn layout(directory: &Path, layers: &[Vec<u8>]) {
    let blobs = directory.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).expect("building a test input");
    std::fs::write(
        directory.join("oci-layout"),
        r#"{"imageLayoutVersion":"1.0.0"}"#,
    )
    .expect("building a test input");
    let mut descriptors = Vec::new();
    for (index, bytes) in layers.iter().enumerate() {
        let hex = format!("{index:064x}");
        std::fs::write(blobs.join(&hex), bytes).expect("building a test input");
        descriptors.push(serde_json::json!({
            "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
            "digest": format!("sha256:{hex}"),
            "size": bytes.len(),
        }));
    }
    let manifest = serde_json::json!({ "schemaVersion": 2, "layers": descriptors });
    let manifest_hex = "f".repeat(64);
    std::fs::write(blobs.join(&manifest_hex), manifest.to_string()).expect("building a test input");
    let index = serde_json::json!({ "schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": format!("sha256:{manifest_hex}"),
    }]});
    std::fs::write(directory.join("index.json"), index.to_string()).expect("building a test input");
}

fn skipped(inventory: &Inventory) -> Vec<String> {
    inventory
        .files
        .iter()
        .flat_map(|file| match &file.status {
            FileStatus::Partial { skipped } => skipped.clone(),
            FileStatus::Failed { error } => vec![error.clone()],
            FileStatus::Read => Vec::new(),
        })
        .collect()
}

fn names(inventory: &Inventory) -> Vec<String> {
    inventory
        .packages
        .iter()
        .map(|p| format!("{} {}", p.ecosystem, p.name))
        .collect()
}

const STATUS: &[u8] =
    b"Package: base-files\nStatus: install ok installed\nVersion: 12.4\nArchitecture: amd64\n";

fn metadata(name: &str) -> Vec<u8> {
    format!("Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n").into_bytes()
}

#[test]
fn layers_apply_in_order_and_hostile_entries_are_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let image = scratch.path().join("image");
    let a = metadata("a");
    let b = metadata("b");
    let kept = metadata("kept");
    let bottom = gzip(&layer(&[
        Entry::File("etc/os-release", b"ID=debian\nVERSION_ID=12\n", 0o644),
        Entry::File("var/lib/dpkg/status", STATUS, 0o644),
        Entry::File(
            "usr/lib/python3/dist-packages/a-1.0.dist-info/METADATA",
            &a,
            0o644,
        ),
        Entry::File("opt/app/b-1.0.dist-info/METADATA", &b, 0o644),
        Entry::File("srv/kept-1.0.dist-info/METADATA", &kept, 0o644),
        Entry::RawName(b"../../escape.txt", b"outside"),
        Entry::Link("etc/shadow-link", "../../../../etc/shadow"),
    ]));
    let middle = gzip(&layer(&[
        Entry::File(
            "usr/lib/python3/dist-packages/.wh.a-1.0.dist-info",
            b"",
            0o644,
        ),
        Entry::File("opt/app/.wh..wh..opq", b"", 0o644),
        Entry::File(
            "opt/app/node_modules/c/package.json",
            br#"{"name":"c","version":"2.0.0"}"#,
            0o644,
        ),
    ]));
    let mut truncated = gzip(&layer(&[
        Entry::File("srv/late-1.0.dist-info/METADATA", &metadata("late"), 0o644),
        Entry::File("srv/filler", &vec![7_u8; 256 * 1024], 0o644),
    ]));
    truncated.truncate(truncated.len() / 2);
    layout(&image, &[bottom, middle, truncated]);

    let inventory = inventory_image(&image.display().to_string(), &Limits::default());
    let mut found = names(&inventory);
    found.sort();
    assert_eq!(
        found,
        ["Debian:12 base-files", "PyPI kept", "PyPI late", "npm c"],
        "the whiteout removes a, the opaque directory removes b"
    );
    let notes = skipped(&inventory).join("\n");
    assert!(
        notes.contains("`../../escape.txt` climbs out of the root"),
        "{notes}"
    );
    assert!(
        notes.contains(
            "`/etc/shadow-link` is a symbolic link to `../../../../etc/shadow`, outside the root"
        ),
        "{notes}"
    );
    assert!(notes.contains("what follows in it is not read"), "{notes}");
    assert!(!scratch.path().join("escape.txt").exists());
    assert!(!Path::new("escape.txt").exists());
    let layer = inventory.packages.iter().find(|p| p.name == "c").unwrap();
    assert_eq!(
        layer.location.layer.as_deref(),
        Some(&*format!("sha256:{:064x}", 1))
    );
}

#[test]
fn oversized_files_and_layers_are_refused_under_the_limits() {
    let scratch = tempfile::tempdir().unwrap();
    let image = scratch.path().join("image");
    let zeros = vec![0_u8; 8 * 1024 * 1024];
    let layers = [gzip(&layer(&[
        Entry::File("var/lib/dpkg/status", STATUS, 0o644),
        Entry::File("usr/bin/huge", &zeros, 0o755),
    ]))];
    assert!(layers[0].len() < 64 * 1024, "zeros compress well");
    layout(&image, &layers);
    let limits = Limits {
        max_file_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let inventory = inventory_image(&image.display().to_string(), &limits);
    let notes = skipped(&inventory).join("\n");
    assert!(
        notes.contains("`/usr/bin/huge` is 8388608 bytes, more than the limit"),
        "{notes}"
    );
    assert_eq!(names(&inventory), ["Debian base-files"]);

    let limits = Limits {
        max_unpacked_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let inventory = inventory_image(&image.display().to_string(), &limits);
    let notes = skipped(&inventory).join("\n");
    assert!(
        notes.contains("unpacks to more than the limit of 1048576 bytes"),
        "{notes}"
    );
}

#[test]
fn a_root_never_follows_links_out_of_it() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().join("root");
    let outside = scratch.path().join("outside");
    std::fs::create_dir_all(root.join("var/lib/dpkg")).unwrap();
    std::fs::create_dir_all(root.join("usr/lib/python3")).unwrap();
    std::fs::create_dir_all(outside.join("x-1.0.dist-info")).unwrap();
    std::fs::write(outside.join("x-1.0.dist-info/METADATA"), metadata("x")).unwrap();
    std::fs::write(root.join("var/lib/dpkg/status"), STATUS).unwrap();
    std::os::unix::fs::symlink(
        "../../../../outside",
        root.join("usr/lib/python3/dist-packages"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, root.join("absolute")).unwrap();
    let inventory = inventory_root(&root, &Limits::default());
    assert_eq!(
        names(&inventory),
        ["Debian base-files"],
        "nothing from outside"
    );
    let notes = skipped(&inventory).join("\n");
    assert!(notes.contains("`/usr/lib/python3/dist-packages` is a symbolic link to `../../../../outside`, outside the root"), "{notes}");
    assert!(notes.contains("no os-release"), "{notes}");
}

/// CRC-32 (IEEE), as zip's headers want it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip whose stored entries are `files`, with `copies` more central-directory entries
/// (`lib/<n>.jar`) that all point at the first file's data: a few bytes that read as any
/// number of archives.
fn overlapping_zip(files: &[(&str, &[u8])], copies: usize) -> Vec<u8> {
    let mut zip = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    let mut header = |central: &mut Vec<u8>, name: &str, data: &[u8], offset: u32| {
        let size = u32::try_from(data.len()).expect("a small test archive");
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend(crc32(data).to_le_bytes());
        central.extend(size.to_le_bytes());
        central.extend(size.to_le_bytes());
        central.extend(
            u16::try_from(name.len())
                .expect("a small test archive")
                .to_le_bytes(),
        );
        central.extend([0u8; 12]);
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
        count += 1;
    };
    let mut first = None;
    for (name, data) in files {
        let offset = u32::try_from(zip.len()).expect("a small test archive");
        let size = u32::try_from(data.len()).expect("a small test archive");
        zip.extend(0x0403_4b50u32.to_le_bytes());
        zip.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        zip.extend(crc32(data).to_le_bytes());
        zip.extend(size.to_le_bytes());
        zip.extend(size.to_le_bytes());
        zip.extend(
            u16::try_from(name.len())
                .expect("a small test archive")
                .to_le_bytes(),
        );
        zip.extend([0, 0]);
        zip.extend(name.as_bytes());
        zip.extend(*data);
        header(&mut central, name, data, offset);
        first.get_or_insert((offset, *data));
    }
    let (offset, data) = first.expect("at least one file");
    for copy in 0..copies {
        header(&mut central, &format!("lib/{copy}.jar"), data, offset);
    }
    let central_offset = u32::try_from(zip.len()).expect("a small test archive");
    let central_size = u32::try_from(central.len()).expect("a small test archive");
    zip.extend(central);
    zip.extend(0x0605_4b50u32.to_le_bytes());
    zip.extend([0, 0, 0, 0]);
    zip.extend(count.to_le_bytes());
    zip.extend(count.to_le_bytes());
    zip.extend(central_size.to_le_bytes());
    zip.extend(central_offset.to_le_bytes());
    zip.extend([0, 0]);
    zip
}

#[test]
fn an_overlapping_entry_bomb_stops_at_one_budget_for_the_whole_nesting() {
    // Eight levels of ten overlapping copies: 10^8 archives to open if each level had its own
    // budget. The whole nesting shares one.
    let properties: &[u8] = b"groupId=g\nartifactId=a\nversion=1\n";
    let mut archive = overlapping_zip(&[("META-INF/maven/g/a/pom.properties", properties)], 0);
    for _ in 0..8 {
        archive = overlapping_zip(
            &[
                ("a.jar", &archive),
                ("META-INF/maven/g/a/pom.properties", properties),
            ],
            10,
        );
    }
    assert!(archive.len() < 20_000, "{} bytes", archive.len());
    let directory = tempfile::tempdir().expect("building a test input");
    let path = directory.path().join("bomb.jar");
    std::fs::write(&path, &archive).expect("building a test input");
    let limits = Limits {
        max_entries: 20_000,
        max_nesting: 10,
        ..Limits::default()
    };
    let inventory = steward_installed::inventory_artifact(&path, &limits).expect("a Java archive");
    assert!(
        inventory.packages.len() < 20_000,
        "{}",
        inventory.packages.len()
    );
    let skipped = skipped(&inventory);
    assert!(
        skipped
            .iter()
            .any(|line| line.contains("hold more than 20000 entries")),
        "{skipped:?}"
    );
}

#[test]
fn an_index_that_points_at_itself_is_refused_and_a_fifo_blob_does_not_block() {
    let directory = tempfile::tempdir().expect("building a test input");
    let root = directory.path();
    let blobs = root.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).expect("building a test input");
    let hex = "e".repeat(64);
    let index = |digest: &str| {
        serde_json::json!({ "schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "digest": format!("sha256:{digest}"),
            "platform": {"os": "linux", "architecture": "amd64"},
        }]})
        .to_string()
    };
    std::fs::write(blobs.join(&hex), index(&hex)).expect("building a test input");
    std::fs::write(root.join("index.json"), index(&hex)).expect("building a test input");
    let inventory = inventory_image(&root.to_string_lossy(), &Limits::default());
    let errors = skipped(&inventory);
    assert!(
        errors
            .iter()
            .any(|line| line.contains("leads back to itself")),
        "{errors:?}"
    );

    // A layout whose layer blob is a FIFO: refused, not waited on.
    let fifo_layout = root.join("fifo");
    layout(&fifo_layout, &[Vec::new()]);
    let layer = fifo_layout.join(format!("blobs/sha256/{:064x}", 0));
    std::fs::remove_file(&layer).expect("building a test input");
    let status = std::process::Command::new("mkfifo")
        .arg(&layer)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let inventory = inventory_image(&fifo_layout.to_string_lossy(), &Limits::default());
    let errors = skipped(&inventory);
    assert!(
        errors.iter().any(|line| line.contains("FIFO")),
        "{errors:?}"
    );
}
