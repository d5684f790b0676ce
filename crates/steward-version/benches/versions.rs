//! Parsing and comparing versions, per scheme, on realistic versions from the reference files.
//!
//! `cargo bench -p steward-version --bench versions`; results go into docs/benchmarks.md.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use steward_version::{Scheme, Version};

/// Valid versions of a scheme, from its reference file, or a built-in list.
fn versions(scheme: Scheme) -> Vec<String> {
    let file = match scheme {
        Scheme::SemVer => "semver",
        Scheme::Go => "go",
        Scheme::Pep440 => "pep440",
        Scheme::Maven => "maven",
        Scheme::RubyGems => "rubygems",
        Scheme::Packagist => "packagist",
        Scheme::Debian => "debian",
        Scheme::Rpm => "rpm",
        Scheme::Cran => "cran",
        _ => "",
    };
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/reference/{file}.tsv"));
    let from_file: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.strip_prefix("valid\t"))
        .filter(|version| scheme.parse(version).is_ok())
        .map(str::to_owned)
        .collect();
    if !from_file.is_empty() {
        return from_file;
    }
    let built_in: &[&str] = match scheme {
        Scheme::NuGet => &[
            "1.0.0",
            "13.0.3",
            "6.0.0-preview.7.21377.19",
            "2.1.0.4",
            "1.0.0-beta.2",
        ],
        Scheme::Pub => &["1.2.3", "0.13.6", "2.0.0-nullsafety.0", "1.0.0+1", "3.1.0"],
        Scheme::Opam => &["1.2.3", "4.14.1", "0.9~beta", "5.0.0+trunk", "1.0"],
        Scheme::Alpine => &[
            "1.2.3-r4",
            "3.0.11-r0",
            "1.36.1_rc1-r29",
            "2.6.0_p1-r1",
            "8.2.01",
        ],
        Scheme::Hackage => &["1.2.3", "0.10.5.2", "4.18.0.0", "2.0", "1.0.1"],
        _ => &["1.2.3", "2.0-rc1", "1.0.0a", "3.4", "2023.01.01"],
    };
    built_in.iter().map(|text| (*text).to_owned()).collect()
}

fn parsing(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for scheme in Scheme::ALL {
        let texts = versions(*scheme);
        group.throughput(Throughput::Elements(texts.len() as u64));
        group.bench_function(scheme.name(), |b| {
            b.iter(|| {
                for text in &texts {
                    black_box(scheme.parse(black_box(text)).ok());
                }
            });
        });
    }
    group.finish();
}

fn comparing(c: &mut Criterion) {
    let mut group = c.benchmark_group("compare");
    for scheme in Scheme::ALL {
        let parsed: Vec<Version> = versions(*scheme)
            .iter()
            .filter_map(|text| scheme.parse(text).ok())
            .collect();
        // Each version against its neighbour: many share a prefix, as in real ranges.
        let pairs: Vec<(&Version, &Version)> =
            parsed.iter().zip(parsed.iter().cycle().skip(1)).collect();
        group.throughput(Throughput::Elements(pairs.len() as u64));
        group.bench_function(scheme.name(), |b| {
            b.iter(|| {
                for (left, right) in &pairs {
                    black_box(black_box(left).cmp(black_box(right)));
                }
            });
        });
    }
    group.finish();
}

criterion_group!(benches, parsing, comparing);
criterion_main!(benches);
