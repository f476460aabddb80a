//! Test applications: [`eligible`] builds one that meets every rule of its
//! level on 2024-12-31 with verified evidence, and the builder methods
//! change one thing at a time.

use chrono::NaiveDate;

use crate::domain::application::{
    Application, Education, EvidenceItem, EvidenceKind, Flag, Hours, OrgType, PriorCertificate,
    Rank, Role, Scope, TrainingRecord,
};
use crate::domain::cycle::Cycle;
use crate::domain::stage::{ExceptionalBasis, Level, Stage, Track};

use super::{Criterion, CriterionResult, Evaluation, Status, evaluate};

pub fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn cycle() -> Cycle {
    Cycle::default_2024()
}

/// An evidence item with only what every kind needs; verified.
pub fn item(id: &str, kind: EvidenceKind, date: &str) -> EvidenceItem {
    EvidenceItem {
        id: id.to_owned(),
        kind,
        title: format!("{kind:?} {id}"),
        date: d(date),
        scope: None,
        role: None,
        rank: None,
        flag: None,
        author_position: None,
        journal_scope: None,
        file: None,
        sha256: None,
        verified: Some(true),
    }
}

/// Chained setters on an evidence item.
pub trait ItemExt: Sized {
    fn scope(self, scope: Scope) -> Self;
    fn role(self, role: Role) -> Self;
    fn rank(self, rank: Rank) -> Self;
    fn no_rank(self) -> Self;
    fn flag(self, flag: Flag) -> Self;
    fn paper(self, author_position: u32, journal: Scope) -> Self;
    fn verified(self, verified: Option<bool>) -> Self;
}

impl ItemExt for EvidenceItem {
    fn scope(mut self, scope: Scope) -> Self {
        self.scope = Some(scope);
        self
    }
    fn role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }
    fn rank(mut self, rank: Rank) -> Self {
        self.rank = Some(rank);
        self
    }
    fn no_rank(mut self) -> Self {
        self.rank = None;
        self
    }
    fn flag(mut self, flag: Flag) -> Self {
        self.flag = Some(flag);
        self
    }
    fn paper(mut self, author_position: u32, journal: Scope) -> Self {
        self.author_position = Some(author_position);
        self.journal_scope = Some(journal);
        self
    }
    fn verified(mut self, verified: Option<bool>) -> Self {
        self.verified = verified;
        self
    }
}

/// A certified training record; `hundredths` of an hour.
pub fn training(hundredths: u32, date: &str, scope: Scope, cast: bool) -> TrainingRecord {
    TrainingRecord {
        title: "科技辅导员培训".to_owned(),
        provider: "省科协".to_owned(),
        date: d(date),
        hours: Hours::from_hundredths(hundredths),
        scope,
        cast_system: cast,
        online: None,
        certificate: true,
    }
}

pub struct Builder(Application);

/// An application that meets every rule of its level.
pub fn eligible(level: Level) -> Builder {
    use EvidenceKind as K;
    let (service_start, training, evidence, prior) = match level {
        Level::Junior | Level::Specialist => (
            "2020-09-01",
            vec![
                training(2000, "2023-07-14", Scope::Provincial, true),
                training(1600, "2022-11-26", Scope::County, false),
            ],
            vec![
                item("E1", K::StudentActivity, "2023-05-20")
                    .scope(Scope::School)
                    .role(Role::FirstAdvisor),
            ],
            None,
        ),
        Level::Intermediate => (
            "2012-09-01",
            vec![
                training(2400, "2023-08-18", Scope::Provincial, true),
                training(1600, "2024-03-30", Scope::National, true),
                training(3200, "2022-10-22", Scope::Provincial, false),
            ],
            vec![
                item("E1", K::StudentAward, "2023-04-16")
                    .scope(Scope::Provincial)
                    .role(Role::FirstAdvisor)
                    .rank(Rank::First),
            ],
            None,
        ),
        Level::Senior => (
            "2000-09-01",
            Vec::new(),
            vec![
                item("E1", K::StudentAward, "2023-08-20")
                    .scope(Scope::National)
                    .role(Role::FirstAdvisor)
                    .rank(Rank::Third),
                item("E2", K::Honor, "2020-12-18").scope(Scope::Provincial),
            ],
            Some(PriorCertificate {
                level: Level::Intermediate,
                year: 2018,
                number: None,
            }),
        ),
    };
    Builder(Application {
        id: format!("2024-ZJ-{}-0001", level.letter()),
        cycle: 2024,
        level,
        track: Track::Regular,
        exceptional_basis: None,
        name: "王芳".to_owned(),
        gender: None,
        birth_date: d("1980-05-05"),
        id_number: None,
        phone: None,
        email: None,
        province: "浙江".to_owned(),
        organization: "杭州市青少年科技中心".to_owned(),
        org_type: OrgType::YouthCenter,
        field: None,
        education: Education::Bachelor,
        title: None,
        service_start: d(service_start),
        part_time: false,
        attestation: true,
        prior_certificate: prior,
        fee_paid: None,
        training,
        evidence,
        statement: None,
        stage: Stage::Eligibility,
    })
}

impl Builder {
    pub fn id(mut self, id: &str) -> Self {
        self.0.id = id.to_owned();
        self
    }
    pub fn education(mut self, education: Education) -> Self {
        self.0.education = education;
        self
    }
    pub fn born(mut self, date: &str) -> Self {
        self.0.birth_date = d(date);
        self
    }
    pub fn service_start(mut self, date: &str) -> Self {
        self.0.service_start = d(date);
        self
    }
    pub fn part_time(mut self) -> Self {
        self.0.part_time = true;
        self
    }
    pub fn attestation(mut self, attested: bool) -> Self {
        self.0.attestation = attested;
        self
    }
    pub fn prior(mut self, level: Level, year: i32) -> Self {
        self.0.prior_certificate = Some(PriorCertificate {
            level,
            year,
            number: None,
        });
        self
    }
    pub fn no_prior(mut self) -> Self {
        self.0.prior_certificate = None;
        self
    }
    /// Replaces the training records.
    pub fn training(mut self, records: Vec<TrainingRecord>) -> Self {
        self.0.training = records;
        self
    }
    /// Replaces the evidence items.
    pub fn evidence(mut self, items: Vec<EvidenceItem>) -> Self {
        self.0.evidence = items;
        self
    }
    pub fn exceptional(mut self, basis: Option<ExceptionalBasis>) -> Self {
        self.0.track = Track::Exceptional;
        self.0.exceptional_basis = basis;
        self
    }
    pub fn build(self) -> Application {
        self.0
    }
    pub fn evaluate(self) -> Evaluation {
        evaluate(&self.0, &cycle())
    }
    pub fn evaluate_with(self, cycle: &Cycle) -> Evaluation {
        evaluate(&self.0, cycle)
    }
}

/// Setting the certificate flag of a training record.
pub fn uncertified(mut record: TrainingRecord) -> TrainingRecord {
    record.certificate = false;
    record
}

pub fn result(evaluation: &Evaluation, code: Criterion) -> &CriterionResult {
    evaluation
        .criterion(code)
        .unwrap_or_else(|| panic!("no {code:?} in {evaluation:#?}"))
}

pub fn status(evaluation: &Evaluation, code: Criterion) -> Status {
    result(evaluation, code).status
}

/// The codes of an evaluation, in order.
pub fn codes(evaluation: &Evaluation) -> Vec<Criterion> {
    evaluation.criteria.iter().map(|c| c.code).collect()
}
