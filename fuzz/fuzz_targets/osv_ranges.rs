//! OSV range evaluation on arbitrary events: the first line is the version, each further line
//! `<kind> <version>` (kind: i, f, l, m; `g`/`s` switch to a GIT or SEMVER range). Never panics,
//! and a version listed in `versions` is always affected.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_purl::EcosystemName;
use steward_version::osv::{AffectedVersions, EventKind, RangeInput, RangeType, Verdict};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let Some(version) = lines.next() else {
        return;
    };
    let mut ranges = vec![RangeInput {
        range_type: RangeType::Ecosystem,
        events: Vec::new(),
    }];
    for line in lines {
        let (kind, value) = line.split_once(' ').unwrap_or((line, ""));
        let kind = match kind {
            "i" => EventKind::Introduced,
            "f" => EventKind::Fixed,
            "l" => EventKind::LastAffected,
            "m" => EventKind::Limit,
            "g" | "s" => {
                ranges.push(RangeInput {
                    range_type: if kind == "g" { RangeType::Git } else { RangeType::Semver },
                    events: Vec::new(),
                });
                continue;
            }
            _ => continue,
        };
        if let Some(range) = ranges.last_mut() {
            range.events.push((kind, value.to_owned()));
        }
    }
    for ecosystem in [EcosystemName::PyPi, EcosystemName::Debian, EcosystemName::Go, EcosystemName::Maven] {
        let affected = AffectedVersions::new(&ecosystem, &ranges, &[]);
        let _ = affected.evaluate(version);
        let listed = AffectedVersions::new(&ecosystem, &ranges, &[version.to_owned()]);
        assert!(matches!(listed.evaluate(version), Verdict::Affected { .. }));
    }
});
