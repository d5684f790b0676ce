//! The subset reader against serde-saphyr on the largest YAML lockfiles of the corpus, read
//! into `IgnoredAny` (the parser alone) and into `serde_json::Value` (every scalar typed).
//!
//! `cargo bench -p steward-yaml --bench subset`; results go into docs/benchmarks.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::de::IgnoredAny;
use steward_test::corpus_path;

const FILES: &[&str] = &[
    "pnpm/vue-core-2024-lockv6/pnpm-lock.yaml",
    "yarn/prettier/yarn.lock",
    "pub/localsend/pubspec.lock",
];

fn readers(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("yaml");
    for file in FILES {
        let text =
            std::fs::read_to_string(corpus_path(&format!("lockfiles/{file}"))).expect("the corpus");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("subset, ignored: {file}"), |bencher| {
            bencher.iter(|| steward_yaml::subset::<IgnoredAny>(black_box(&text)));
        });
        group.bench_function(format!("serde-saphyr, ignored: {file}"), |bencher| {
            bencher.iter(|| steward_yaml::serde_saphyr::<IgnoredAny>(black_box(&text)));
        });
    }
    group.finish();
}

criterion_group!(benches, readers);
criterion_main!(benches);
