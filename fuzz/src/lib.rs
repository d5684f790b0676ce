//! What the fuzz targets share.

use steward_inventory::{NoTree, extract_bytes, format_by_name};
use steward_model::InventoryDocument;

/// Reads `data` as the format `id`: never panics, every edge joins two listed packages, the
/// one file record agrees with the packages, and the result serializes.
pub fn inventory(id: &str, data: &[u8]) {
    let format = format_by_name(id).expect("a registered format");
    let inventory = extract_bytes(&format.canonical_name(), data, format, &NoTree);
    let count = inventory.packages.len();
    for edge in &inventory.dependencies {
        assert!(edge.from < count && edge.to < count, "an edge to nowhere: {edge:?}");
    }
    assert_eq!(inventory.files.len(), 1);
    assert_eq!(inventory.files[0].packages, count);
    serde_json::to_string(&InventoryDocument::new(inventory)).expect("the inventory serializes");
}
