//! The trust commands' arguments: `steward key`, `steward sign`, `steward verify`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub(crate) enum KeyCommand {
    /// Make a key pair: `NAME.key` (the private key, PKCS#8 PEM, mode 0600) and `NAME.pub`
    /// (the public key, SPKI PEM). Prints the key id.
    ///
    /// The private key is encrypted (PBES2: scrypt, AES-256-CBC) under the password in
    /// `STEWARD_KEY_PASSWORD`, or one typed at the terminal when asked (empty for none). An
    /// existing file is never overwritten.
    Generate {
        /// The key's algorithm.
        #[arg(long, value_enum, default_value_t = KeyAlgorithmChoice::Ed25519)]
        algorithm: KeyAlgorithmChoice,
        /// The path to write the key pair to, without extension.
        name: PathBuf,
    },

    /// Print a key's algorithm and id (the SHA-256 of its SPKI DER, hex).
    ///
    /// Reads public keys as SPKI or PKCS#1 (PEM or DER), OpenSSH and minisign, and OpenPGP
    /// keyrings; for a private key (PKCS#8 PEM, encrypted or not) it prints its public key's
    /// algorithm and id, never the private key.
    Show {
        /// The key file.
        file: PathBuf,
    },

    /// Vouch for another public key: a signed statement that brings it into the network of
    /// trust of whoever trusts the signing key, as far as their policy's `max_vouch_depth`
    /// allows (`docs/verify.md`).
    Vouch {
        /// The public key vouched for.
        public_key: PathBuf,
        /// What to call the key in reports.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        signing: StatementSigning,
    },

    /// Revoke a public key: a signed statement that, signed by a signer of a policy, takes the
    /// key out of that policy's network of trust, whoever vouched for it.
    Revoke {
        /// The public key revoked.
        public_key: PathBuf,
        /// Why.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        signing: StatementSigning,
    },
}

/// Who signs a vouching or revocation statement, and where it goes.
#[derive(Debug, Args)]
pub(crate) struct StatementSigning {
    /// The private key to sign with.
    #[arg(long, value_name = "KEY")]
    pub(crate) key: PathBuf,
    /// Write the envelope to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// The algorithms `steward key generate` makes keys for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum KeyAlgorithmChoice {
    /// Ed25519.
    Ed25519,
    /// ECDSA on P-256 with SHA-256.
    #[value(name = "ecdsa-p256")]
    EcdsaP256,
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// The files to attest: each becomes a subject of the statement, with its SHA-256 and
    /// SHA-512. Not used with `--add-signature`.
    #[arg(value_name = "FILE", required_unless_present = "add_signature")]
    pub(crate) files: Vec<PathBuf>,

    /// The private key to sign with (PKCS#8 PEM, as `steward key generate` writes it).
    #[arg(long, value_name = "KEY")]
    pub(crate) key: PathBuf,

    /// The statement's predicate type (a URI). Without it, the statement has no predicate and
    /// the type `https://in-toto.io/attestation/release/v0.1`.
    #[arg(long, value_name = "URI", requires = "predicate")]
    pub(crate) predicate_type: Option<String>,

    /// A JSON file holding the predicate.
    #[arg(long, value_name = "FILE", requires = "predicate_type")]
    pub(crate) predicate: Option<PathBuf>,

    /// Add this key's signature to an existing envelope instead of making a new one; the
    /// payload is signed as it is.
    #[arg(long, value_name = "ENVELOPE", conflicts_with_all = ["files", "predicate_type"])]
    pub(crate) add_signature: Option<PathBuf>,

    /// Write the envelope to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct AttestArgs {
    /// What is decided.
    #[arg(value_parser = ["author", "review", "test", "release", "suppress", "revoke"])]
    pub(crate) decision: String,

