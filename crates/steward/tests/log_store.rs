//! `steward log init|append|prove|verify-proof|audit` end to end on a log in a directory:
//! proofs verify with nothing but the proof and the key, forks and tampering are named, and
//! appends killed with SIGKILL lose no entry whose index was printed.

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;

use common::{log, steward};

const ORIGIN: &str = "example.com/steward-log";

/// A log in `dir/name` signed by a new key `dir/name.key`; its verifier key.
fn init(dir: &Path, name: &str, extra: &[&str]) -> String {
    steward(dir)
        .args(["key", "generate", name])
        .assert()
        .success();
    let output = steward(dir)
        .args(["log", "init", name, "--origin", ORIGIN, "--key"])
        .arg(format!("{name}.key"))
        .args(extra)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

fn write_entries(dir: &Path, from: u64, to: u64) -> Vec<String> {
    (from..to)
        .map(|index| {
            let name = format!("entry-{index}.txt");
            std::fs::write(dir.join(&name), format!("decision {index}\n")).expect("write");
            name
        })
        .collect()
}

#[test]
fn appends_prove_and_verify_offline() {
    let directory = tempfile::tempdir().expect("a directory");
    let dir = directory.path();
    let key = init(dir, "log", &[]);
    assert!(key.starts_with(&format!("{ORIGIN}+")), "{key}");
    let names = write_entries(dir, 0, 300);
    let mut arguments = vec!["append", "log"];
    arguments.extend(names.iter().map(String::as_str));
    let (status, printed) = log(dir, &arguments);
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed.starts_with("0\tentry-0.txt\n1\tentry-1.txt\n"),
        "{printed}"
    );
    assert!(printed.contains("299\tentry-299.txt\n"), "{printed}");
    std::fs::copy(dir.join("log/checkpoint"), dir.join("old-checkpoint")).expect("copy");

    let (status, printed) = log(
        dir,
        &["prove", "log", "--index", "5", "-o", "five.tlog-proof"],
    );
    assert_eq!(status, 0, "{printed}");
    let verify = |proof: &str, entry: &str| {
        log(
            dir,
            &[
                "verify-proof",
                proof,
                "--key",
                &key,
                "--entry",
                entry,
                "--origin",
                ORIGIN,
            ],
        )
    };
    let (status, printed) = verify("five.tlog-proof", "entry-5.txt");
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed.contains("included  entry 5 of example.com/steward-log (300 entries)"),
        "{printed}"
    );
    let (status, printed) = verify("five.tlog-proof", "entry-6.txt");
    assert_eq!(status, 1, "{printed}");
    assert!(
        printed.contains("does not lead from the entry"),
        "{printed}"
    );

    let (status, printed) = log(
        dir,
        &[
            "prove",
            "log",
            "--entry",
            "entry-7.txt",
            "-o",
            "seven.tlog-proof",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    assert_eq!(verify("seven.tlog-proof", "entry-7.txt").0, 0);
    let (status, printed) = log(dir, &["prove", "log", "--index", "300"]);
    assert_eq!(status, 2, "{printed}");
    assert!(
        printed.contains("index 300 is not in the tree of 300 entries"),
        "{printed}"
    );

    let more = write_entries(dir, 300, 700);
    let mut arguments = vec!["append", "log", "--batch-size", "128"];
    arguments.extend(more.iter().map(String::as_str));
    assert_eq!(log(dir, &arguments).0, 0);
    let (status, printed) = log(
        dir,
        &["prove", "log", "--consistency", "300", "-o", "grown.proof"],
    );
    assert_eq!(status, 0, "{printed}");
    let (status, printed) = log(
        dir,
        &[
            "verify-proof",
            "grown.proof",
            "--key",
            &key,
            "--old-checkpoint",
            "old-checkpoint",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed
            .contains("consistent  300 entries extended to example.com/steward-log (700 entries)"),
        "{printed}"
    );

    // A fork: the same key signs another history of 300 entries.
    steward(dir)
        .args([
            "log", "init", "fork", "--origin", ORIGIN, "--key", "log.key",
        ])
        .assert()
        .success();
    let mut arguments = vec!["append", "fork"];
    arguments.extend(names.iter().rev().map(String::as_str));
    assert_eq!(log(dir, &arguments).0, 0);
    let (status, printed) = log(
        dir,
        &[
            "verify-proof",
            "grown.proof",
            "--key",
            &key,
            "--old-checkpoint",
            "fork/checkpoint",
        ],
    );
    assert_eq!(status, 1, "{printed}");
    assert!(
        printed.contains("not an extension of the tree of 300 entries"),
        "{printed}"
    );

    let (status, printed) = log(dir, &["audit", "log"]);
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed.contains("ok example.com/steward-log: 700 entries"),
        "{printed}"
    );

    // A witness policy the checkpoint does not meet.
    std::fs::write(
        dir.join("witnesses.policy"),
        "witness w1.example 0000000000000000000000000000000000000000000000000000000000000001\nquorum w1.example\n",
    )
    .expect("write");
    let (status, printed) = log(
        dir,
        &[
            "verify-proof",
            "five.tlog-proof",
            "--key",
            &key,
            "--entry",
            "entry-5.txt",
            "--witness-policy",
            "witnesses.policy",
        ],
    );
    assert_eq!(status, 1, "{printed}");
    assert!(
        printed.contains("the witness policy needs w1.example; cosigned by none of them"),
        "{printed}"
    );
}

#[test]
fn audit_names_tampering_and_deduplication_answers_the_first_index() {
    let directory = tempfile::tempdir().expect("a directory");
    let dir = directory.path();
    init(dir, "log", &["--deduplicate"]);
    let names = write_entries(dir, 0, 3);
    let (status, printed) = log(dir, &["append", "log", &names[0], &names[1], &names[0]]);
    assert_eq!(status, 0, "{printed}");
    assert_eq!(
        printed,
        "0\tentry-0.txt\n1\tentry-1.txt\n0\tentry-0.txt\t(already logged)\n"
    );

    // One entry from standard input; a file larger than an entry can be is refused by name.
    let output = steward(dir)
        .args(["log", "append", "log"])
        .write_stdin("from standard input")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "2\t-\n");
    std::fs::write(dir.join("huge"), vec![b'x'; 70_000]).expect("write");
    let (status, printed) = log(dir, &["append", "log", "huge"]);
    assert_eq!(status, 2, "{printed}");
    assert!(printed.contains("huge"), "{printed}");
    let (status, printed) = log(dir, &["audit", "log"]);
    assert_eq!(status, 0, "{printed}");

    let bundle = dir.join("log/tile/entries/000.p/3");
    let mut bytes = std::fs::read(&bundle).expect("bundle");
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    std::fs::write(&bundle, bytes).expect("write");
    let (status, printed) = log(dir, &["audit", "log"]);
    assert_eq!(status, 1, "{printed}");
    assert!(
        printed.contains("PROBLEM  tile/0/000.p/3: differs from what the entries hash to"),
        "{printed}"
    );
    assert!(
        printed.contains("PROBLEM  checkpoint: its root is not the root of the 3 entries"),
        "{printed}"
    );
}

