//! Who may log in: a registered user with one of their registered keys,
//! and an address that keeps failing waits longer before each answer.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use russh::keys::PublicKey;

use crate::domain::User;
use crate::service::Service;

/// Failures an address may have before it is slowed down: a client tries
/// each of its keys in turn, and OpenSSH stops at six.
const FREE_FAILURES: u32 = 6;
/// The first delay after the free failures; each further failure doubles it.
const FIRST_DELAY: Duration = Duration::from_millis(500);
const MAX_DELAY: Duration = Duration::from_secs(30);
/// Failures older than this are forgotten.
const MEMORY: Duration = Duration::from_mins(15);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed logins per address.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<IpAddr, Failures>>,
}

impl Throttle {
    /// How long to wait before answering this address.
    pub fn delay(&self, ip: IpAddr) -> Duration {
        self.delay_at(ip, Instant::now())
    }

    fn delay_at(&self, ip: IpAddr, now: Instant) -> Duration {
        let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(f) = failures.get(&ip) else {
            return Duration::ZERO;
        };
        if now.duration_since(f.last) > MEMORY || f.count < FREE_FAILURES {
            return Duration::ZERO;
        }
        let doublings = (f.count - FREE_FAILURES).min(16);
        FIRST_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY)
    }

    pub fn failed(&self, ip: IpAddr) {
        self.failed_at(ip, Instant::now());
    }

    fn failed_at(&self, ip: IpAddr, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        // Forget addresses that went quiet, so the map cannot grow for ever.
        if failures.len() > 10_000 {
            failures.retain(|_, f| now.duration_since(f.last) <= MEMORY);
        }
        let entry = failures.entry(ip).or_insert(Failures {
            count: 0,
            last: now,
        });
        if now.duration_since(entry.last) > MEMORY {
            entry.count = 0;
        }
        entry.count += 1;
        entry.last = now;
    }

    pub fn succeeded(&self, ip: IpAddr) {
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&ip);
    }
}

/// Why a login was refused; said in the log, never to the client.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refusal {
    #[error("no such user")]
    UnknownUser,
    #[error("the user has no registered key")]
    NoKeys,
    #[error("the key is not one of the user's")]
    UnknownKey,
}

/// The user whose registered keys include `key`.
pub fn admit(service: &Service, name: &str, key: &PublicKey) -> Result<User, Refusal> {
    let user = service.user(name).map_err(|_| Refusal::UnknownUser)?;
    if user.keys.is_empty() {
        return Err(Refusal::NoKeys);
    }
    let matches = user.keys.iter().any(|line| {
        PublicKey::from_openssh(line).is_ok_and(|stored| stored.key_data() == key.key_data())
    });
    if matches {
        Ok(user)
    } else {
        Err(Refusal::UnknownKey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_slowed_only_after_its_free_failures() {
        let throttle = Throttle::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "192.0.2.8".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.delay_at(ip, t0), Duration::ZERO);
            throttle.failed_at(ip, t0);
        }
        assert_eq!(throttle.delay_at(ip, t0), FIRST_DELAY);
        throttle.failed_at(ip, t0);
        assert_eq!(throttle.delay_at(ip, t0), FIRST_DELAY * 2);
        for _ in 0..20 {
            throttle.failed_at(ip, t0);
        }
        assert_eq!(throttle.delay_at(ip, t0), MAX_DELAY);
        assert_eq!(throttle.delay_at(other, t0), Duration::ZERO, "per address");

        // Long quiet forgives; a success forgets at once.
        assert_eq!(
            throttle.delay_at(ip, t0 + MEMORY + Duration::from_secs(1)),
            Duration::ZERO
        );
        throttle.succeeded(ip);
        assert_eq!(throttle.delay_at(ip, t0), Duration::ZERO);
    }
}
