//! Writes synthetic OSV advisories for benchmarks:
//!
//! - `synthetic-advisories COUNT OUT.zip`: COUNT advisories as an OSV `all.zip`;
//! - `synthetic-advisories COUNT OUT.cdx.json PACKAGES`: a CycloneDX SBOM of PACKAGES of the
//!   packages those advisories name.

use std::io::BufWriter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(count), Some(out)) = (args.next(), args.next()) else {
        return Err(
            "usage: synthetic-advisories COUNT OUT.zip | COUNT OUT.cdx.json PACKAGES".into(),
        );
    };
    let count: usize = count.parse()?;
    if let Some(packages) = args.next() {
        std::fs::write(
            &out,
            steward_test::synthetic::sbom(packages.parse()?, count),
        )?;
    } else {
        let file = BufWriter::new(std::fs::File::create(&out)?);
        steward_test::synthetic::write_zip(count, file)?;
    }
    Ok(())
}
