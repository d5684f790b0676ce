//! Operating system package databases, and the `os-release` that says which release they
//! belong to.

pub(crate) mod apk;
pub(crate) mod copyright;
pub(crate) mod dpkg;
pub(crate) mod release;
pub(crate) mod rpm;

/// Paragraphs of `Field: value` lines separated by blank lines (deb822 and apk's database
/// share the idea, not the syntax): each paragraph with the 1-based line it starts on.
pub(crate) fn paragraphs(text: &str) -> Vec<(u32, Vec<&str>)> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = 1;
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push((start, std::mem::take(&mut current)));
            }
            continue;
        }
        if current.is_empty() {
            start = number;
        }
        current.push(line);
    }
    if !current.is_empty() {
        paragraphs.push((start, current));
    }
    paragraphs
}
