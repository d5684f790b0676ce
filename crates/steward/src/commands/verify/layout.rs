//! in-toto layouts in `steward verify`: the layout, then only the link files its steps name
//! (`STEP.KEYID-PREFIX.link` in the link directory, each with a size limit), judged by
//! steward-trust.

use std::path::Path;

use anyhow::{Context as _, bail};
use steward_trust::layout::{Layout, Link};
use steward_trust::verdict::{self, ArtifactVerdict};
use steward_trust::{ArtifactDigests, VerifyingKey};

use crate::cli::VerifyArgs;
use crate::commands::verify::{ARTIFACT_LIMIT, DOCUMENT_LIMIT, now, read_limited};

/// Each artifact against the layout at `path`, signed by every one of `keys`.
pub(crate) fn verify_layout(
    args: &VerifyArgs,
    path: &Path,
    keys: &[VerifyingKey],
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    if keys.is_empty() {
        bail!("--layout needs the layout's key (the project owner's) as --key");
    }
    let layout = Layout::parse(&read_limited(path, DOCUMENT_LIMIT)?)
        .with_context(|| path.display().to_string())?;
    let directory = match &args.link_dir {
        Some(directory) => directory.clone(),
        None => path.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    let links = read_links(&layout, &directory)?;
    let layout_verdict = layout.verify(keys, &links, now(), args.without_inspections);
    let source = path.display().to_string();
    args.artifacts
        .iter()
        .map(|artifact| {
            let bytes = read_limited(Path::new(artifact), ARTIFACT_LIMIT)?;
            Ok(verdict::judge_layout(
                artifact.clone(),
                ArtifactDigests::of(&bytes).sha256,
                &source,
                &layout_verdict,
            ))
        })
        .collect()
}

/// The link files of `layout` that are in `directory`; a missing one is a missing link.
fn read_links(layout: &Layout, directory: &Path) -> anyhow::Result<Vec<Link>> {
    layout
        .link_file_names()
        .iter()
        .map(|name| directory.join(name))
        .filter(|path| path.is_file())
        .map(|path| {
            let source = path.display().to_string();
            Link::parse(&source, &read_limited(&path, DOCUMENT_LIMIT)?)
                .with_context(|| source.clone())
        })
        .collect()
}
