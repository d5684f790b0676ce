//! .NET: NuGet's `packages.lock.json`, `packages.config`, and `PackageReference`s of MSBuild
//! project files.

pub(crate) mod csproj;
pub(crate) mod packages_config;
pub(crate) mod packages_lock;

use steward_model::{Location, Package};
use steward_purl::{Ecosystem, EcosystemName};

/// A NuGet package.
pub(crate) fn package(name: &str, version: Option<&str>, location: Location) -> Package {
    Package::new(
        Ecosystem::new(EcosystemName::NuGet),
        name,
        version,
        location,
    )
}

/// The one version a NuGet version range pins: `1.2.3` (NuGet's "at least, preferably"), or
/// `[1.2.3]`; not a range or a floating version.
pub(crate) fn pinned(requirement: &str) -> Option<&str> {
    let trimmed = requirement.trim();
    let inner = trimmed
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(trimmed);
    let plain = !inner.is_empty()
        && !inner.contains([',', '*', '(', ')', '[', ']', '$'])
        && inner.starts_with(|c: char| c.is_ascii_digit());
    plain.then_some(inner.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_and_ranges() {
        assert_eq!(pinned("13.0.1"), Some("13.0.1"));
        assert_eq!(pinned("[8.0.2]"), Some("8.0.2"));
        assert_eq!(pinned("[8.0.2, )"), None);
        assert_eq!(pinned("6.*"), None);
        assert_eq!(pinned("$(Version)"), None);
    }
}