    /// What it is about: files; `IMAGE@sha256:HEX`; an advisory id (`CVE-`, `GHSA-`,
    /// `RUSTSEC-`, `PYSEC-`, `GO-`, `OSV-`…, named by the SHA-256 of the id); or any
    /// `NAME=sha256:HEX`, such as a package `pkg:cargo/serde@1.0.219=sha256:HEX`.
    #[arg(value_name = "SUBJECT", required = true)]
    pub(crate) subjects: Vec<String>,

    /// The role the signer decides in (`author`, `qa`, `release-manager`, …).
    #[arg(long, value_name = "ROLE")]
    pub(crate) role: String,

    /// Why: the rationale, kept in the statement.
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: String,

    /// The private key to sign with (PKCS#8 PEM, as `steward key generate` writes it).
    #[arg(long, value_name = "KEY")]
    pub(crate) key: PathBuf,

    /// How a review or a test came out.
    #[arg(long, value_parser = ["approve", "request-changes", "reject", "pass", "fail"])]
    pub(crate) outcome: Option<String>,

    /// Statements (DSSE envelopes) this decision builds on; repeat for more.
    #[arg(long, value_name = "ENVELOPE")]
    pub(crate) builds_on: Vec<PathBuf>,

    /// Links to evidence (a CI run, a report); repeat for more.
    #[arg(long, value_name = "URL")]
    pub(crate) evidence: Vec<String>,

    /// For `suppress`: the advisory suppressed.
    #[arg(long, value_name = "ID")]
    pub(crate) advisory: Option<String>,

    /// For `suppress`: the package it is suppressed on (a purl).
    #[arg(long, value_name = "PURL")]
    pub(crate) package: Option<String>,

    /// For `suppress`: the last day it holds (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) expires: Option<String>,

    /// For `revoke`: the statement revoked, which this key must have signed.
    #[arg(long, value_name = "ENVELOPE")]
    pub(crate) revokes: Option<PathBuf>,

    /// Append the statement to this steward log (a directory) and write its inclusion proof
    /// beside the output, as `OUTPUT.tlog-proof`.
    #[arg(long, value_name = "DIR", requires = "output")]
    pub(crate) log: Option<PathBuf>,

    /// Write the envelope to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The artifacts to verify. With `--bundle`, an artifact may be given by its digest,
    /// `sha256:HEX` or `sha512:HEX`.
    #[arg(value_name = "FILE", required = true)]
    pub(crate) artifacts: Vec<String>,

