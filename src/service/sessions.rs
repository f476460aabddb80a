//! Who is connected: every running session registers here for as long as
//! it lasts, so the secretariat can see who is working and from where.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

use crate::domain::{User, UserRole};

use super::{Change, Permission, Result, Service, require};

/// How a session reached docket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The terminal of the process that owns the store.
    Terminal,
    /// An SSH connection to `docket serve`.
    Ssh,
}

impl Via {
    pub fn code(self) -> &'static str {
        match self {
            Via::Terminal => "terminal",
            Via::Ssh => "ssh",
        }
    }
}

/// One running session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: u64,
    pub user: String,
    pub display: Option<String>,
    pub role: UserRole,
    pub via: Via,
    /// The client's address (`ip:port`), or `local`.
    pub address: String,
    pub since: DateTime<Utc>,
}

#[derive(Default)]
pub(super) struct Registry {
    next: AtomicU64,
    open: Mutex<BTreeMap<u64, SessionInfo>>,
}

/// Keeps a session listed; dropping it takes the session off the list.
pub struct SessionTicket {
    id: u64,
    registry: Arc<Registry>,
    changes: tokio::sync::broadcast::Sender<Change>,
}

impl SessionTicket {
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl Drop for SessionTicket {
    fn drop(&mut self) {
        let removed = self
            .registry
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
        if let Some(info) = removed {
            announce(&self.changes, "session.close", &info);
        }
    }
}

fn announce(changes: &tokio::sync::broadcast::Sender<Change>, action: &str, info: &SessionInfo) {
    // Sessions are not audited (they change no record), so they carry no
    // sequence number.
    let _ = changes.send(Change {
        seq: 0,
        actor: info.user.clone(),
        action: action.to_owned(),
        target: info.id.to_string(),
    });
}

impl Service {
    /// Lists a session until the returned ticket is dropped.
    pub fn register_session(&self, user: &User, via: Via, address: &str) -> SessionTicket {
        let id = self.sessions.next.fetch_add(1, Ordering::Relaxed) + 1;
        let info = SessionInfo {
            id,
            user: user.name.clone(),
            display: user.display.clone(),
            role: user.role,
            via,
            address: address.to_owned(),
            since: self.now(),
        };
        self.sessions
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, info.clone());
        announce(&self.changes, "session.open", &info);
        SessionTicket {
            id,
            registry: Arc::clone(&self.sessions),
            changes: self.changes.clone(),
        }
    }

    /// The sessions running now, oldest first.
    pub fn sessions(&self, actor: &User) -> Result<Vec<SessionInfo>> {
        require(actor, Permission::ReadSessions)?;
        Ok(self
            .sessions
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect())
    }
}
