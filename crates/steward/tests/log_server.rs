//! `steward log serve|witness|monitor|cosign` over HTTP on loopback: writes need a token and
//! stay within limits; a monitor and a witness follow the log while appends run; a fork made
//! by hand is caught by both.

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{log, steward};

const ORIGIN: &str = "example.com/served-log";
const TOKEN: &str = "a-token-of-at-least-16-characters";

/// A server process, killed when dropped, and the lines it printed on starting.
struct Running {
    child: Child,
    lines: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        _ = self.child.kill();
        _ = self.child.wait();
    }
}

fn start(dir: &Path, arguments: &[&str], lines: usize) -> Running {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("steward"))
        .current_dir(dir)
        .arg("--no-config")
        .args(arguments)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut printed = Vec::new();
    for _ in 0..lines {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a line");
        printed.push(line.trim().to_owned());
    }
    Running {
        child,
        lines: printed,
    }
}

fn address(running: &Running) -> String {
    running.lines[0]
        .strip_prefix("listening on ")
        .expect("an address")
        .to_owned()
}

fn add(
    client: &reqwest::blocking::Client,
    url: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (u16, String) {
    let mut request = client.post(format!("{url}/add")).body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().expect("answers");
    (response.status().as_u16(), response.text().expect("text"))
}

#[test]
fn a_served_log_is_followed_by_a_monitor_and_a_witness_and_a_fork_is_caught() {
    let directory = tempfile::tempdir().expect("a directory");
    let dir = directory.path();
    for name in ["log", "w1"] {
        steward(dir)
            .args(["key", "generate", name])
            .assert()
            .success();
    }
    let (status, key) = log(
        dir,
        &["init", "log", "--origin", ORIGIN, "--key", "log.key"],
    );
    assert_eq!(status, 0, "{key}");
    let key = key.trim().to_owned();
    std::fs::write(dir.join("tokens"), format!("# writers\n{TOKEN}\n")).expect("write");

    let witness = start(
        dir,
        &[
            "log",
            "witness",
            "--listen",
            "127.0.0.1:0",
            "--name",
            "w1.example",
            "--key",
            "w1.key",
            "--log",
            &key,
            "--state",
            "witness-state",
        ],
        2,
    );
    assert!(
        witness.lines[1].starts_with("witness w1.example "),
        "{:?}",
        witness.lines
    );
    std::fs::write(
        dir.join("witnesses.policy"),
        format!("{}\nquorum w1.example\n", witness.lines[1]),
    )
    .expect("write");
    let server = start(
        dir,
        &[
            "log",
            "serve",
            "log",
            "--listen",
            "127.0.0.1:0",
            "--tokens",
            "tokens",
            "--batch-ms",
            "5",
            "--rate",
            "100000",
            "--witness-policy",
            "witnesses.policy",
            "--cosign-every",
            "0.1",
        ],
        1,
    );
    let url = address(&server);

    let client = reqwest::blocking::Client::new();
    assert_eq!(add(&client, &url, None, b"x".to_vec()).0, 401);
    assert_eq!(
        add(&client, &url, Some("not-the-token-at-all"), b"x".to_vec()).0,
        401
    );
    assert_eq!(add(&client, &url, Some(TOKEN), vec![0; 70_000]).0, 413);

    // Appends from eight threads while a monitor follows.
    let monitor = start(
        dir,
        &[
            "log",
            "monitor",
            &url,
            "--key",
            &key,
            "--state",
            "monitor-state",
            "--follow",
            "0.05",
        ],
        1,
    );
    let answered: Vec<u64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|thread| {
                let (client, url) = (&client, &url);
                scope.spawn(move || {
                    (0..150)
                        .map(|number| {
                            let (status, body) = add(
                                client,
                                url,
                                Some(TOKEN),
                                format!("entry {thread}-{number}").into_bytes(),
                            );
                            assert_eq!(status, 200, "{body}");
                            body.trim().parse::<u64>().expect("an index")
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("joins"))
            .collect()
    });
    let mut sorted = answered.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..1200).collect::<Vec<u64>>());
    drop(monitor);

    let (status, printed) = log(
        dir,
        &["monitor", &url, "--key", &key, "--state", "monitor-state"],
    );
    assert_eq!(status, 0, "{printed}");
    assert!(printed.contains("has 1200 entries"), "{printed}");

    // Tiles: only what the checkpoint covers; full ones immutable.
    let full = client
        .get(format!("{url}/tile/0/000"))
        .send()
        .expect("answers");
    assert_eq!(full.status().as_u16(), 200);
    assert!(
        full.headers()["cache-control"]
            .to_str()
            .expect("text")
            .contains("immutable")
    );
    assert_eq!(
        client
            .get(format!("{url}/tile/0/004"))
            .send()
            .expect("answers")
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        client
            .get(format!("{url}/tile/0/../checkpoint"))
            .send()
            .expect("answers")
            .status()
            .as_u16(),
        404
    );

    // The server has the witness cosign each new checkpoint; proofs then meet the policy, and
    // so does the checkpoint a monitor with the policy sees. `cosign` by hand works too.
    assert_eq!(add(&client, &url, Some(TOKEN), b"one more".to_vec()).0, 200);
    let cosigned = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let note = client
            .get(format!("{url}/checkpoint"))
            .send()
            .expect("answers");
        let note = note.text().expect("text");
        note.contains("\n1201\n") && note.contains("\u{2014} w1.example ")
    });
    assert!(
        cosigned,
        "the served checkpoint of 1201 entries was not cosigned in 10 s"
    );
    let (status, printed) = log(
        dir,
        &[
            "monitor",
            &url,
            "--key",
            &key,
            "--state",
            "monitor-state",
            "--witness-policy",
            "witnesses.policy",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    let (status, printed) = log(
        dir,
        &["cosign", "log", "--witness-policy", "witnesses.policy"],
    );
    assert_eq!(status, 0, "{printed}");
    assert_eq!(
        log(dir, &["prove", "log", "--index", "0", "-o", "zero.proof"]).0,
        0
    );
    let entry_zero = steward_tlog_store::store::LogDir::open(&dir.join("log"))
        .expect("opens")
        .entry(0)
        .expect("entry");
    std::fs::write(dir.join("zero.entry"), entry_zero).expect("write");
    let (status, printed) = log(
        dir,
        &[
            "verify-proof",
            "zero.proof",
            "--key",
            &key,
            "--entry",
            "zero.entry",
            "--witness-policy",
            "witnesses.policy",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    assert!(printed.contains("cosigned by w1.example"), "{printed}");

    // A fork by hand: the same key signs another history, longer than the real one.
    steward(dir)
        .args([
            "log", "init", "fork", "--origin", ORIGIN, "--key", "log.key",
        ])
        .assert()
        .success();
    let names: Vec<String> = (0..1300)
        .map(|index| {
            let name = format!("fork-{index}");
            std::fs::write(dir.join(&name), format!("forged {index}")).expect("write");
            name
        })
        .collect();
    let mut arguments = vec!["append", "fork"];
    arguments.extend(names.iter().map(String::as_str));
    assert_eq!(log(dir, &arguments).0, 0);
    let (status, printed) = log(
        dir,
        &["monitor", "fork", "--key", &key, "--state", "monitor-state"],
    );
    assert_eq!(status, 1, "{printed}");
    assert!(printed.contains("fork or rewrite: the signed tree of 1300 entries does not extend the tree of 1201 entries"), "{printed}");
    let (status, printed) = log(
        dir,
        &["cosign", "fork", "--witness-policy", "witnesses.policy"],
    );
    assert_eq!(status, 1, "{printed}");
    assert!(
        printed.contains("NOT COSIGNED  w1.example") && printed.contains("422"),
        "{printed}"
    );
}

#[test]
fn writes_need_tokens_and_keep_to_the_rate() {
    let directory = tempfile::tempdir().expect("a directory");
    let dir = directory.path();
    steward(dir)
        .args(["key", "generate", "log"])
        .assert()
        .success();
    let (status, printed) = log(
        dir,
        &["init", "log", "--origin", ORIGIN, "--key", "log.key"],
    );
    assert_eq!(status, 0, "{printed}");
    let client = reqwest::blocking::Client::new();

    let read_only = start(dir, &["log", "serve", "log", "--listen", "127.0.0.1:0"], 1);
    let (status, body) = add(&client, &address(&read_only), Some(TOKEN), b"x".to_vec());
    assert_eq!((status, body.as_str()), (403, "this log takes no writes\n"));
    drop(read_only);

    std::fs::write(dir.join("tokens"), format!("{TOKEN}\n")).expect("write");
    let limited = start(
        dir,
        &[
            "log",
            "serve",
            "log",
            "--listen",
            "127.0.0.1:0",
            "--tokens",
            "tokens",
            "--rate",
            "2",
        ],
        1,
    );
    let url = address(&limited);
    let statuses: Vec<u16> = (0..3)
        .map(|number| add(&client, &url, Some(TOKEN), vec![b'a' + number]).0)
        .collect();
    assert_eq!(statuses, [200, 200, 429]);

    std::fs::write(dir.join("short-tokens"), "short\n").expect("write");
    let (status, printed) = log(
        dir,
        &[
            "serve",
            "log",
            "--listen",
            "127.0.0.1:0",
            "--tokens",
            "short-tokens",
        ],
    );
    assert_eq!(status, 2, "{printed}");
    assert!(
        printed.contains("short-tokens:1: a token must have at least 16 characters"),
        "{printed}"
    );
}