    /// A DSSE envelope carrying an in-toto statement about the artifacts, or a vouching or
    /// revocation statement for the policy's network of trust; repeat for more. Signatures are
    /// checked with the `--key` keys, or the keys the policy trusts.
    #[arg(
        long = "attestation",
        value_name = "ENVELOPE",
        required_unless_present_any = ["bundles", "signature", "cleartext", "layout"]
    )]
    pub(crate) attestations: Vec<PathBuf>,

    /// A Sigstore bundle (v0.1, v0.2 or v0.3) over the artifact, verified offline; repeat for
    /// more (`--threshold` distinct signers must verify, or a policy rule's threshold).
    #[arg(
        long = "bundle",
        value_name = "BUNDLE",
        conflicts_with = "attestations"
    )]
    pub(crate) bundles: Vec<PathBuf>,

    /// npm's registry keys (what `registry.npmjs.org/-/npm/v1/keys` serves). With a `--bundle`
    /// that is npm's attestations document, the tarball's publish attestation must verify too:
    /// signed by one of these keys, logged, naming the tarball's SHA-512.
    #[arg(long, value_name = "KEYS", requires = "bundles")]
    pub(crate) npm_registry_keys: Option<PathBuf>,

    /// A detached signature over the artifact: OpenSSH's (`ssh-keygen -Y sign`), minisign's
    /// (`ED` or the legacy `Ed` form) or OpenPGP's (armored or binary, one or more signatures, like
    /// Debian's `Release.gpg`), checked with the `--key` keys.
    #[arg(long, value_name = "SIGNATURE", conflicts_with_all = ["attestations", "bundles"])]
    pub(crate) signature: Option<PathBuf>,

    /// Each artifact is a cleartext-signed OpenPGP message (like Debian's `InRelease`), checked
    /// with the `--key` OpenPGP keyrings.
    #[arg(long, conflicts_with_all = ["attestations", "bundles", "signature"])]
    pub(crate) cleartext: bool,

    /// An in-toto v0.9 layout, signed by every `--key` (the project owner's): its steps' links
    /// are read from `--link-dir`, and each artifact must be a product of a step.
    #[arg(long, value_name = "LAYOUT", conflicts_with_all = ["attestations", "bundles", "signature", "cleartext"])]
    pub(crate) layout: Option<PathBuf>,

    /// The directory of the layout's links (`STEP.KEYID.link`); default: the layout's own.
    #[arg(long, value_name = "DIR", requires = "layout")]
    pub(crate) link_dir: Option<PathBuf>,

    /// Accept a layout whose inspections (commands the verifier would run) are not run; they
    /// are listed in the report. Without it, a layout with inspections does not verify.
    #[arg(long, requires = "layout")]
    pub(crate) without_inspections: bool,

    /// The namespace an OpenSSH signature must be in (default `file`, as `ssh-keygen -Y sign`).
    #[arg(long, value_name = "NAMESPACE", requires = "signature")]
    pub(crate) namespace: Option<String>,

    /// A trusted public key (SPKI or PKCS#1 PEM or DER, OpenSSH, minisign) or OpenPGP keyring
    /// (armored or binary); repeat for more. OpenPGP keys check only OpenPGP signatures.
    #[arg(long = "key", value_name = "PUBKEY")]
    pub(crate) keys: Vec<PathBuf>,

    /// The signature scheme of RSA keys: rsa-pkcs1v15-sha256 (or -sha384, -sha512) or
    /// rsa-pss-sha256 (or -sha384, -sha512). Other keys have one scheme each.
    #[arg(long, value_name = "SCHEME")]
    pub(crate) key_scheme: Option<String>,

    /// How many distinct trusted keys must have signed each artifact's attestation (for
    /// OpenPGP signatures: distinct certificates of the keyrings; for bundles: distinct
    /// certificate identities).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) threshold: usize,

    /// The predicate type the attestation must have.
    #[arg(long, value_name = "URI")]
    pub(crate) predicate_type: Option<String>,

    /// The builder the SLSA provenance must name (its `builder.id`), exactly.
    #[arg(long, value_name = "ID")]
    pub(crate) builder_id: Option<String>,

    /// The source repository the SLSA provenance must name (`github.com/owner/repo`; the
    /// scheme, `git+` and `.git` do not matter).
    #[arg(long, value_name = "URI")]
    pub(crate) source_repository: Option<String>,

    /// The Sigstore certificate identity (the SAN) that must have signed the bundle.
    #[arg(long, value_name = "ID", requires = "certificate_oidc_issuer")]
    pub(crate) certificate_identity: Option<String>,

    /// A regular expression the Sigstore certificate identity must match in full.
    #[arg(
        long,
        value_name = "REGEX",
        conflicts_with = "certificate_identity",
        requires = "certificate_oidc_issuer"
    )]
    pub(crate) certificate_identity_regexp: Option<String>,

    /// The OIDC issuer that must have vouched for the certificate identity.
    #[arg(long, value_name = "URL")]
    pub(crate) certificate_oidc_issuer: Option<String>,

    /// A Sigstore trusted root (JSON) to verify bundles against instead of the public-good root
    /// embedded in steward.
    #[arg(long, value_name = "FILE")]
    pub(crate) trusted_root: Option<PathBuf>,

    /// How to report.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Table)]
    pub(crate) format: VerifyFormat,
}

/// Output formats of `steward verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum VerifyFormat {
    /// Lines for people: each artifact's verdict, and each signature's.
    Table,
    /// The report as JSON (`docs/verify.md` describes it).
    Json,
    /// SARIF 2.1.0: one result per artifact that does not verify.
    Sarif,
}
