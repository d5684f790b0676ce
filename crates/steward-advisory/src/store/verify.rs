//! Checking a snapshot against itself: every record against the hash it was stored with and
//! the id it is stored under, the lookup index against the records, and the digest over them
//! against the digest the snapshot is named by.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::{Snapshot, StoreError, index_keys, snapshot_digest};
use steward_osv::record;

/// What checking a snapshot found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Records checked.
    pub records: u64,
    /// Every difference from what the snapshot was built with, one line each; none for a
    /// snapshot as built.
    pub problems: Vec<String>,
}

impl Snapshot {
    /// Checks every record and the index, and recomputes the digest.
    pub fn verify(&self) -> Result<Verification, StoreError> {
        let sqlite = || StoreError::sqlite(&self.path);
        let mut verification = Verification::default();
        let mut hasher = Sha256::new();
        let mut expected: BTreeSet<(String, String, String)> = BTreeSet::new();
        let mut statement = self
            .connection
            .prepare("SELECT id, withdrawn, sha256, record FROM advisory ORDER BY id")
            .map_err(sqlite())?;
        let mut rows = statement.query([]).map_err(sqlite())?;
        while let Some(row) = rows.next().map_err(sqlite())? {
            let read = (|| -> Result<(String, bool, Vec<u8>, Vec<u8>), rusqlite::Error> {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })();
            let (id, withdrawn, stored, bytes) = read.map_err(sqlite())?;
            verification.records += 1;
            let actual = Sha256::digest(&bytes);
            if actual[..] != stored[..] {
                verification.problems.push(format!(
                    "record {id}: its content does not match its stored hash"
                ));
            }
            match record::from_canonical(&bytes) {
                Ok(advisory) => {
                    if advisory.id != id {
                        verification.problems.push(format!(
                            "record {id}: stored under {id} but its id is {}",
                            advisory.id
                        ));
                    }
                    if advisory.withdrawn.is_some() != withdrawn {
                        verification
                            .problems
                            .push(format!("record {id}: its withdrawn mark was changed"));
                    }
                    for (ecosystem, name) in index_keys(&advisory) {
                        expected.insert((ecosystem, name, id.clone()));
                    }
                }
                Err(error) => verification
                    .problems
                    .push(format!("record {id}: not a readable record: {error}")),
            }
            hasher.update(id.as_bytes());
            hasher.update([0]);
            hasher.update(actual);
        }
        let digest = snapshot_digest(hasher);
        if digest != self.info.digest {
            verification.problems.push(format!(
                "the records give the digest {digest}, but the snapshot says {}",
                self.info.digest
            ));
        }
        let named = self
            .path
            .file_stem()
            .map(|stem| format!("sha256:{}", stem.to_string_lossy()));
        if named.as_deref() != Some(self.info.digest.as_str()) {
            verification.problems.push(format!(
                "the snapshot file `{}` is not named by its digest {}",
                self.path.display(),
                self.info.digest
            ));
        }
        self.check_index(&expected, &mut verification)?;
        Ok(verification)
    }

    /// The lookup index must list exactly what the records affect: a row removed would hide a
    /// vulnerability from every scan.
    fn check_index(
        &self,
        expected: &BTreeSet<(String, String, String)>,
        verification: &mut Verification,
    ) -> Result<(), StoreError> {
        let sqlite = || StoreError::sqlite(&self.path);
        let mut statement = self
            .connection
            .prepare("SELECT ecosystem, name, id FROM affected")
            .map_err(sqlite())?;
        let indexed: BTreeSet<(String, String, String)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .and_then(Iterator::collect)
            .map_err(sqlite())?;
        for (ecosystem, name, id) in expected.difference(&indexed) {
            verification.problems.push(format!(
                "the index lacks {ecosystem} {name} for record {id}: scans would not see it"
            ));
        }
        for (ecosystem, name, id) in indexed.difference(expected) {
            verification.problems.push(format!(
                "the index lists {ecosystem} {name} for record {id}, which the record does not name"
            ));
        }
        Ok(())
    }
}
