//! How fast the log is: durable appends from many threads through the sequencer, in batches;
//! inclusion proofs from a log of 10,000,000 entries (built once, kept under
//! `target/tlog-bench/`, as building it takes minutes).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use steward_tlog::signer::NoteSigner;
use steward_tlog_store::append::Appender;
use steward_tlog_store::config::Config;
use steward_tlog_store::sequencer::{Batching, Sequencer};
use steward_tlog_store::store::LogDir;
use steward_trust::signing::{SigningAlgorithm, SigningKey};

const ORIGIN: &str = "bench.example/log";
/// A typical entry: a small signed statement's digest and metadata.
const ENTRY_SIZE: usize = 256;
const APPENDS_PER_ITERATION: usize = 8192;

fn bench_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tlog-bench")
}

fn new_log(root: &Path, pem: &str) -> Appender {
    let signer =
        || NoteSigner::new(ORIGIN, SigningKey::from_pem(pem, None).expect("key")).expect("signer");
    let config = Config {
        origin: ORIGIN.to_owned(),
        verifier_key: signer().verifier_key(),
        key: root.join("unused"),
        deduplicate: false,
    };
    let log = LogDir::init(root, &config, &signer()).expect("init");
    Appender::new(log, signer()).expect("appender")
}

fn entry(index: u64) -> Vec<u8> {
    let mut entry = format!("entry {index} ").into_bytes();
    entry.resize(ENTRY_SIZE, b'.');
    entry
}

fn appends(criterion: &mut Criterion) {
    let directory = tempfile::tempdir_in(std::env::temp_dir()).expect("a directory");
    let pem = SigningKey::generate(SigningAlgorithm::Ed25519)
        .expect("key")
        .to_pkcs8_pem();
    let appender = new_log(&directory.path().join("log"), &pem);
    let sequencer = Sequencer::start(
        appender,
        Batching {
            max_entries: 4096,
            max_wait: Duration::from_millis(5),
        },
    );
    let next = AtomicU64::new(0);
    let mut group = criterion.benchmark_group("tlog");
    group.throughput(Throughput::Elements(APPENDS_PER_ITERATION as u64));
    group.sample_size(10);
    // Each thread is a client waiting for its append to be durable before the next one.
    for threads in [16, 64, 256] {
        group.bench_function(format!("durable_appends_{threads}_threads"), |bench| {
            bench.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    std::thread::scope(|scope| {
                        for _ in 0..threads {
                            scope.spawn(|| {
                                for _ in 0..APPENDS_PER_ITERATION / threads {
                                    let index = next.fetch_add(1, Ordering::Relaxed);
                                    sequencer.append(entry(index)).expect("appends");
                                }
                            });
                        }
                    });
                }
                start.elapsed()
            });
        });
    }
    group.finish();
}

/// A log of `size` entries under `target/tlog-bench/`, built once.
fn big_log(size: u64) -> LogDir {
    let root = bench_root().join(format!("log-{size}"));
    if let Ok(log) = LogDir::open(&root)
        && log
            .checkpoint()
            .is_ok_and(|(_, checkpoint)| checkpoint.size == size)
    {
        return log;
    }
    _ = std::fs::remove_dir_all(&root);
    let pem = SigningKey::generate(SigningAlgorithm::Ed25519)
        .expect("key")
        .to_pkcs8_pem();
    let mut appender = new_log(&root, &pem);
    let started = Instant::now();
    let batch = 1 << 20;
    let mut next = 0;
    while next < size {
        let end = (next + batch).min(size);
        let entries: Vec<Vec<u8>> = (next..end).map(entry).collect();
        appender.append(&entries).expect("appends");
        next = end;
    }
    // How long the build took is worth knowing once; criterion has no place for it.
    #[allow(clippy::print_stderr, reason = "a benchmark's own progress note")]
    {
        eprintln!("built a log of {size} entries in {:.1?}", started.elapsed());
    }
    LogDir::open(&root).expect("opens")
}

fn proofs(criterion: &mut Criterion) {
    let size = std::env::var("STEWARD_BENCH_LOG_SIZE")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(10_000_000_u64);
    let log = big_log(size);
    let (note, _) = log.checkpoint().expect("checkpoint");
    let mut group = criterion.benchmark_group("tlog");
    group.throughput(Throughput::Elements(1));
    let mut index = 12_345_u64;
    group.bench_function(format!("inclusion_proof_{size}"), |bench| {
        bench.iter(|| {
            index = index
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                % size;
            log.prove_inclusion(index, &note).expect("proves")
        });
    });
    group.bench_function(format!("consistency_proof_{size}"), |bench| {
        bench.iter(|| {
            index = index
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                % size;
            log.prove_consistency(index.max(1), &note).expect("proves")
        });
    });
    group.finish();
}

criterion_group!(benches, appends, proofs);
criterion_main!(benches);
