//! Extracting real lockfiles from the shared corpus, in bytes per second: the text is already
//! in memory, so this is the extractor alone (parse, line numbers, graph, purls). Every format
//! the corpus has is measured on its largest file.
//!
//! `cargo bench -p steward-inventory --bench lockfiles`; results go into docs/benchmarks.md.
//! The allocator is the binary's (mimalloc), so the numbers are steward's.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use steward_inventory::{Format, MemoryTree, extract_bytes, format_for_file};
use steward_test::{corpus_files, corpus_path};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The largest corpus file of each format, Yarn's two formats apart.
fn largest_of_each_format() -> BTreeMap<String, (&'static Format, PathBuf, u64)> {
    let found = corpus_files("lockfiles");
    let mut largest: BTreeMap<String, (&'static Format, PathBuf, u64)> = BTreeMap::new();
    for path in found {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let Some(format) = format_for_file(name) else {
            continue;
        };
        let size = std::fs::metadata(&path).map_or(0, |metadata| metadata.len());
        let berry = format.id == "yarn-lock"
            && std::fs::read_to_string(&path).is_ok_and(|text| text.contains("\n__metadata:"));
        let key = if berry {
            format!("{} (Berry)", format.id)
        } else {
            format.id.to_owned()
        };
        let entry = largest.entry(key).or_insert((format, path.clone(), size));
        if size > entry.2 {
            *entry = (format, path, size);
        }
    }
    largest
}

fn extraction(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("extract");
    let root = corpus_path("lockfiles");
    for (id, (format, path, _)) in largest_of_each_format() {
        let bytes = std::fs::read(&path).expect("the corpus");
        let relative = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let name = relative.rsplit('/').next().unwrap_or(&relative).to_owned();
        // Companion files (a `pom.xml`'s parent) are not there: the extractor alone.
        let tree = MemoryTree::new([]);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{id}: {relative}"), |bencher| {
            bencher.iter(|| extract_bytes(&name, black_box(&bytes), format, &tree));
        });
    }
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
