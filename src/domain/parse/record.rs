//! The readers of one record and its parts: each takes the fields it knows
//! out of its object, records a problem for anything wrong, and gives a value
//! only when every field was right.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde_json::{Map, Value};

use super::fields::{
    self, Fields, Issue, Issues, ORGANIZATION_MAX, STATEMENT_MAX, TEXT_MAX, boolean, date,
    filled_text, hours, name, quoted, sha256, shown, text, whole, word,
};
use crate::domain::application::{
    Application, EvidenceItem, EvidenceKind, PriorCertificate, TrainingRecord,
};
use crate::domain::stage::Track;

/// Reads every field, recording each problem; `None` when any field is wrong.
pub(super) fn read_application(
    map: Map<String, Value>,
    issues: &mut Issues,
) -> Option<Application> {
    let mut f = Fields::new(map, String::new());
    let id = f.required("id", issues, fields::id);
    let cycle = f.required("cycle", issues, |v| whole(&v, 2000, Some(2100)));
    let level = f.required("level", issues, word);

    let track_given = f.has("track");
    let track: Option<Track> = f.optional("track", issues, word);
    let basis_given = f.has("exceptional_basis");
    let exceptional_basis = f.optional("exceptional_basis", issues, word);
    // An unreadable track is reported already; the basis is judged against a readable one.
    if track.is_some() || !track_given {
        match track.unwrap_or_default() {
            Track::Exceptional if !basis_given => {
                f.flag(
                    "exceptional_basis",
                    "required when track is exceptional",
                    issues,
                );
            }
            Track::Regular if exceptional_basis.is_some() => {
                f.flag(
                    "exceptional_basis",
                    "allowed only when track is exceptional",
                    issues,
                );
            }
            _ => {}
        }
    }

    let name = f.required("name", issues, name);
    let gender = f.optional("gender", issues, word);
    let birth_date = f.required("birth_date", issues, |v| date(&v));
    let id_number = f.optional("id_number", issues, |v| text(v, TEXT_MAX));
    let phone = f.optional("phone", issues, |v| text(v, TEXT_MAX));
    let email = f.optional("email", issues, |v| text(v, TEXT_MAX));
    let province = f.required("province", issues, |v| filled_text(v, TEXT_MAX));
    let organization = f.required("organization", issues, |v| filled_text(v, ORGANIZATION_MAX));
    let org_type = f.required("org_type", issues, word);
    let field = f.optional("field", issues, word);
    let education = f.required("education", issues, word);
    let title = f.optional("title", issues, |v| text(v, TEXT_MAX));
    let service_start = f.required("service_start", issues, |v| date(&v));
    let part_time = f.optional("part_time", issues, boolean);
    let attestation = f.required("attestation", issues, boolean);

    // The outer `Option` says whether the part is valid, the inner whether it is given.
    let prior_certificate = match f.take("prior_certificate") {
        None => Some(None),
        Some(value) => read_prior(value, issues).map(Some),
    };
    let fee_paid = f.optional("fee_paid", issues, |v| whole(&v, 0, None));
    let training = match f.take("training") {
        None => Some(Vec::new()),
        Some(value) => read_list(value, "training", issues, |item, _, issues| {
            read_training(item, issues)
        }),
    };
    let mut evidence_ids = HashMap::new();
    let evidence = match f.take("evidence") {
        None => Some(Vec::new()),
        Some(value) => read_list(value, "evidence", issues, |item, index, issues| {
            read_evidence(item, index, &mut evidence_ids, issues)
        }),
    };
    let statement = f.optional("statement", issues, |v| text(v, STATEMENT_MAX));
    let stage = f.optional("stage", issues, word);
    f.finish(issues);

    Some(Application {
        id: id?,
        cycle: cycle?,
        level: level?,
        track: track.unwrap_or_default(),
        exceptional_basis,
        name: name?,
        gender,
        birth_date: birth_date?,
        id_number,
        phone,
        email,
        province: province?,
        organization: organization?,
        org_type: org_type?,
        field,
        education: education?,
        title,
        service_start: service_start?,
        part_time: part_time.unwrap_or_default(),
        attestation: attestation?,
        prior_certificate: prior_certificate?,
        fee_paid,
        training: training?,
        evidence: evidence?,
        statement,
        stage: stage.unwrap_or_default(),
    })
}

