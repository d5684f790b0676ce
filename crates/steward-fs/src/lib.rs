//! Reading what steward is pointed at, and nothing else.
//!
//! Every file steward reads from a user's disk goes through [`read_file`]: only regular files
//! (a FIFO, a device or a `/proc` file is refused, even when named on the command line),
//! opened without blocking, and bounded by the bytes actually read rather than by what the
//! metadata claims. Files an input pulls in (includes, parents, the manifest beside a
//! lockfile) go through a [`Confinement`], which refuses paths that leave the scanned roots,
//! by name or through symbolic links. [`resolve`] is the one path normalisation, and [`normalize`] its strict form.

mod confine;
mod path;
mod read;

pub use confine::Confinement;
pub use path::{join, normalize, resolve};
pub use read::{ReadError, open_file, read_file};
