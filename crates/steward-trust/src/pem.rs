//! PEM (RFC 7468): one labelled base64 block, read strictly and written in 64-column lines.

use std::fmt::Write as _;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PemError {
    #[error("no -----BEGIN line")]
    NoBegin,
    #[error("no -----END {0}----- line")]
    NoEnd(String),
    #[error("PEM headers (such as legacy encryption) are not supported")]
    Headers,
    #[error("the base64 body is invalid: {0}")]
    Base64(String),
}

/// A decoded PEM block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub label: String,
    pub der: Vec<u8>,
}

/// Decodes the first PEM block of `text`; anything after its END line is ignored.
pub fn decode(text: &str) -> Result<Block, PemError> {
    let start = text.find("-----BEGIN ").ok_or(PemError::NoBegin)?;
    let after_begin = &text[start + "-----BEGIN ".len()..];
    let (label, rest) = after_begin.split_once("-----").ok_or(PemError::NoBegin)?;
    let end_line = format!("-----END {label}-----");
    let body_end = rest
        .find(&end_line)
        .ok_or_else(|| PemError::NoEnd(label.to_owned()))?;
    let body = &rest[..body_end];
    if body.contains(':') {
        return Err(PemError::Headers);
    }
    let base64: String = body.split_ascii_whitespace().collect();
    let der = STANDARD
        .decode(base64)
        .map_err(|error| PemError::Base64(error.to_string()))?;
    Ok(Block {
        label: label.to_owned(),
        der,
    })
}

/// Encodes `der` as a PEM block labelled `label`.
pub fn encode(label: &str, der: &[u8]) -> String {
    let base64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in base64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    _ = writeln!(out, "-----END {label}-----");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let der: Vec<u8> = (0..=255).collect();
        let block = decode(&encode("PUBLIC KEY", &der)).expect("decodes");
        assert_eq!(
            block,
            Block {
                label: "PUBLIC KEY".to_owned(),
                der
            }
        );
    }

    #[test]
    fn refuses_headers_and_missing_ends() {
        let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(decode(encrypted), Err(PemError::Headers));
        assert!(matches!(
            decode("-----BEGIN X-----\nAAAA\n"),
            Err(PemError::NoEnd(_))
        ));
    }
}
