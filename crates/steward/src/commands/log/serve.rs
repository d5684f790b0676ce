//! `steward log serve`: the log over HTTP. Reads are the directory as C2SP tlog-tiles lays it
//! out (only what the current checkpoint covers); writes are `POST /add` with a bearer token,
//! a body limit and a rate limit per token, through one sequencer that batches them.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use sha2::{Digest as _, Sha256};
use steward_tlog::tile::{TILE_WIDTH, TileId};
use steward_tlog_store::append::Appender;
use steward_tlog_store::sequencer::{Batching, Sequencer};
use steward_tlog_store::store::LogDir;

use crate::cli::ServeArgs;
use crate::commands::key::KEY_FILE_LIMIT;
use crate::commands::verify::read_limited;
use crate::exit_status::ExitStatus;

struct Server {
    log: LogDir,
    /// `None`: the log takes no writes.
    sequencer: Option<Sequencer>,
    /// SHA-256 of each token that may write.
    tokens: Vec<[u8; 32]>,
    /// Appends per second per token.
    rate: u32,
    /// Per token: the second its count started, and the count.
    windows: Mutex<HashMap<[u8; 32], (Instant, u32)>>,
}

pub(super) fn serve(arguments: &ServeArgs) -> anyhow::Result<ExitStatus> {
    let log = LogDir::open(&arguments.dir)?;
    let (sequencer, tokens) = match &arguments.tokens {
        Some(path) => {
            let tokens = read_tokens(path)?;
            let key_path = arguments
                .key
                .clone()
                .unwrap_or_else(|| log.config().key.clone());
            let signer = super::read_note_signer(&key_path, &log.config().origin)?;
            let appender = Appender::new(LogDir::open(&arguments.dir)?, signer)?;
            let batching = Batching {
                max_entries: arguments.batch_size.max(1),
                max_wait: Duration::from_millis(arguments.batch_ms),
            };
            (Some(Sequencer::start(appender, batching)), tokens)
        }
        None => (None, Vec::new()),
    };
    if let Some(policy_path) = &arguments.witness_policy {
        let policy = super::verify_proof::read_policy(policy_path)?;
        let log = LogDir::open(&arguments.dir)?;
        let every = Duration::from_secs_f64(arguments.cosign_every.max(0.01));
        let downloader = crate::download::Downloader::new()?;
        std::thread::spawn(move || gather_cosignatures(&log, &policy, &downloader, every));
    }
    let server = Arc::new(Server {
        log,
        sequencer,
        tokens,
        rate: arguments.rate,
        windows: Mutex::new(HashMap::new()),
    });
    let router = Router::new()
        .route("/checkpoint", get(checkpoint))
        .route("/tile/{*path}", get(tile))
        .route("/add", post(add))
        .layer(DefaultBodyLimit::max(arguments.max_body))
        .with_state(server);
    run(arguments.listen, router, |_| Vec::new())?;
    Ok(ExitStatus::Success)
}

/// Serves `router` on `listen` until the process ends. Once listening, prints where (the port,
/// when 0 was asked for), then the lines `more` makes of the address, for whoever started it.
pub(super) fn run(
    listen: SocketAddr,
    router: Router,
    more: impl FnOnce(SocketAddr) -> Vec<String>,
) -> anyhow::Result<()> {
    use std::io::Write as _;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let address = listener.local_addr()?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{address}")?;
        for line in more(address) {
            writeln!(out, "{line}")?;
        }
        out.flush()?;
        drop(out);
        axum::serve(listener, router).await?;
        anyhow::Ok(())
    })
}

/// Every `every`, when the log has a new checkpoint, asks the policy's witnesses to cosign it;
/// what they answer goes to standard error.
fn gather_cosignatures(
    log: &LogDir,
    policy: &steward_tlog::witness_policy::WitnessPolicy,
    downloader: &crate::download::Downloader,
    every: Duration,
) {
    let mut cosigned_text = Vec::new();
    loop {
        std::thread::sleep(every);
        let Ok((_, checkpoint)) = log.checkpoint() else {
            continue;
        };
        if checkpoint.text == cosigned_text {
            continue;
        }
        let mut report = Vec::new();
        match super::cosign::cosign_current(log, policy, downloader, &mut report) {
            Ok(all_cosigned) => {
                tracing::info!("{}", String::from_utf8_lossy(&report).trim_end());
                if all_cosigned {
                    cosigned_text = checkpoint.text;
                }
            }
            Err(error) => tracing::warn!("cosigning: {error:#}"),
        }
    }
}

