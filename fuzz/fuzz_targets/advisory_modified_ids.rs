//! An OSV export's list of changes (`modified_id.csv`) from arbitrary bytes: never panics, and
//! every id it gives is a plain file name (it becomes `<ecosystem>/<id>.json` in a download
//! address).
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_advisory::import::modified_since;

fuzz_target!(|data: &[u8]| {
    let Ok(changed) = modified_since(data, jiff::Timestamp::MIN) else {
        return;
    };
    assert!(changed.len() <= data.iter().filter(|&&byte| byte == b'\n').count() + 1);
    for (_, id) in changed {
        assert!(!id.is_empty() && !id.contains(['/', '\\']) && id != "." && id != "..");
    }
});
