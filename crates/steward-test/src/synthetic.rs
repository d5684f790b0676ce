//! Synthetic OSV advisories, for benchmarks and robustness tests: as many as asked, shaped like
//! real ones (aliases, a CVSS vector, several ranges, references), spread over five ecosystems
//! with about five advisories per package, and the same for the same count every time.

use std::io::{Seek, Write};

/// The ecosystems the advisories are spread over, with the version shape of each.
const ECOSYSTEMS: &[&str] = &["npm", "PyPI", "crates.io", "Go", "Maven"];

/// How many distinct packages `count` advisories name.
pub fn package_count(count: usize) -> usize {
    (count / 5).max(1)
}

/// The name of synthetic package `index`, as the advisories spell it.
pub fn package_name(ecosystem: &str, index: usize) -> String {
    match ecosystem {
        "Go" => format!("example.com/module{index}"),
        "Maven" => format!("org.example:artifact{index}"),
        _ => format!("package-{index}"),
    }
}

/// The ecosystem of synthetic package `index`.
pub fn package_ecosystem(index: usize) -> &'static str {
    ECOSYSTEMS[index % ECOSYSTEMS.len()]
}

/// Advisory `index` of `count`, as JSON.
pub fn advisory(index: usize, count: usize) -> String {
    let package = index % package_count(count);
    let ecosystem = package_ecosystem(package);
    let name = package_name(ecosystem, package);
    let minor = index % 40;
    let range_type = if ecosystem == "crates.io" || ecosystem == "Go" {
        "SEMVER"
    } else {
        "ECOSYSTEM"
    };
    format!(
        r#"{{"schema_version":"1.6.0","id":"SYN-{index:07}","modified":"2026-01-01T00:00:00Z","published":"2025-06-01T00:00:00Z","aliases":["CVE-2099-{index:07}"],"summary":"Synthetic vulnerability {index} in {name}","details":"A synthetic advisory for benchmarks: an attacker who controls input to {name} can cause a denial of service.","severity":[{{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}}],"affected":[{{"package":{{"ecosystem":"{ecosystem}","name":"{name}"}},"ranges":[{{"type":"{range_type}","events":[{{"introduced":"0"}},{{"fixed":"1.{minor}.0"}},{{"introduced":"2.0.0"}},{{"fixed":"2.{minor}.1"}}]}}]}}],"references":[{{"type":"ADVISORY","url":"https://example.com/advisories/SYN-{index:07}"}},{{"type":"WEB","url":"https://example.com/{name}/issues/{index}"}}]}}"#
    )
}

/// Writes `count` advisories to `out` as an OSV `all.zip` archive (one `<id>.json` per record).
pub fn write_zip(count: usize, out: impl Write + Seek) -> zip::result::ZipResult<()> {
    let mut writer = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for index in 0..count {
        writer.start_file(format!("SYN-{index:07}.json"), options)?;
        writer.write_all(advisory(index, count).as_bytes())?;
    }
    writer.finish()?;
    Ok(())
}

/// A CycloneDX 1.6 SBOM of `packages` packages, as a large project has: one in ten is a
/// package the advisories of `count` name (at a version some of them affect, or not), the
/// others are named by none.
pub fn sbom(packages: usize, count: usize) -> String {
    let named = package_count(count);
    let components: Vec<String> = (0..packages)
        .map(|index| {
            let (ecosystem, name) = if index % 10 == 0 && index / 10 < named {
                let package = index / 10;
                let ecosystem = package_ecosystem(package);
                (ecosystem, package_name(ecosystem, package))
            } else {
                ("npm", format!("dependency-{index}"))
            };
            let version = format!("1.{}.0", index % 45);
            let purl = match ecosystem {
                "npm" => format!("pkg:npm/{name}@{version}"),
                "PyPI" => format!("pkg:pypi/{name}@{version}"),
                "crates.io" => format!("pkg:cargo/{name}@{version}"),
                "Go" => format!("pkg:golang/{name}@v{version}"),
                _ => {
                    let (group, artifact) = name.split_once(':').unwrap_or(("org.example", &name));
                    format!("pkg:maven/{group}/{artifact}@{version}")
                }
            };
            format!(
                r#"{{"type":"library","bom-ref":"c{index}","name":"{name}","version":"{version}","purl":"{purl}"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{}]}}"#,
        components.join(",")
    )
}
