//! Java: `pom.xml`, `gradle.lockfile`, and Gradle's `verification-metadata.xml`.

pub(crate) mod gradle_lockfile;
pub(crate) mod gradle_verification;
pub(crate) mod pom_xml;
