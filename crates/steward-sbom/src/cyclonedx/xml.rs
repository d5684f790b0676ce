//! CycloneDX 1.6 as XML: the same document as the JSON, in the order the XML schema's
//! sequences require.

use std::io;

use quick_xml::Writer as XmlWriter;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Bom, CdxComponent, CdxLicense, LicenseChoice};
use crate::Writer;
use crate::view::Sbom;

pub(crate) const WRITER: Writer = Writer {
    id: "cyclonedx-xml",
    standard: "CycloneDX 1.6 (XML)",
    extension: ".cdx.xml",
    write,
};

const NAMESPACE: &str = "http://cyclonedx.org/schema/bom/1.6";

type Xml = XmlWriter<Vec<u8>>;

fn write(sbom: &Sbom<'_>) -> Vec<u8> {
    super::with_document(sbom, |bom| {
        let mut xml = XmlWriter::new_with_indent(Vec::new(), b' ', 2);
        write_bom(&mut xml, bom).expect("writing to memory cannot fail");
        let mut bytes = xml.into_inner();
        bytes.push(b'\n');
        bytes
    })
}

fn write_bom(xml: &mut Xml, bom: &Bom<'_>) -> io::Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let version = bom.version.to_string();
    xml.create_element("bom")
        .with_attribute(("xmlns", NAMESPACE))
        .with_attribute(("serialNumber", bom.serial_number.as_str()))
        .with_attribute(("version", version.as_str()))
        .write_inner_content(|xml| {
            xml.create_element("metadata").write_inner_content(|xml| {
                text(xml, "timestamp", bom.metadata.timestamp)?;
                xml.create_element("tools").write_inner_content(|xml| {
                    list(xml, "components", &bom.metadata.tools.components, component)
                })?;
                component(xml, &bom.metadata.component)
            })?;
            list(xml, "components", &bom.components, component)?;
            list(xml, "dependencies", &bom.dependencies, |xml, entry| {
                let element = xml
                    .create_element("dependency")
                    .with_attribute(("ref", entry.reference));
                if entry.depends_on.is_empty() {
                    element.write_empty()?;
                } else {
                    element.write_inner_content(|xml| {
                        for reference in &entry.depends_on {
                            xml.create_element("dependency")
                                .with_attribute(("ref", *reference))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })
        })?;
    Ok(())
}

fn component(xml: &mut Xml, component: &CdxComponent<'_>) -> io::Result<()> {
    let mut element = xml
        .create_element("component")
        .with_attribute(("type", component.kind));
    if let Some(reference) = component.bom_ref {
        element = element.with_attribute(("bom-ref", reference));
    }
    element.write_inner_content(|xml| {
        if let Some(supplier) = &component.supplier {
            xml.create_element("supplier")
                .write_inner_content(|xml| text(xml, "name", supplier.name))?;
        }
        optional_text(xml, "group", component.group)?;
        text(xml, "name", component.name)?;
        optional_text(xml, "version", component.version)?;
        optional_text(xml, "description", component.description)?;
        optional_text(xml, "scope", component.scope)?;
        list(xml, "hashes", &component.hashes, |xml, hash| {
            xml.create_element("hash")
                .with_attribute(("alg", hash.alg))
                .write_text_content(BytesText::new(hash.content))?;
            Ok(())
        })?;
        if !component.licenses.is_empty() {
            xml.create_element("licenses").write_inner_content(|xml| {
                for choice in &component.licenses {
                    match choice {
                        LicenseChoice::Expression { expression } => {
                            text(xml, "expression", expression)?;
                        }
                        LicenseChoice::License { license } => {
                            xml.create_element("license").write_inner_content(
                                |xml| match license {
                                    CdxLicense::Id(id) => text(xml, "id", id),
                                    CdxLicense::Name(name) => text(xml, "name", name),
                                },
                            )?;
                        }
                    }
                }
                Ok(())
            })?;
        }
        optional_text(xml, "purl", component.purl)?;
        list(xml, "properties", &component.properties, |xml, property| {
            xml.create_element("property")
                .with_attribute(("name", property.name))
                .write_text_content(BytesText::new(&xml_safe(&property.value)))?;
            Ok(())
        })?;
        if let Some(evidence) = &component.evidence {
            xml.create_element("evidence").write_inner_content(|xml| {
                list(
                    xml,
                    "occurrences",
                    &evidence.occurrences,
                    |xml, occurrence| {
                        xml.create_element("occurrence")
                            .write_inner_content(|xml| {
                                text(xml, "location", &occurrence.location)?;
                                if let Some(line) = occurrence.line {
                                    text(xml, "line", &line.to_string())?;
                                }
                                optional_text(
                                    xml,
                                    "additionalContext",
                                    occurrence.additional_context.as_deref(),
                                )
                            })?;
                        Ok(())
                    },
                )
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `<name>…</name>` around every item, or nothing for no items (CycloneDX's lists must not
/// be empty where present).
fn list<T>(
    xml: &mut Xml,
    name: &str,
    items: &[T],
    mut item: impl FnMut(&mut Xml, &T) -> io::Result<()>,
) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    xml.create_element(name).write_inner_content(|xml| {
        for value in items {
            item(xml, value)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn text(xml: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    xml.create_element(name)
        .write_text_content(BytesText::new(&xml_safe(value)))?;
    Ok(())
}

fn optional_text(xml: &mut Xml, name: &str, value: Option<&str>) -> io::Result<()> {
    value.map_or(Ok(()), |value| text(xml, name, value))
}

/// The text with the characters XML 1.0 cannot carry at all (control characters other than
/// tab and line ends, U+FFFE, U+FFFF) replaced by U+FFFD; escaping cannot save them.
fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        text.into()
    } else {
        text.chars()
            .map(|c| if allowed(c) { c } else { '\u{fffd}' })
            .collect::<String>()
            .into()
    }
}
