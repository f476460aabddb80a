//! The server's host key: made once on first start, kept with mode 0600,
//! and refused if anyone else could read it.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, Result, bail};
use russh::keys::{Algorithm, HashAlg, PrivateKey};

/// Reads the host key, or makes a new Ed25519 one if there is none.
pub fn load_or_create(path: &Path) -> Result<PrivateKey> {
    if path.exists() {
        let mode = std::fs::metadata(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            bail!(
                "the host key {} is readable by others (mode {:o}): run chmod 600 on it",
                path.display(),
                mode & 0o777
            );
        }
        return PrivateKey::read_openssh_file(path)
            .with_context(|| format!("cannot read the host key {}", path.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .context("cannot make a host key")?;
    let text = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .context("cannot encode the host key")?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create the host key {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    tracing::info!(path = %path.display(), "host key created");
    Ok(key)
}

/// The key's SHA-256 fingerprint as `ssh` prints it.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_with_mode_0600_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("host");
        let first = load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let again = load_or_create(&path).unwrap();
        assert_eq!(fingerprint(&first), fingerprint(&again));
        assert!(fingerprint(&first).starts_with("SHA256:"));
    }

    #[test]
    fn a_key_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host");
        load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let error = load_or_create(&path).unwrap_err().to_string();
        assert!(error.contains("chmod 600"), "{error}");
    }
}
