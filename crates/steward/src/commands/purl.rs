//! `steward purl`: checks package URLs and prints them in canonical form.

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};

use steward_purl::{OsvPackage, Purl};

use crate::cli::{PurlArgs, PurlFormat};
use crate::exit_status::ExitStatus;
use crate::printer::Printer;

/// One checked package URL, as `--format json` prints it.
#[derive(Debug, serde::Serialize)]
struct PurlRecord<'a> {
    /// The canonical form.
    purl: String,
    #[serde(rename = "type")]
    package_type: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    version: Option<&'a str>,
    qualifiers: &'a BTreeMap<String, String>,
    subpath: Option<&'a str>,
    /// The OSV ecosystem, where the type has one.
    ecosystem: Option<String>,
    /// The package's name in that ecosystem.
    osv_name: Option<String>,
    /// The name as the ecosystem compares names.
    normalized_name: Option<String>,
}

pub(crate) fn run(args: &PurlArgs, printer: Printer) -> anyhow::Result<ExitStatus> {
    let parse = |text: &str| {
        if args.lenient {
            Purl::parse_lenient(text)
        } else {
            Purl::parse(text)
        }
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut json_records = Vec::new();
    let mut status = ExitStatus::Success;
    let mut check = |origin: &str, text: &str| -> anyhow::Result<()> {
        match parse(text) {
            Ok(purl) => {
                if !purl.has_registered_type() {
                    printer.warning(format!(
                        "{origin}`{}` is not a registered package URL type",
                        purl.package_type()
                    ));
                }
                match args.format {
                    PurlFormat::Text => writeln!(out, "{purl}")?,
                    PurlFormat::Json => json_records.push(purl),
                }
            }
            Err(error) => {
                printer.error(format!(
                    "{origin}`{text}` is not a valid package URL: {error}"
                ));
                status = ExitStatus::Error;
            }
        }
        Ok(())
    };

    let from_stdin = args.purls.is_empty() || args.purls == ["-"];
    if from_stdin {
        for (index, line) in std::io::stdin().lock().lines().enumerate() {
            let origin = format!("line {}: ", index + 1);
            let line = match line {
                Ok(line) => line,
                Err(error) => {
                    printer.error(format!("{origin}cannot read standard input: {error}"));
                    status = ExitStatus::Error;
                    break;
                }
            };
            let text = line.trim();
            if !text.is_empty() && !text.starts_with('#') {
                check(&origin, text)?;
            }
        }
    } else {
        for text in &args.purls {
            check("", text)?;
        }
    }

    if args.format == PurlFormat::Json {
        let records: Vec<PurlRecord<'_>> = json_records.iter().map(record).collect();
        serde_json::to_writer_pretty(&mut out, &records)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(status)
}

fn record(purl: &Purl) -> PurlRecord<'_> {
    let osv = OsvPackage::from_purl(purl);
    PurlRecord {
        purl: purl.to_string(),
        package_type: purl.package_type(),
        namespace: purl.namespace(),
        name: purl.name(),
        version: purl.version(),
        qualifiers: purl.qualifiers(),
        subpath: purl.subpath(),
        ecosystem: osv.as_ref().map(|package| package.ecosystem.to_string()),
        osv_name: osv.as_ref().map(|package| package.name.clone()),
        normalized_name: osv
            .as_ref()
            .map(|package| package.normalized_name().into_owned()),
    }
}
