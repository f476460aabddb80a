//! Nothing writes around the audit log: every mutation the service offers
//! is run once, and between each the raw sled trees are read. Any change
//! to any tree must come with a new entry in the hash chain, and the chain
//! must still verify.
//!
//! Only two meta values change without an entry, by design: the audit head
//! itself (written with each entry) and the queue snapshot a clean close
//! leaves for a fast next open.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use docket::domain::decision::EligibilityDecision;
use docket::domain::notice::ComplaintState;
use docket::domain::scoring::ReviewStage;
use docket::domain::{Stage, User, UserRole};
use docket::service::{MemberEdit, Service};
use russh::keys::{Algorithm, PrivateKey};
use sha2::{Digest, Sha256};

use desk::{id, review};

/// The experts who review the application that moves on.
const PANEL: [&str; 3] = ["zhang", "wang", "sun"];

/// Meta keys that change without an audit entry of their own.
const UNAUDITED_META: [&[u8]; 2] = [b"audit_head", b"queue_snapshot"];

/// A digest of every key and value of every tree but the audit log.
fn fingerprint(path: &Path) -> BTreeMap<String, String> {
    let db = sled::open(path).unwrap();
    let mut trees = BTreeMap::new();
    for name in db.tree_names() {
        let label = String::from_utf8_lossy(&name).into_owned();
        if label == "audit" {
            continue;
        }
        let tree = db.open_tree(&name).unwrap();
        let mut hasher = Sha256::new();
        for pair in &tree {
            let (key, value) = pair.unwrap();
            if label == "meta" && UNAUDITED_META.contains(&&*key) {
                continue;
            }
            hasher.update((key.len() as u64).to_be_bytes());
            hasher.update(&key);
            hasher.update((value.len() as u64).to_be_bytes());
            hasher.update(&value);
        }
        trees.insert(label, format!("{:x}", hasher.finalize()));
    }
    trees
}

/// The audit head's sequence number, read raw.
fn audit_seq(path: &Path) -> u64 {
    let db = sled::open(path).unwrap();
    let audit = db.open_tree("audit").unwrap();
    audit.last().unwrap().map_or(0, |(key, _)| {
        u64::from_be_bytes(key.as_ref().try_into().unwrap())
    })
}

struct Probe {
    path: PathBuf,
    checked: Vec<&'static str>,
}

impl Probe {
    /// Runs `op` on a freshly opened service and checks that whatever it
    /// changed is in the audit log.
    fn step(&mut self, what: &'static str, op: impl FnOnce(&Service)) {
        let (before, seq_before) = (fingerprint(&self.path), audit_seq(&self.path));
        {
            let service = common::open(&self.path);
            op(&service);
        }
        let (after, seq_after) = (fingerprint(&self.path), audit_seq(&self.path));
        let changed: Vec<&String> = after
            .iter()
            .filter(|(tree, digest)| before.get(*tree) != Some(digest))
            .map(|(tree, _)| tree)
            .collect();
        assert!(!changed.is_empty(), "{what} changed no tree");
        assert!(
            seq_after > seq_before,
            "{what} changed {changed:?} without an audit entry"
        );
        let service = common::open(&self.path);
        let verification = service.store().verify_audit().unwrap();
        assert_eq!(verification.first_bad, None, "after {what}");
        self.checked.push(what);
    }
}

fn user(service: &Service, name: &str) -> User {
    service.user(name).unwrap()
}

fn revision(service: &Service, app: &str) -> u64 {
    service.store().application(app).unwrap().unwrap().revision
}

