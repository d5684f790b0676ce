//! The exit status contract, stated in `--help` and covered by tests.

use std::process::ExitCode;

/// How a run of steward ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Everything asked was done and nothing failed: exit status 0.
    Success,
    /// Findings at or above the failure threshold (`--fail-on`): exit status 1.
    Findings,
    /// Something could not be done, or an input was read only in part: exit status 2. Reports
    /// are still written.
    Error,
}

impl ExitStatus {
    pub(crate) fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Findings => 1,
            Self::Error => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        Self::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn codes_follow_the_documented_contract() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Findings.code(), 1);
        assert_eq!(ExitStatus::Error.code(), 2);
    }
}
