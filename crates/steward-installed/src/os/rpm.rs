//! The RPM database. steward recognises every form it takes and, for now, says plainly that it
//! cannot read it, rather than report an RPM-based image as having no OS packages.

use steward_inventory::{ExtractError, Extracted};

use crate::readers::{Found, Reader, Wants};

pub(crate) const DATABASE: Reader = Reader {
    id: "rpm-database",
    ecosystem: "Red Hat, Rocky, Alma, SUSE, …",
    finds: "/var/lib/rpm/{rpmdb.sqlite,Packages,Packages.db}, /usr/lib/sysimage/rpm/…",
    reads: "nothing yet: recognised and reported as failed",
    gaps: "the SQLite, BerkeleyDB and NDB forms are all refused with an error naming the form",
    wants: Wants::Path(|path| {
        ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/"]
            .iter()
            .filter_map(|directory| path.strip_prefix(directory))
            .any(|name| matches!(name, "rpmdb.sqlite" | "Packages" | "Packages.db"))
    }),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let form = if found.path.ends_with("rpmdb.sqlite") {
        "SQLite"
    } else if found.path.ends_with("Packages.db") {
        "NDB"
    } else {
        "BerkeleyDB"
    };
    Err(ExtractError::Unsupported(format!(
        "an RPM database in its {form} form: steward cannot read RPM databases yet"
    )))
}
