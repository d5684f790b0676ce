//! A local mirror for download tests: a directory served over HTTP/1.1 on 127.0.0.1, with
//! `ETag`s, single open byte ranges (`Range: bytes=N-`) and `If-Range`. It logs every request,
//! and can break a response off midway, as a dropped connection or a killed server would.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// A request the mirror answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The path asked for, percent-decoded.
    pub path: String,
    /// The `Range` header, if any.
    pub range: Option<String>,
    /// The status answered.
    pub status: u16,
}

#[derive(Debug)]
struct State {
    root: PathBuf,
    requests: Mutex<Vec<Request>>,
    break_after: Mutex<Option<usize>>,
}

/// A running mirror. It serves until the test process ends.
#[derive(Debug)]
pub struct Mirror {
    address: SocketAddr,
    state: Arc<State>,
}

impl Mirror {
    /// Serves the files under `root`.
    ///
    /// # Panics
    ///
    /// If no loopback port can be had.
    pub fn serve(root: &Path) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let state = Arc::new(State {
            root: root.to_path_buf(),
            requests: Mutex::new(Vec::new()),
            break_after: Mutex::new(None),
        });
        let serving = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&serving);
                std::thread::spawn(move || {
                    // A client that goes away is not the mirror's problem.
                    let _ = answer(&state, stream);
                });
            }
        });
        Self { address, state }
    }

    /// The mirror's address, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The requests answered since the last call, in order.
    pub fn take_requests(&self) -> Vec<Request> {
        std::mem::take(
            &mut *self
                .state
                .requests
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// From now on, sends at most `bytes` of each body and then closes the connection (`None`:
    /// whole bodies again).
    pub fn break_after(&self, bytes: Option<usize>) {
        *self
            .state
            .break_after
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = bytes;
    }
}

fn answer(state: &State, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut range = None;
    let mut if_range = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().to_owned();
            match name.trim().to_ascii_lowercase().as_str() {
                "range" => range = Some(value),
                "if-range" => if_range = Some(value),
                _ => {}
            }
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split('?').next().unwrap_or(target));
    let file = file_of(&state.root, &path).and_then(|file| std::fs::read(file).ok());
    let (status, headers, body) = match file {
        None => (404, String::new(), b"not found\n".to_vec()),
        Some(content) => respond(&content, range.as_deref(), if_range.as_deref()),
    };
    state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Request {
            path,
            range,
            status,
        });
    let reason = match status {
        200 => "OK",
        206 => "Partial Content",
        404 => "Not Found",
        _ => "Range Not Satisfiable",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
        body.len()
    )?;
    let limit = state
        .break_after
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .unwrap_or(usize::MAX);
    stream.write_all(&body[..body.len().min(limit)])?;
    stream.flush()
}

/// The status, extra headers and body for `content`, honouring an open range when `If-Range`
/// (if sent) names the current content.
fn respond(content: &[u8], range: Option<&str>, if_range: Option<&str>) -> (u16, String, Vec<u8>) {
    let etag = format!("\"{:016x}\"", fnv1a(content));
    let headers = format!("ETag: {etag}\r\n");
    let start = range
        .and_then(|range| range.strip_prefix("bytes="))
        .and_then(|range| range.strip_suffix('-'))
        .and_then(|start| start.parse::<usize>().ok());
    match start {
        Some(start) if if_range.is_none_or(|validator| validator == etag) => {
            if start >= content.len() {
                return (
                    416,
                    format!("Content-Range: bytes */{}\r\n", content.len()),
                    Vec::new(),
                );
            }
            let headers = format!(
                "{headers}Content-Range: bytes {start}-{}/{}\r\n",
                content.len() - 1,
                content.len()
            );
            (206, headers, content[start..].to_vec())
        }
        _ => (200, headers, content.to_vec()),
    }
}

/// The file a request path names under `root`, refusing anything that leaves it.
fn file_of(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)))
        .then(|| root.join(relative))
        .filter(|file| file.is_file())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = escaped {
            decoded.push(byte);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes an ecosystem's export into `dir`, as OSV lays it out: `all.zip`, one `<id>.json` per
/// record and `modified_id.csv` (`<modified>,<id>`, newest first). `records` are
/// (id, modified, JSON).
///
/// # Panics
///
/// If the files cannot be written.
pub fn write_export(dir: &Path, records: &[(String, String, Vec<u8>)]) {
    std::fs::create_dir_all(dir).expect("the export directory is made");
    let archive = std::fs::File::create(dir.join("all.zip")).expect("all.zip is created");
    let mut zip = zip::ZipWriter::new(archive);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (id, _, json) in records {
        zip.start_file(format!("{id}.json"), options)
            .and_then(|()| zip.write_all(json).map_err(Into::into))
            .expect("a record is added to all.zip");
        std::fs::write(dir.join(format!("{id}.json")), json).expect("a record is written");
    }
    zip.finish().expect("all.zip is finished");
    let mut listed: Vec<&(String, String, Vec<u8>)> = records.iter().collect();
    listed.sort_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
    let mut csv = String::new();
    for (id, modified, _) in listed {
        csv.push_str(modified);
        csv.push(',');
        csv.push_str(id);
        csv.push('\n');
    }
    std::fs::write(dir.join("modified_id.csv"), csv).expect("modified_id.csv is written");
}
