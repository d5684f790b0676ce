//! Text helpers every extractor shares: decoding input bytes, and turning byte offsets into
//! line numbers.

/// Decodes an input: UTF-8, with a byte-order mark removed. UTF-16 (with its byte-order mark)
/// is decoded too, as Windows tools write it for `.csproj` and `packages.config`.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).map_err(|error| not_utf8(&error));
    }
    let utf16 = |rest: &[u8], little_endian: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| {
                if little_endian {
                    u16::from_le_bytes([pair[0], pair[1]])
                } else {
                    u16::from_be_bytes([pair[0], pair[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| "the file is not valid UTF-16".to_owned())
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    String::from_utf8(bytes.to_vec()).map_err(|error| not_utf8(&error))
}

fn not_utf8(error: &std::string::FromUtf8Error) -> String {
    format!(
        "the file is not UTF-8 (invalid byte at offset {})",
        error.utf8_error().valid_up_to()
    )
}

/// The 1-based numbers of the lines that are exactly `header` (ignoring surrounding spaces):
/// the `[[package]]` tables of a TOML lockfile, say.
pub(crate) fn header_lines(text: &str, header: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.trim() == header)
        .map(|(index, _)| u32::try_from(index + 1).unwrap_or(u32::MAX))
        .collect()
}

/// Lower-case hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// Lower-case hex of a base64 digest (npm integrity, NuGet content hashes), if it is base64.
pub(crate) fn hex_of_base64(digest: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(digest)
        .ok()?;
    Some(hex(&bytes))
}

/// Maps byte offsets of a text to 1-based line numbers.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index + 1));
        Self { starts }
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let line = match self.starts.binary_search(&offset) {
            Ok(index) => index + 1,
            Err(index) => index,
        };
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// The 1-based line and column (in bytes) of a byte offset.
    pub(crate) fn line_and_column(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[(line as usize).saturating_sub(1).min(self.starts.len() - 1)];
        (line, u32::try_from(offset - start + 1).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_byte_order_marks() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0, b'b', 0]).unwrap(), "ab");
        assert!(decode(b"a\xFFb").unwrap_err().contains("offset 1"));
    }

    #[test]
    fn finds_lines_and_columns() {
        let index = LineIndex::new("ab\ncd\r\nef");
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 1);
        assert_eq!(index.line(3), 2);
        assert_eq!(index.line_and_column(8), (3, 2));
    }
}
