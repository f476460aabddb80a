//! Commands over SSH (`ssh -p PORT USER@HOST backup FILE`): the one thing
//! a server's store allows besides the desk, since no other process can
//! open the store while the server holds it. The answer is one line and
//! the exit status.

use std::path::PathBuf;
use std::sync::Arc;

use russh::ChannelWriteHalf;
use russh::server::Msg;

use crate::domain::User;

use super::Shared;

/// What a command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Request {
    Backup(PathBuf),
}

fn parse(command: &[u8]) -> Result<Request, String> {
    let text = String::from_utf8_lossy(command);
    let text = text.trim();
    let (verb, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    match (verb, rest.trim()) {
        ("backup", "") => Err("usage: backup FILE (a path on the server)".to_owned()),
        ("backup", file) => Ok(Request::Backup(PathBuf::from(file))),
        _ => Err(format!(
            "'{}' is not a docket command: over ssh docket runs only 'backup FILE'; connect without a command for the desk",
            crate::ui::text::clean(verb)
        )),
    }
}

/// Runs one command line for `user` and answers on the channel.
pub(super) async fn run(
    shared: &Arc<Shared>,
    user: User,
    address: &str,
    command: &[u8],
    write: &ChannelWriteHalf<Msg>,
) {
    let (text, status) = match parse(command) {
        Ok(Request::Backup(file)) => {
            let service = Arc::clone(&shared.service);
            let name = user.name.clone();
            let outcome = tokio::task::spawn_blocking(move || {
                service
                    .backup(&user, &file, &mut |_| {})
                    .map(|header| crate::cli::backup_written(&file, &header))
            })
            .await;
            match outcome {
                Ok(Ok(line)) => {
                    tracing::info!(user = %name, address, "backup over ssh: {line}");
                    (line, 0)
                }
                Ok(Err(e)) => {
                    tracing::warn!(user = %name, address, "backup over ssh refused: {e}");
                    (format!("docket: backup failed: {e}"), 1)
                }
                Err(e) => (format!("docket: backup failed: {e}"), 1),
            }
        }
        Err(refusal) => {
            tracing::warn!(user = %user.name, address, "command over ssh refused");
            (format!("docket: {refusal}"), 1)
        }
    };
    let _ = write.data(format!("{text}\n").as_bytes()).await;
    let _ = write.exit_status(status).await;
    let _ = write.eof().await;
    let _ = write.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_backup_with_a_file_is_a_command() {
        assert_eq!(
            parse(b" backup /tmp/a.dkb "),
            Ok(Request::Backup(PathBuf::from("/tmp/a.dkb")))
        );
        assert!(parse(b"backup").unwrap_err().starts_with("usage"));
        let refusal = parse(b"rm -rf /").unwrap_err();
        assert!(
            refusal.contains("'rm' is not a docket command"),
            "{refusal}"
        );
    }
}
