//! The error every version parser returns: which scheme, which input, and what part is wrong.

/// A version that its scheme cannot read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {scheme} version `{input}`: {reason}")]
pub struct VersionError {
    scheme: &'static str,
    input: String,
    reason: String,
}

impl VersionError {
    pub(crate) fn new(scheme: &'static str, input: &str, reason: impl Into<String>) -> Self {
        Self {
            scheme,
            input: excerpt(input),
            reason: reason.into(),
        }
    }

    /// The scheme's name (`SemVer`, `PEP 440`, `Debian`, …).
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The text that failed to parse (its first 80 characters, with `…` when longer).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// The longest version steward reads, in bytes: far above any real one (Debian's with a git
/// hash run to about a hundred), and low enough that no scheme's work on it is large.
pub const MAX_VERSION_BYTES: usize = 1024;

/// Refuses a version longer than [`MAX_VERSION_BYTES`].
pub(crate) fn check_length(scheme: &'static str, text: &str) -> Result<(), VersionError> {
    if text.len() > MAX_VERSION_BYTES {
        return Err(VersionError::new(
            scheme,
            text,
            format!("the version is longer than {MAX_VERSION_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// The start of a version for messages: a hostile record's megabyte is not echoed whole.
fn excerpt(input: &str) -> String {
    const SHOWN: usize = 80;
    match input.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &input[..end]),
        None => input.to_owned(),
    }
}

/// Parses a run of ASCII digits as a `u64`, or says it is too large.
pub(crate) fn parse_number(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Compares two runs of ASCII digits by numeric value, whatever their length: leading zeros
/// are ignored, and a longer run (without them) is the larger number.
pub(crate) fn compare_digit_runs(left: &str, right: &str) -> std::cmp::Ordering {
    let left = left.trim_start_matches('0');
    let right = right.trim_start_matches('0');
    left.len().cmp(&right.len()).then_with(|| left.cmp(right))
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    #[test]
    fn digit_runs_compare_by_value_at_any_length() {
        assert_eq!(compare_digit_runs("010", "9"), Ordering::Greater);
        assert_eq!(compare_digit_runs("000", ""), Ordering::Equal);
        assert_eq!(
            compare_digit_runs(
                "123456789012345678901234567890",
                "123456789012345678901234567891"
            ),
            Ordering::Less
        );
    }
}
