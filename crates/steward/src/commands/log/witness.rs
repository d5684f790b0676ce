//! `steward log witness`: a C2SP tlog-witness. `POST /add-checkpoint` cosigns a checkpoint of
//! a log it knows only after the consistency proof from the latest checkpoint it cosigned for
//! that log holds; checking and keeping the new latest checkpoint happen under one lock, and the
//! checkpoint is on disk before the cosignature is answered.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use sha2::{Digest as _, Sha256};
use steward_tlog::Hash;
use steward_tlog::checkpoint;
use steward_tlog::note::VerifierKey;
use steward_tlog::signer::NoteSigner;
use steward_tlog::witness::{self, Refusal};
use steward_tlog_store::durable::Batch;

use crate::cli::WitnessArgs;
use crate::exit_status::ExitStatus;

/// A request is a checkpoint and at most 63 hashes.
const REQUEST_LIMIT: usize = 64 * 1024;

struct Witness {
    signer: NoteSigner,
    logs: Vec<VerifierKey>,
    state: PathBuf,
    /// Held while a request is checked against, and replaces, a log's latest checkpoint.
    lock: Mutex<()>,
}

pub(super) fn witness(arguments: &WitnessArgs) -> anyhow::Result<ExitStatus> {
    let signer = super::read_note_signer(&arguments.key, &arguments.name)?;
    let logs = arguments
        .log
        .iter()
        .map(|key| super::read_verifier_key(key))
        .collect::<anyhow::Result<Vec<_>>>()?;
    std::fs::create_dir_all(&arguments.state)
        .with_context(|| arguments.state.display().to_string())?;
    let witness = Arc::new(Witness {
        signer,
        logs,
        state: arguments.state.clone(),
        lock: Mutex::new(()),
    });
    let router = Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .layer(DefaultBodyLimit::max(REQUEST_LIMIT))
        .with_state(Arc::clone(&witness));
    // The line a witness policy takes for this witness.
    let policy_line = |address| {
        vec![format!(
            "witness {} {} http://{address}",
            witness.signer.name(),
            witness.signer.public_key_hex()
        )]
    };
    super::serve::run(arguments.listen, router, policy_line)?;
    Ok(ExitStatus::Success)
}

/// Where the latest checkpoint cosigned for `origin` is kept.
fn state_path(state: &Path, origin: &str) -> PathBuf {
    let digest = Sha256::digest(origin.as_bytes());
    state.join(steward_trust::hex(&digest))
}

/// Why a request got no cosignature: refused, or the witness could not do its part.
enum Failure {
    Refused(Refusal),
    Broken(String),
}

impl From<Refusal> for Failure {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl Witness {
    fn judge(&self, body: &[u8]) -> Result<String, Failure> {
        let submission = witness::read_submission(&self.logs, body)?;
        let origin = submission.checkpoint.origin.clone();
        let key = self
            .logs
            .iter()
            .find(|key| key.name() == origin)
            .ok_or_else(|| Refusal::UnknownLog(origin.clone()))?;
        let _held = self
            .lock
            .lock()
            .map_err(|_| Failure::Broken("the witness's lock is poisoned".to_owned()))?;
        let path = state_path(&self.state, &origin);
        let latest = latest(&path, key)?;
        submission.check_against(latest)?;
        let mut batch = Batch::default();
        batch
            .write(&path, &submission.proof.checkpoint)
            .and_then(|()| batch.sync())
            .map_err(|error| Failure::Broken(format!("cannot keep the checkpoint: {error}")))?;
        let now = jiff::Timestamp::now().as_second().max(1);
        self.signer
            .cosign(&submission.text, u64::try_from(now).unwrap_or(1))
            .map_err(|error| Failure::Broken(error.to_string()))
    }
}

/// The size and root of the latest checkpoint kept at `path`, verified again with the log's key.
fn latest(path: &Path, key: &VerifierKey) -> Result<Option<(u64, Hash)>, Failure> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(Failure::Broken(format!("cannot read the state: {error}"))),
    };
    let kept = checkpoint::verify(&bytes, key, Some(key.name())).map_err(|error| {
        Failure::Broken(format!("the kept checkpoint {}: {error}", path.display()))
    })?;
    Ok(Some((kept.size, kept.root)))
}

async fn add_checkpoint(State(witness): State<Arc<Witness>>, body: Bytes) -> Response {
    let judged = tokio::task::spawn_blocking(move || witness.judge(&body)).await;
    match judged {
        Ok(Ok(line)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            line,
        )
            .into_response(),
        Ok(Err(Failure::Refused(Refusal::Conflict { latest, .. }))) => (
            StatusCode::CONFLICT,
            [(header::CONTENT_TYPE, "text/x.tlog.size")],
            format!("{latest}\n"),
        )
            .into_response(),
        Ok(Err(Failure::Broken(reason))) => {
            (StatusCode::INTERNAL_SERVER_ERROR, format!("{reason}\n")).into_response()
        }
        Ok(Err(Failure::Refused(refusal))) => (
            StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{refusal}\n"),
        )
            .into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}
