//! Downloads over HTTPS. Plain HTTP is allowed only to this machine (a local mirror), also
//! after redirects. Small files are read whole; an archive goes to a staging file that a later
//! run resumes with a range request, as long as the server still has the same file.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::header::{CONTENT_RANGE, ETAG, IF_RANGE, LAST_MODIFIED, RANGE};
use reqwest::{StatusCode, Url};

/// The largest file read whole (a `modified_id.csv` of the largest ecosystem is a few MB).
const MAX_SMALL_FILE: u64 = 256 << 20;

/// How long reading a small file may take in all.
const SMALL_FILE_TIMEOUT: Duration = Duration::from_mins(5);

/// The largest archive downloaded: OSV's largest export is a few hundred megabytes, and a
/// server that sends without end is cut off here.
const MAX_ARCHIVE: u64 = 8 << 30;

/// How long connecting, and each read, may wait by default (`STEWARD_DOWNLOAD_TIMEOUT`).
const DEFAULT_TIMEOUT: Duration = Duration::from_mins(1);

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DownloadError {
    /// The address is not one steward downloads from.
    #[error("`{url}`: {reason}")]
    Refused { url: String, reason: String },
    /// The server could not be reached, or answered with an error, or the transfer broke off.
    #[error("{url}: {reason}")]
    Failed { url: Url, reason: String },
    /// The staging file could not be written.
    #[error("{}: {source}", path.display())]
    File { path: PathBuf, source: io::Error },
}

/// The body of `response` if it has at most `limit` bytes.
fn read_at_most(response: Response, limit: u64) -> Result<Vec<u8>, String> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(format!("larger than {limit} bytes"));
    }
    let mut body = Vec::new();
    io::copy(&mut io::Read::take(response, limit + 1), &mut body)
        .map_err(|error| format!("the transfer broke off: {error}"))?;
    if body.len() as u64 > limit {
        return Err(format!("larger than {limit} bytes"));
    }
    Ok(body)
}

/// Whether `url` names this machine.
fn is_local(url: &Url) -> bool {
    url.host_str().is_some_and(|host| {
        host.eq_ignore_ascii_case("localhost")
            || ip_of(host).is_some_and(|address| address.is_loopback())
    })
}

/// Whether `url` names this machine or an address of a private network, by its literal
/// address (names are not resolved here).
fn is_internal(url: &Url) -> bool {
    is_local(url)
        || url
            .host_str()
            .and_then(ip_of)
            .is_some_and(|address| match address {
                IpAddr::V4(v4) => v4.is_private() || v4.is_link_local() || v4.is_unspecified(),
                IpAddr::V6(v6) => {
                    v6.is_unique_local() || v6.is_unicast_link_local() || v6.is_unspecified()
                }
            })
}

