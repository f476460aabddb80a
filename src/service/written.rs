//! Written exam scores (笔试成绩), entered by the secretariat one at a
//! time or imported from a CSV file of `id,score` lines. An import checks
//! every line against the store before anything is written, then writes
//! all of them or none.

use std::collections::BTreeMap;

use crate::domain::scoring::{WrittenRow, check_written_score, parse_written_csv};
use crate::domain::{Stage, User};

use super::{Permission, Result, Service, ServiceError, require};

/// What a written-score import found wrong, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenProblem {
    pub line: usize,
    /// `id` or `score`, or empty when the whole line is wrong.
    pub field: &'static str,
    pub reason: String,
}

impl std::fmt::Display for WrittenProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}: {}", self.line, self.reason)
        } else {
            write!(f, "line {}, {}: {}", self.line, self.field, self.reason)
        }
    }
}

impl Service {
    /// Enters or corrects one applicant's written score.
    pub fn set_written_score(&self, actor: &User, id: &str, score: u32) -> Result<()> {
        require(actor, Permission::EnterWrittenScores)?;
        let score = check_written_score(score).map_err(|problem| ServiceError::Written {
            problems: vec![WrittenProblem {
                line: 1,
                field: "score",
                reason: problem.to_string(),
            }],
        })?;
        let application = self.application(actor, id)?;
        if application.value.stage != Stage::Written {
            return Err(ServiceError::NotAtStage {
                id: id.to_owned(),
                stage: Stage::Written.code(),
            });
        }

        let draft = crate::store::AuditDraft::new(&actor.name, "written.set", id, &[]);
        self.store
            .set_written(&[(id.to_owned(), score)], self.clock.now(), &draft)?;
        Ok(())
    }

    /// Checks a CSV file of written scores against the store: every line
    /// well formed, every id an application at the written stage. Gives the
    /// rows, or every problem found.
    pub fn check_written_csv(
        &self,
        actor: &User,
        bytes: &[u8],
    ) -> Result<std::result::Result<Vec<WrittenRow>, Vec<WrittenProblem>>> {
        require(actor, Permission::EnterWrittenScores)?;
        let rows = match parse_written_csv(bytes) {
            Ok(rows) => rows,
            Err(problems) => {
                return Ok(Err(problems
                    .into_iter()
                    .map(|p| WrittenProblem {
                        line: p.line,
                        field: p.column.map_or("", |c| c.code()),
                        reason: p.reason.to_string(),
                    })
                    .collect()));
            }
        };

        let mut problems = Vec::new();
        for row in &rows {
            let reason = match self.store.application(&row.id)? {
                None => Some(format!("no application {} in the store", row.id)),
                Some(record) if record.value.stage != Stage::Written => Some(format!(
                    "application {} is at {}, not at the written exam",
                    row.id,
                    record.value.stage.code()
                )),
                Some(_) => None,
            };
            if let Some(reason) = reason {
                problems.push(WrittenProblem {
                    line: row.line,
                    field: "id",
                    reason,
                });
            }
        }
        Ok(if problems.is_empty() {
            Ok(rows)
        } else {
            Err(problems)
        })
    }

    /// Imports a CSV file of written scores, all or none, with one audit
    /// entry naming the file. Gives the number of scores written.
    pub fn import_written_csv(&self, actor: &User, bytes: &[u8], source: &str) -> Result<usize> {
        let rows = self
            .check_written_csv(actor, bytes)?
            .map_err(|problems| ServiceError::Written { problems })?;
        let scores: Vec<(String, u32)> = rows.into_iter().map(|r| (r.id, r.score)).collect();
        let target = format!("{} written scores", scores.len());
        let draft = crate::store::AuditDraft::new(&actor.name, "written.import", target, &[])
            .with_note(source);
        self.store.set_written(&scores, self.clock.now(), &draft)?;
        tracing::info!(count = scores.len(), "written scores imported");
        Ok(scores.len())
    }

    /// One applicant's written score, for the secretariat and supervisors.
    pub fn written_score(&self, actor: &User, id: &str) -> Result<Option<u32>> {
        require(actor, Permission::ReadAllReviews)?;
        Ok(self.store.written(id)?.map(|r| r.value.score))
    }

    /// Every written score, for the secretariat and supervisors.
    pub fn written_scores(&self, actor: &User) -> Result<BTreeMap<String, u32>> {
        require(actor, Permission::ReadAllReviews)?;
        Ok(self.store.written_scores()?)
    }
}
