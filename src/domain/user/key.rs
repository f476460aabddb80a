//! OpenSSH public key lines (`ssh-ed25519 AAAA… comment`), checked well
//! enough to catch a wrong file or a truncated paste before a user is
//! locked out: the algorithm is known and the key blob names the same one.

/// Algorithms an SSH client may offer for a user key, with the number of
/// length-prefixed fields their key blob holds (the name included).
const ALGORITHMS: [(&str, usize); 7] = [
    ("ssh-ed25519", 2),
    ("ecdsa-sha2-nistp256", 3),
    ("ecdsa-sha2-nistp384", 3),
    ("ecdsa-sha2-nistp521", 3),
    ("ssh-rsa", 3),
    ("sk-ssh-ed25519@openssh.com", 3),
    ("sk-ecdsa-sha2-nistp256@openssh.com", 4),
];

/// Why a line is not a usable public key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("no public key found (expected a line like 'ssh-ed25519 AAAA… name@host')")]
    Empty,
    #[error("this is a private key: give the .pub file")]
    Private,
    #[error("unknown key type '{0}'")]
    UnknownType(String),
    #[error("the key data is not valid base64, or the key is cut short")]
    BadData,
    #[error("the key data is for '{inner}', but the line says '{outer}'")]
    Mismatch { outer: String, inner: String },
}

/// Reads the first key line of a `.pub` file (comments and blank lines
/// skipped) and returns it normalized to `type base64 [comment]`.
pub fn parse_public_key(text: &str) -> Result<String, KeyError> {
    if text.contains("PRIVATE KEY") {
        return Err(KeyError::Private);
    }
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or(KeyError::Empty)?;
    let mut parts = line.split_whitespace();
    let kind = parts.next().ok_or(KeyError::Empty)?;
    let Some(&(_, field_count)) = ALGORITHMS.iter().find(|(name, _)| *name == kind) else {
        return Err(KeyError::UnknownType(kind.chars().take(40).collect()));
    };
    let data = parts.next().ok_or(KeyError::BadData)?;
    let blob = decode_base64(data).ok_or(KeyError::BadData)?;
    let fields = blob_fields(&blob).ok_or(KeyError::BadData)?;
    let inner = fields
        .first()
        .and_then(|f| std::str::from_utf8(f).ok())
        .ok_or(KeyError::BadData)?;
    if inner != kind {
        return Err(KeyError::Mismatch {
            outer: kind.to_owned(),
            inner: inner.to_owned(),
        });
    }
    if fields.len() != field_count {
        return Err(KeyError::BadData);
    }
    let comment: Vec<&str> = parts.collect();
    Ok(if comment.is_empty() {
        format!("{kind} {data}")
    } else {
        format!("{kind} {data} {}", comment.join(" "))
    })
}

/// The length-prefixed fields of an SSH key blob; `None` when a length
/// runs past the end (a truncated key).
fn blob_fields(mut blob: &[u8]) -> Option<Vec<&[u8]>> {
    let mut fields = Vec::new();
    while !blob.is_empty() {
        let len = u32::from_be_bytes(blob.get(..4)?.try_into().ok()?) as usize;
        fields.push(blob.get(4..4 + len)?);
        blob = &blob[4 + len..];
    }
    Some(fields)
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes = text.trim_end_matches('=').as_bytes();
    if !text.len().is_multiple_of(4) || text.len() - bytes.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let produced = chunk.len() * 6 / 8;
        out.extend_from_slice(&acc.to_be_bytes()[1..=produced]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A real ed25519 public key (generated for this test; no private half is kept).
    const ED25519: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP2XPbgy9KdCr0wvDQW94sOLrdsuNHF5kIBJOC255hTq li@zj";

    #[test]
    fn a_public_key_line_is_accepted_and_normalized() {
        let text = format!("# the secretariat's laptop\n\n  {ED25519}  \n");
        assert_eq!(parse_public_key(&text).unwrap(), ED25519);
        let bare = ED25519.rsplit_once(' ').unwrap().0;
        assert_eq!(parse_public_key(bare).unwrap(), bare);
    }

    #[test]
    fn wrong_files_are_named() {
        assert_eq!(parse_public_key(""), Err(KeyError::Empty));
        let private =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----";
        assert_eq!(parse_public_key(private), Err(KeyError::Private));
        assert!(matches!(
            parse_public_key("ssh-dss AAAA"),
            Err(KeyError::UnknownType(_))
        ));
        assert_eq!(
            parse_public_key("ssh-ed25519 AAAAC3Nza!"),
            Err(KeyError::BadData)
        );
        for cut in [30, 40, 60] {
            assert_eq!(
                parse_public_key(&ED25519[..cut]),
                Err(KeyError::BadData),
                "{cut}"
            );
        }
        let relabelled = ED25519.replacen("ssh-ed25519", "ssh-rsa", 1);
        assert!(matches!(
            parse_public_key(&relabelled),
            Err(KeyError::Mismatch { .. })
        ));
    }

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("aGV5"), Some(b"hey".to_vec()));
        assert_eq!(decode_base64("aGk"), None);
    }
}
