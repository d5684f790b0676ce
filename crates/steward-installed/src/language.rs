//! Installed language packages: Python distributions, `node_modules`, Ruby gems.

pub(crate) mod node;
pub(crate) mod python;
pub(crate) mod ruby;