#[test]
fn every_mutation_is_in_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    drop(desk::open(&path, 4));
    let mut probe = Probe {
        path,
        checked: Vec::new(),
    };

    // Opening and closing alone changes nothing that needs an entry.
    let (before, seq) = (fingerprint(&probe.path), audit_seq(&probe.path));
    drop(common::open(&probe.path));
    assert_eq!(fingerprint(&probe.path), before);
    assert_eq!(audit_seq(&probe.path), seq);

    probe.step("user add", |s| {
        let admin = s.default_user().unwrap();
        let mut sun = User::new("sun", UserRole::Expert);
        sun.organization = Some("温州市科技馆".into());
        s.add_user(&admin, &sun).unwrap();
    });
    probe.step("user key", |s| {
        let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let text = key.public_key().to_openssh().unwrap();
        s.add_user_key(&s.default_user().unwrap(), "sun", &text)
            .unwrap();
    });
    probe.step("member edit", |s| {
        let edit = MemberEdit::Province("浙江".into());
        s.edit_member(&s.default_user().unwrap(), "sun", &edit)
            .unwrap();
    });
    probe.step("import", |s| {
        let more = vec![common::application(9)];
        s.import(&s.default_user().unwrap(), &more, "one.json", &mut |_| {})
            .unwrap();
    });
    probe.step("cycle set", |s| {
        let mut cycle = (*s.cycle()).clone();
        cycle.fees.senior += 1;
        s.set_cycle(&s.default_user().unwrap(), cycle, "cycle.toml")
            .unwrap();
    });
    probe.step("evidence mark", |s| {
        let app = id(9);
        s.mark_evidence(
            &s.default_user().unwrap(),
            &app,
            "E1",
            Some(true),
            None,
            revision(s, &app),
        )
        .unwrap();
    });
    probe.step("eligibility decision", |s| {
        let app = id(9);
        let decision = EligibilityDecision::Approve;
        s.decide_eligibility(
            &s.default_user().unwrap(),
            &app,
            &decision,
            revision(s, &app),
        )
        .unwrap();
    });
    probe.step("assign", |s| {
        for expert in PANEL {
            s.assign(&s.default_user().unwrap(), &id(1), expert)
                .unwrap();
        }
    });
    probe.step("conflict declared", |s| {
        s.declare_conflict(&user(s, "wang"), &id(3), "wang", "曾共同指导学生")
            .unwrap();
    });
    probe.step("review draft", |s| {
        for expert in PANEL {
            s.save_review_draft(
                &user(s, expert),
                &id(1),
                &review(expert, [20, 25, 40]),
                None,
            )
            .unwrap();
        }
    });
    probe.step("review submit", |s| {
        for expert in PANEL {
            let draft = s
                .store()
                .review(&id(1), ReviewStage::Achievement, expert)
                .unwrap()
                .unwrap();
            s.submit_review(
                &user(s, expert),
                &id(1),
                ReviewStage::Achievement,
                draft.revision,
            )
            .unwrap();
        }
    });
    probe.step("advance", |s| {
        let app = id(1);
        s.advance(&s.default_user().unwrap(), &app, revision(s, &app))
            .unwrap();
    });
    probe.step("written score", |s| {
        s.set_written_score(&s.default_user().unwrap(), &id(1), 75)
            .unwrap();
    });
    probe.step("assign automatically", |s| {
        let admin = s.default_user().unwrap();
        s.assign_automatically(&admin, ReviewStage::Achievement, 10)
            .unwrap();
    });
    probe.step("unassign", |s| {
        let admin = s.default_user().unwrap();
        let panel = s.assignments_of(&admin, &id(2)).unwrap();
        s.unassign(&admin, &id(2), &panel[0]).unwrap();
    });
    probe.step("send back", |s| {
        let app = id(1);
        s.send_back(
            &s.default_user().unwrap(),
            &app,
            "重新评审",
            revision(s, &app),
        )
        .unwrap();
    });
    probe.step("reject", |s| {
        let app = id(4);
        s.reject_at_stage(
            &s.default_user().unwrap(),
            &app,
            "业绩不足",
            revision(s, &app),
        )
        .unwrap();
    });
    probe.step("search save", |s| {
        let sun = user(s, "sun");
        s.save_search(&sun, "高分", "score:>80 sort:-score")
            .unwrap();
        s.save_search(&sun, "欠费", "fee:unpaid").unwrap();
    });
    probe.step("search forget", |s| {
        s.forget_search(&user(s, "sun"), "欠费").unwrap();
    });
    probe.step("user remove", |s| {
        s.remove_user(&s.default_user().unwrap(), "sun").unwrap();
    });
    let db = sled::open(&probe.path).unwrap();
    let searches = db.open_tree("searches").unwrap();
    assert!(
        searches.is_empty(),
        "a removed user's searches go with them"
    );
    drop((searches, db));
    notice_steps(&mut probe);

    let service = common::open(&probe.path);
    let admin = service.default_user().unwrap();
    assert_eq!(
        service.application(&admin, &id(1)).unwrap().value.stage,
        Stage::Achievement
    );
    assert_eq!(probe.checked.len(), 27);
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The public notice over two applications (the clock reads 2024-12-01 in
/// Beijing, so a notice from 2024-11-18 is over), its complaints, the
/// certificates and a revocation.
fn notice_steps(probe: &mut Probe) {
    {
        let s = common::open(&probe.path);
        for n in [2, 3, 9] {
            desk::move_to(&s, &id(n), Stage::Notice);
        }
    }
    probe.step("notice open", |s| {
        s.open_notice(&s.default_user().unwrap(), day("2024-11-18"), 5)
            .unwrap();
    });
    probe.step("complaint record", |s| {
        let admin = s.default_user().unwrap();
        s.complain(&admin, &id(2), day("2024-11-19"), "单位不符")
            .unwrap();
        s.complain(&admin, &id(3), day("2024-11-20"), "证书伪造")
            .unwrap();
    });
    probe.step("complaint dismissed", |s| {
        let admin = s.default_user().unwrap();
        s.resolve_complaint(&admin, 1, ComplaintState::Dismissed, "不实")
            .unwrap();
    });
    probe.step("complaint upheld", |s| {
        let admin = s.default_user().unwrap();
        s.resolve_complaint(&admin, 2, ComplaintState::Upheld, "属实")
            .unwrap();
    });
    probe.step("notice conclude", |s| {
        let conclusion = s.conclude_notice(&s.default_user().unwrap()).unwrap();
        assert_eq!(conclusion.certified.len(), 2);
    });
    probe.step("certificate revoke", |s| {
        s.revoke(
            &s.default_user().unwrap(),
            &id(2),
            day("2024-11-30"),
            "行政处罚",
        )
        .unwrap();
    });
    {
        let s = common::open(&probe.path);
        desk::move_to(&s, &id(4), Stage::Certified);
    }
    probe.step("certificate issue", |s| {
        let issued = s
            .issue_missing_certificates(&s.default_user().unwrap(), day("2024-11-30"))
            .unwrap();
        assert_eq!(issued.len(), 1);
    });
}
