//! Requirement syntaxes of manifests.