fn read_prior(value: Value, issues: &mut Issues) -> Option<PriorCertificate> {
    let Value::Object(map) = value else {
        let reason = format!(
            "expected an object with level and year, got {}",
            shown(&value)
        );
        issues.push(Issue {
            field: "prior_certificate".to_owned(),
            reason,
        });
        return None;
    };
    let mut f = Fields::new(map, "prior_certificate".to_owned());
    let level = f.required("level", issues, word);
    let year = f.required("year", issues, |v| whole(&v, 1900, Some(2100)));
    let number = f.optional("number", issues, |v| text(v, TEXT_MAX));
    f.finish(issues);
    Some(PriorCertificate {
        level: level?,
        year: year?,
        number,
    })
}

/// Reads an array of objects with `read`, which gets each object with its
/// path and index; `None` when anything in it is wrong.
fn read_list<T>(
    value: Value,
    key: &str,
    issues: &mut Issues,
    mut read: impl FnMut(Fields, usize, &mut Issues) -> Option<T>,
) -> Option<Vec<T>> {
    let Value::Array(items) = value else {
        let reason = format!("expected an array of objects, got {}", shown(&value));
        issues.push(Issue {
            field: key.to_owned(),
            reason,
        });
        return None;
    };

    let mut read_all = Some(Vec::with_capacity(items.len()));
    for (index, item) in items.into_iter().enumerate() {
        let path = format!("{key}[{index}]");
        let read_one = match item {
            Value::Object(map) => read(Fields::new(map, path), index, issues),
            other => {
                let reason = format!("expected an object, got {}", shown(&other));
                issues.push(Issue {
                    field: path,
                    reason,
                });
                None
            }
        };
        match (read_one, &mut read_all) {
            (Some(one), Some(all)) => all.push(one),
            _ => read_all = None,
        }
    }
    read_all
}

fn read_training(mut f: Fields, issues: &mut Issues) -> Option<TrainingRecord> {
    let title = f.required("title", issues, |v| filled_text(v, TEXT_MAX));
    let provider = f.required("provider", issues, |v| filled_text(v, TEXT_MAX));
    let date = f.required("date", issues, |v| date(&v));
    let hours = f.required("hours", issues, |v| hours(&v));
    let scope = f.required("scope", issues, word);
    let cast_system = f.required("cast_system", issues, boolean);
    let online = f.optional("online", issues, boolean);
    let certificate = f.required("certificate", issues, boolean);
    f.finish(issues);

    Some(TrainingRecord {
        title: title?,
        provider: provider?,
        date: date?,
        hours: hours?,
        scope: scope?,
        cast_system: cast_system?,
        online,
        certificate: certificate?,
    })
}

/// Reads one evidence item; `seen` maps the ids read so far to their index.
fn read_evidence(
    mut f: Fields,
    index: usize,
    seen: &mut HashMap<String, usize>,
    issues: &mut Issues,
) -> Option<EvidenceItem> {
    let id = f.required("id", issues, fields::id);
    if let Some(id) = &id {
        match seen.entry(id.clone()) {
            Entry::Occupied(first) => {
                let first = first.get();
                let reason = format!(
                    "duplicate evidence id {}, first used at evidence[{first}]",
                    quoted(id)
                );
                f.flag("id", reason, issues);
            }
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
    }
    let kind: Option<EvidenceKind> = f.required("kind", issues, word);
    let title = f.required("title", issues, |v| filled_text(v, TEXT_MAX));
    let date = f.required("date", issues, |v| date(&v));

    // Which fields the kind demands, noted before they are taken out.
    let paper = kind == Some(EvidenceKind::Paper);
    let demanded = [
        (
            "scope",
            f.has("scope"),
            kind.is_some_and(EvidenceKind::needs_scope),
        ),
        (
            "role",
            f.has("role"),
            kind.is_some_and(EvidenceKind::needs_role),
        ),
        ("author_position", f.has("author_position"), paper),
        ("journal_scope", f.has("journal_scope"), paper),
    ];
    let scope = f.optional("scope", issues, word);
    let role = f.optional("role", issues, word);
    let rank = f.optional("rank", issues, word);
    let flag = f.optional("flag", issues, word);
    let author_position = f.optional("author_position", issues, |v| whole(&v, 1, None));
    let journal_scope = f.optional("journal_scope", issues, word);
    let file = f.optional("file", issues, |v| text(v, TEXT_MAX));
    let sha256 = f.optional("sha256", issues, sha256);
    let verified = f.optional("verified", issues, boolean);
    for (key, given, needed) in demanded {
        if needed && !given {
            let kind = kind.map_or("", EvidenceKind::code);
            f.flag(key, format!("required for evidence of kind {kind}"), issues);
        }
    }
    f.finish(issues);

    Some(EvidenceItem {
        id: id?,
        kind: kind?,
        title: title?,
        date: date?,
        scope,
        role,
        rank,
        flag,
        author_position,
        journal_scope,
        file,
        sha256,
        verified,
    })
}
