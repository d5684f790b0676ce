//! What the fuzz targets share.

use steward_installed::{Limits, inventory_layer, read_with, reader_by_id};
use steward_inventory::{NoTree, extract_bytes, format_by_name};
use steward_model::InventoryDocument;

/// Reads `data` as the format `id`: never panics, every edge joins two listed packages, the
/// one file record agrees with the packages, and the result serializes.
pub fn inventory(id: &str, data: &[u8]) {
    let format = format_by_name(id).expect("a registered format");
    let inventory = extract_bytes(&format.canonical_name(), data, format, &NoTree);
    let count = inventory.packages.len();
    for edge in &inventory.dependencies {
        assert!(
            edge.from < count && edge.to < count,
            "an edge to nowhere: {edge:?}"
        );
    }
    assert_eq!(inventory.files.len(), 1);
    assert_eq!(inventory.files[0].packages, count);
    serde_json::to_string(&InventoryDocument::new(inventory)).expect("the inventory serializes");
}

/// Reads `data` with the installed reader `id`, as a file at a path it wants: never panics,
/// every edge joins two listed packages, and the packages serialize.
pub fn installed(id: &str, path: &str, data: &[u8]) {
    let reader = reader_by_id(id).expect("a registered reader");
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_unpacked_bytes: 1 << 24,
        ..Limits::default()
    };
    if let Ok(extracted) = read_with(reader, path, data, &limits) {
        let count = extracted.packages.len();
        for edge in &extracted.dependencies {
            assert!(
                edge.from < count && edge.to < count,
                "an edge to nowhere: {edge:?}"
            );
        }
        serde_json::to_string(&extracted.packages).expect("the packages serialize");
    }
}

/// Reads `data` as an image layer (tar, gzip or zstd): never panics, and the inventory
/// serializes.
pub fn layer(data: &[u8]) {
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_unpacked_bytes: 1 << 24,
        ..Limits::default()
    };
    let inventory = inventory_layer(data, &limits);
    serde_json::to_string(&InventoryDocument::new(inventory)).expect("the inventory serializes");
}
