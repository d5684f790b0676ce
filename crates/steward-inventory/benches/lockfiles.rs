//! Extracting real lockfiles from the shared corpus, in bytes per second: the text is already
//! in memory, so this is the extractor alone (parse, line numbers, graph, purls).
//!
//! `cargo bench -p steward-inventory --bench lockfiles`; results go into docs/benchmarks.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use steward_inventory::{NoTree, extract_bytes, format_by_name};
use steward_test::corpus_path;

/// The largest corpus lockfile of each kind measured.
const INPUTS: &[(&str, &str)] = &[
    ("package-lock", "npm/cdxgen-2024-lockv3/package-lock.json"),
    ("package-lock", "npm/cdxgen-2021-lockv1/package-lock.json"),
    ("yarn-lock", "yarn/webpack/yarn.lock"),
    ("yarn-lock", "yarn/prettier/yarn.lock"),
    ("pnpm-lock", "pnpm/vue-core/pnpm-lock.yaml"),
    ("bun-lock", "bun/hono/bun.lock"),
    ("cargo-lock", "cargo/uv/Cargo.lock"),
    ("uv-lock", "pypi/pydantic/uv.lock"),
    ("go-sum", "go/trivy/go.sum"),
    ("gemfile-lock", "rubygems/rubygems.org/Gemfile.lock"),
];

fn extraction(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("extract");
    for (id, relative) in INPUTS {
        let format = format_by_name(id).expect("a registered format");
        let bytes =
            std::fs::read(corpus_path(&format!("lockfiles/{relative}"))).expect("the corpus");
        let name = relative.rsplit('/').next().unwrap_or(relative);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*relative, |bencher| {
            bencher.iter(|| extract_bytes(name, black_box(&bytes), format, &NoTree));
        });
    }
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