/// Tokens, one per line (`#` starts a comment); each at least 16 characters.
fn read_tokens(path: &Path) -> anyhow::Result<Vec<[u8; 32]>> {
    let text = String::from_utf8(read_limited(path, KEY_FILE_LIMIT)?)
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    let mut tokens = Vec::new();
    for (offset, line) in text.lines().enumerate() {
        let token = line.split('#').next().unwrap_or("").trim();
        if token.is_empty() {
            continue;
        }
        if token.len() < 16 {
            anyhow::bail!(
                "{}:{}: a token must have at least 16 characters",
                path.display(),
                offset + 1
            );
        }
        tokens.push(Sha256::digest(token.as_bytes()).into());
    }
    if tokens.is_empty() {
        anyhow::bail!("{}: no tokens", path.display());
    }
    Ok(tokens)
}

fn text(status: StatusCode, message: impl Into<String>) -> Response {
    let mut body = message.into();
    body.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn checkpoint(State(server): State<Arc<Server>>) -> Response {
    let read = tokio::task::spawn_blocking(move || server.log.checkpoint()).await;
    match read {
        Ok(Ok((note, _))) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            note,
        )
            .into_response(),
        Ok(Err(error)) => text(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
        Err(error) => text(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
    }
}

/// Whether the current checkpoint's tree holds all of tile `id`.
fn covered(id: TileId, size: u64) -> bool {
    let count = match id.level {
        Some(level) => size.checked_shr(8 * u32::from(level)).unwrap_or(0),
        None => size,
    };
    id.index
        .checked_mul(TILE_WIDTH)
        .and_then(|start| start.checked_add(id.width))
        .is_some_and(|end| end <= count)
}

async fn tile(State(server): State<Arc<Server>>, uri: Uri) -> Response {
    let Ok(id) = TileId::parse_path(uri.path().trim_start_matches('/')) else {
        return text(StatusCode::NOT_FOUND, "not a tile path");
    };
    let read = tokio::task::spawn_blocking(move || {
        let (_, checkpoint) = server.log.checkpoint()?;
        if !covered(id, checkpoint.size) {
            return Ok(None);
        }
        server.log.tile(id).map(Some)
    })
    .await;
    let cache = if id.is_full() {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    match read {
        Ok(Ok(Some(bytes))) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream"),
                (header::CACHE_CONTROL, cache),
            ],
            bytes,
        )
            .into_response(),
        Ok(Ok(None)) => text(StatusCode::NOT_FOUND, "not in the log's current tree"),
        Ok(Err(error)) => text(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
        Err(error) => text(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
    }
}

impl Server {
    /// The token's digest if the request carries a known one.
    fn authenticate(&self, headers: &HeaderMap) -> Option<[u8; 32]> {
        let token = headers
            .get(header::AUTHORIZATION)?
            .to_str()
            .ok()?
            .strip_prefix("Bearer ")?;
        let digest: [u8; 32] = Sha256::digest(token.trim().as_bytes()).into();
        self.tokens.contains(&digest).then_some(digest)
    }

    /// Counts one append for `token`; false when it is over its rate this second.
    fn within_rate(&self, token: [u8; 32]) -> bool {
        let Ok(mut windows) = self.windows.lock() else {
            return false;
        };
        let now = Instant::now();
        let window = windows.entry(token).or_insert((now, 0));
        if now.duration_since(window.0) >= Duration::from_secs(1) {
            *window = (now, 0);
        }
        window.1 += 1;
        window.1 <= self.rate
    }
}

async fn add(State(server): State<Arc<Server>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(sequencer) = server.sequencer.clone() else {
        return text(StatusCode::FORBIDDEN, "this log takes no writes");
    };
    let Some(token) = server.authenticate(&headers) else {
        let mut response = text(StatusCode::UNAUTHORIZED, "a valid bearer token is required");
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    };
    if !server.within_rate(token) {
        let mut response = text(StatusCode::TOO_MANY_REQUESTS, "too many appends; slow down");
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    }
    if body.len() > steward_tlog::tile::ENTRY_LIMIT {
        return text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "an entry is at most {} bytes",
                steward_tlog::tile::ENTRY_LIMIT
            ),
        );
    }
    let appended = tokio::task::spawn_blocking(move || sequencer.append(body.to_vec())).await;
    match appended {
        Ok(Ok(answer)) => text(StatusCode::OK, answer.index.to_string()),
        Ok(Err(error)) => text(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
        Err(error) => text(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
    }
}
