//! A review desk for the integration tests: a store with the secretariat,
//! three experts, a supervisor and applications at the achievement review.

#![allow(dead_code)]

use std::path::Path;

use docket::domain::scoring::{Review, ReviewStage};
use docket::domain::{Stage, User, UserRole};
use docket::service::Service;
use docket::store::{AuditDraft, AuditEntry};

use crate::common;

/// The organization of every sample application.
pub const APPLICANT_ORG: &str = "杭州市天长小学";

pub struct Desk {
    pub service: Service,
    pub admin: User,
    /// An expert from another organization.
    pub zhang: User,
    /// A second expert from another organization.
    pub wang: User,
    /// An expert from the applicants' organization (spelled with spaces
    /// and full-width forms): in conflict with every sample application.
    pub li: User,
    pub zhao: User,
}

pub fn id(n: usize) -> String {
    format!("2024-ZJ-I-{n:04}")
}

fn expert(name: &str, org: &str) -> User {
    let mut user = User::new(name, UserRole::Expert);
    user.organization = Some(org.to_owned());
    user
}

/// A desk with `count` applications, all moved to the achievement review.
pub fn open(path: &Path, count: usize) -> Desk {
    let service = common::open(path);
    let admin = service.default_user().unwrap();
    let zhang = expert("zhang", "浙江大学");
    let wang = expert("wang", "宁波市科技馆");
    let li = expert("li", "杭州市 天长小学　");
    let zhao = User::new("zhao", UserRole::Supervisor);
    for user in [&zhang, &wang, &li, &zhao] {
        service.add_user(&admin, user).unwrap();
    }
    let apps: Vec<_> = (1..=count).map(common::application).collect();
    service
        .import(&admin, &apps, "t.json", &mut |_| {})
        .unwrap();
    for n in 1..=count {
        move_to(&service, &id(n), Stage::Achievement);
    }
    Desk {
        service,
        admin,
        zhang,
        wang,
        li,
        zhao,
    }
}

/// Moves an application through the store, as a stage move will.
pub fn move_to(service: &Service, id: &str, stage: Stage) {
    let store = service.store();
    let mut record = store.application(id).unwrap().unwrap();
    record.value.stage = stage;
    let draft = AuditDraft::new("admin", "application.move", id, stage.code().as_bytes());
    store
        .save_application(&record.value, record.revision, service.now(), &draft, None)
        .unwrap();
}

/// A complete achievement review (20 + 25 + 40 = 85).
pub fn review(expert: &str, scores: [u32; 3]) -> Review {
    let mut review = Review::draft(expert, ReviewStage::Achievement);
    review.scores = scores.to_vec();
    review.comment = String::from("扎实");
    review
}

pub fn head(service: &Service) -> u64 {
    service.store().audit_head().unwrap().seq
}

/// The audit entries written after `seq`.
pub fn entries_after(service: &Service, seq: u64) -> Vec<AuditEntry> {
    service
        .store()
        .audit_entries(seq + 1)
        .map(Result::unwrap)
        .collect()
}