/// 20 trials: four appenders run at once, one after another is killed with SIGKILL at a
/// varying moment; every index printed before the kill holds its entry, and the log audits.
#[test]
fn killed_appenders_lose_no_acknowledged_entry() {
    let directory = tempfile::tempdir().expect("a directory");
    let dir = directory.path();
    init(dir, "log", &[]);
    let names = write_entries(dir, 0, 400);
    let binary = assert_cmd::cargo::cargo_bin("steward");
    let mut acknowledged: Vec<(u64, String)> = Vec::new();
    for trial in 0..20_u64 {
        let mut children = Vec::new();
        for appender in 0..4_u64 {
            let start = usize::try_from((trial * 4 + appender) * 37 % 300).unwrap_or(0);
            let mut command = std::process::Command::new(&binary);
            command
                .current_dir(dir)
                .args(["--no-config", "log", "append", "log", "--batch-size", "7"])
                .args(&names[start..start + 100])
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            children.push(command.spawn().expect("spawns"));
        }
        std::thread::sleep(std::time::Duration::from_millis(5 + trial * 3));
        for child in &mut children {
            _ = child.kill();
        }
        for mut child in children {
            let stdout = child.stdout.take().expect("piped");
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let (index, name) = line.split_once('\t').expect("INDEX\tFILE");
                acknowledged.push((index.parse().expect("an index"), name.to_owned()));
            }
            _ = child.wait();
        }
    }
    assert!(
        !acknowledged.is_empty(),
        "no append finished a batch in 20 trials"
    );
    let (status, printed) = log(dir, &["audit", "log"]);
    assert_eq!(status, 0, "{printed}");
    let stored = steward_tlog_store::store::LogDir::open(&dir.join("log")).expect("opens");
    let key = stored.config().verifier_key.clone();
    for (position, (index, name)) in acknowledged.iter().enumerate() {
        let entry = std::fs::read(dir.join(name)).expect("entry");
        assert_eq!(
            stored.entry(*index).expect("in the log"),
            entry,
            "entry {index} ({name}) was acknowledged but is not in the log"
        );
        if position % 50 == 0 {
            let (status, printed) = log(
                dir,
                &["prove", "log", "--index", &index.to_string(), "-o", "p"],
            );
            assert_eq!(status, 0, "{printed}");
            let (status, printed) =
                log(dir, &["verify-proof", "p", "--key", &key, "--entry", name]);
            assert_eq!(status, 0, "{printed}");
        }
    }
}
