//! Executables that carry their dependency lists: Go build information and Rust
//! `cargo auditable` data, in ELF, Mach-O and PE files.

pub(crate) mod go;
pub(crate) mod rust;

/// Whether the bytes start like an ELF, Mach-O (either byte order, 32 or 64 bits, or
/// universal) or PE executable.
pub(crate) fn is_executable_format(bytes: &[u8]) -> bool {
    const MAGICS: &[&[u8]] = &[
        b"\x7fELF",
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
        b"MZ",
    ];
    MAGICS.iter().any(|magic| bytes.starts_with(magic))
}