fn ip_of(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Checks a redirect from `from` to `to`: the target must be an address steward downloads
/// from, and a server elsewhere may not send steward to this machine or a private network.
fn check_redirect(from: &Url, to: &Url) -> Result<(), DownloadError> {
    check_address(to)?;
    if !is_internal(from) && is_internal(to) {
        return Err(DownloadError::Refused {
            url: to.to_string(),
            reason: format!(
                "`{from}` redirects to this machine or a private network; steward does not follow"
            ),
        });
    }
    Ok(())
}

/// Checks that `url` is one steward downloads from: `https`, or `http` to this machine.
pub(crate) fn check_address(url: &Url) -> Result<(), DownloadError> {
    let local = is_local(url);
    match url.scheme() {
        "https" => Ok(()),
        "http" if local => Ok(()),
        scheme => Err(DownloadError::Refused {
            url: url.to_string(),
            reason: format!(
                "steward downloads only over https (or http from this machine), not `{scheme}`"
            ),
        }),
    }
}

/// An HTTP client for advisory downloads.
#[derive(Clone)]
pub(crate) struct Downloader {
    client: Client,
    /// How long connecting, and a download that stands still, may wait.
    timeout: Duration,
}

impl Downloader {
    pub(crate) fn new() -> anyhow::Result<Self> {
        let redirects = reqwest::redirect::Policy::custom(|attempt| {
            let from = attempt.previous().last().cloned();
            if attempt.previous().len() >= 10 {
                attempt.error("more than 10 redirects")
            } else if let Some(Err(error)) = from.map(|from| check_redirect(&from, attempt.url())) {
                attempt.error(error)
            } else {
                attempt.follow()
            }
        });
        let timeout = crate::environment::download_timeout().unwrap_or(DEFAULT_TIMEOUT);
        let client = Client::builder()
            .user_agent(concat!("steward/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeout)
            .tcp_keepalive(Duration::from_secs(30))
            // An archive takes as long as it takes while it moves (`watched` stops it when it
            // stands still); small files get a limit of their own.
            .timeout(None)
            .redirect(redirects)
            .build()?;
        Ok(Self { client, timeout })
    }

    /// The body of `url`, or `None` when the server does not have it.
    pub(crate) fn bytes(&self, url: &Url) -> Result<Option<Vec<u8>>, DownloadError> {
        self.bytes_at_most(url, MAX_SMALL_FILE)
    }

    /// The body of `url` if it has at most `limit` bytes, or `None` when the server does not
    /// have it.
    pub(crate) fn bytes_at_most(
        &self,
        url: &Url,
        limit: u64,
    ) -> Result<Option<Vec<u8>>, DownloadError> {
        let failed = |reason: String| DownloadError::Failed {
            url: url.clone(),
            reason,
        };
        let Some(response) = self.get(url, None, Some(SMALL_FILE_TIMEOUT.min(self.timeout * 5)))?
        else {
            return Ok(None);
        };
        read_at_most(response, limit).map(Some).map_err(failed)
    }

    /// POSTs `body` to `url` and answers the status and at most `limit` bytes of the reply.
    pub(crate) fn post(
        &self,
        url: &Url,
        body: Vec<u8>,
        limit: u64,
    ) -> Result<(StatusCode, Vec<u8>), DownloadError> {
        check_address(url)?;
        let failed = |reason: String| DownloadError::Failed {
            url: url.clone(),
            reason,
        };
        let response = self
            .client
            .post(url.clone())
            .timeout(self.timeout)
            .body(body)
            .send()
            .map_err(|error| failed(error.to_string()))?;
        let status = response.status();
        Ok((status, read_at_most(response, limit).map_err(failed)?))
    }

    /// Downloads `url` to `target`, through `target.part`. A `.part` file left by an earlier
    /// attempt is resumed when the server still has the same file (by its `ETag` or
    /// `Last-Modified`); otherwise the download starts over. Returns `false` when the server
    /// does not have the file.
    pub(crate) fn file(
        &self,
        url: &Url,
        target: &Path,
        progress: &indicatif::ProgressBar,
    ) -> Result<bool, DownloadError> {
        let (downloader, owned_url, owned_target, bar) = (
            self.clone(),
            url.clone(),
            target.to_path_buf(),
            progress.clone(),
        );
        watched(self.timeout, progress, move || {
            downloader.file_unwatched(&owned_url, &owned_target, &bar)
        })
        .unwrap_or_else(|| {
            Err(DownloadError::Failed {
                url: url.clone(),
                reason: format!(
                    "timed out: nothing arrived for {} seconds (STEWARD_DOWNLOAD_TIMEOUT)",
                    self.timeout.as_secs()
                ),
            })
        })
    }

    fn file_unwatched(
        &self,
        url: &Url,
        target: &Path,
        progress: &indicatif::ProgressBar,
    ) -> Result<bool, DownloadError> {
        let part = with_suffix(target, ".part");
        let validator_path = with_suffix(target, ".part.validator");
        let file_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DownloadError::File { path, source }
        };
        let failed = |reason: String| DownloadError::Failed {
            url: url.clone(),
            reason,
        };
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(file_error(parent))?;
        }
        let validator = fs::read_to_string(&validator_path).ok();
        let offset = match (&validator, fs::metadata(&part)) {
            (Some(_), Ok(metadata)) => metadata.len(),
            _ => 0,
        };
        let resume = validator
            .filter(|_| offset > 0)
            .map(|validator| (offset, validator));
        let Some(response) = self.get(url, resume.as_ref(), None)? else {
            return Ok(false);
        };
        let resumed = response.status() == StatusCode::PARTIAL_CONTENT;
        if resumed {
            let range = response
                .headers()
                .get(CONTENT_RANGE)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            if !range.starts_with(&format!("bytes {offset}-")) {
                return Err(failed(format!(
                    "asked for the bytes from {offset} on, got the range `{range}`"
                )));
            }
        }
        let start = if resumed { offset } else { 0 };
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .append(resumed)
            .truncate(!resumed)
            .open(&part)
            .map_err(file_error(&part))?;
        if !resumed {
            // The validator names the file being written, so a later run resumes only that file.
            let validator = [ETAG, LAST_MODIFIED]
                .iter()
                .find_map(|header| response.headers().get(header)?.to_str().ok());
            match validator {
                Some(validator) => fs::write(&validator_path, validator),
                None => fs::remove_file(&validator_path).or_else(|error| {
                    if error.kind() == io::ErrorKind::NotFound {
                        Ok(())
                    } else {
                        Err(error)
                    }
                }),
            }
            .map_err(file_error(&validator_path))?;
        }
        let expected = response.content_length().map(|length| start + length);
        progress.set_length(expected.unwrap_or(0));
        progress.set_position(start);
        if expected.is_some_and(|expected| expected > MAX_ARCHIVE) {
            return Err(failed(format!("larger than {MAX_ARCHIVE} bytes")));
        }
        let mut body = io::Read::take(response, MAX_ARCHIVE.saturating_sub(start) + 1);
        let copied = io::copy(&mut body, &mut progress.wrap_write(&mut file));
        let written = file
            .flush()
            .and_then(|()| file.sync_all())
            .and_then(|()| file.metadata())
            .map_err(file_error(&part))?
            .len();
        if let Err(error) = copied {
            // Reading the body fails with reqwest's error inside; anything else is the file.
            let network = error
                .get_ref()
                .is_some_and(<dyn std::error::Error + Send + Sync>::is::<reqwest::Error>);
            if !network {
                return Err(file_error(&part)(error));
            }
            return Err(failed(format!(
                "the transfer broke off after {written} bytes ({error}); run the update again to resume"
            )));
        }
        if written > MAX_ARCHIVE {
            let _ = fs::remove_file(&part);
            return Err(failed(format!(
                "the server sent more than {MAX_ARCHIVE} bytes; not kept"
            )));
        }
        if let Some(expected) = expected
            && written != expected
        {
            return Err(failed(format!(
                "the transfer broke off after {written} of {expected} bytes; run the update again to resume"
            )));
        }
        fs::rename(&part, target).map_err(file_error(target))?;
        let _ = fs::remove_file(&validator_path);
        Ok(true)
    }

    /// Sends a GET, resuming from `(offset, validator)` when given. `None` for 404 and 410.
    fn get(
        &self,
        url: &Url,
        resume: Option<&(u64, String)>,
        timeout: Option<Duration>,
    ) -> Result<Option<Response>, DownloadError> {
        check_address(url)?;
        let failed = |reason: String| DownloadError::Failed {
            url: url.clone(),
            reason,
        };
        let mut request = self.client.get(url.clone());
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        if let Some((offset, validator)) = resume {
            request = request
                .header(RANGE, format!("bytes={offset}-"))
                .header(IF_RANGE, validator);
        }
        let response = request.send().map_err(|error| failed(describe(error)))?;
        match response.status() {
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(None),
            // The staged part is no longer a prefix of anything the server has: start over.
            StatusCode::RANGE_NOT_SATISFIABLE if resume.is_some() => self.get(url, None, timeout),
            status if status.is_success() => Ok(Some(response)),
            status => Err(failed(format!("the server answered {status}"))),
        }
    }
}

/// Runs `work` on a thread of its own and waits while `progress` moves: `None` when its
/// position stands still for `timeout` (a server that accepted and stopped answering). The
/// thread left behind holds only its connection and ends with the process.
fn watched<T: Send + 'static>(
    timeout: Duration,
    progress: &indicatif::ProgressBar,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    let mut seen = progress.position();
    loop {
        match receiver.recv_timeout(timeout) {
            Ok(result) => return Some(result),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                let now = progress.position();
                if now == seen {
                    return None;
                }
                seen = now;
            }
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// An error with its causes, which reqwest keeps apart (the connection refused, the certificate
/// not trusted).
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_local_http() {
        for (url, allowed) in [
            ("https://osv-vulnerabilities.storage.googleapis.com", true),
            ("http://127.0.0.1:8080/mirror", true),
            ("http://localhost/mirror", true),
            ("http://[::1]:80/", true),
            ("http://mirror.example.com/osv", false),
            ("http://10.0.0.1/osv", false),
            ("ftp://localhost/osv", false),
            ("file:///srv/osv", false),
        ] {
            let url = Url::parse(url).unwrap();
            assert_eq!(check_address(&url).is_ok(), allowed, "{url}");
        }
    }
}
