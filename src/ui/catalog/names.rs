//! Lookups of a catalog's enumerations by the values they name.

use super::Catalog;
use crate::domain::rules::Criterion;
use crate::domain::{
    Category, Education, EvidenceKind, ExceptionalBasis, Field, Gender, Level, OrgType, Rank, Role,
    Scope, Stage, Track, UserRole, Verdict,
};

impl Catalog {
    pub fn tab(&self, tab: usize) -> &'static str {
        self.tabs.get(tab).copied().unwrap_or("")
    }

    pub fn stage(&self, stage: Stage) -> &'static str {
        self.stages[stage as usize]
    }

    /// A stage in a list's cell: a stage under way by its tab's short
    /// name, an end state by its own.
    pub fn stage_short(&self, stage: Stage) -> &'static str {
        if stage.is_end() {
            self.stage(stage)
        } else {
            self.tab(stage as usize)
        }
    }

    pub fn level(&self, level: Level) -> &'static str {
        self.levels[level as usize]
    }

    pub fn level_short(&self, level: Level) -> &'static str {
        self.levels_short[level as usize]
    }

    pub fn track(&self, track: Track) -> &'static str {
        self.tracks[track as usize]
    }

    pub fn track_short(&self, track: Track) -> &'static str {
        self.tracks_short[track as usize]
    }

    pub fn basis(&self, basis: ExceptionalBasis) -> &'static str {
        self.bases[basis as usize]
    }

    pub fn gender(&self, gender: Gender) -> &'static str {
        self.genders[gender as usize]
    }

    pub fn org_type(&self, org_type: OrgType) -> &'static str {
        self.org_types[org_type as usize]
    }

    pub fn subject(&self, field: Field) -> &'static str {
        self.fields[field as usize]
    }

    pub fn education_name(&self, education: Education) -> &'static str {
        self.educations[education as usize]
    }

    pub fn scope(&self, scope: Scope) -> &'static str {
        self.scopes[scope as usize]
    }

    pub fn role(&self, role: Role) -> &'static str {
        self.roles[role as usize]
    }

    pub fn rank(&self, rank: Rank) -> &'static str {
        self.ranks[rank as usize]
    }

    pub fn kind(&self, kind: EvidenceKind) -> &'static str {
        self.kinds[kind as usize]
    }

    pub fn category(&self, category: Category) -> &'static str {
        self.categories[category as usize]
    }

    pub fn user_role(&self, role: UserRole) -> &'static str {
        self.user_roles[role as usize]
    }

    pub fn check_status(&self, status: crate::domain::committee::CheckStatus) -> &'static str {
        use crate::domain::committee::CheckStatus;
        match status {
            CheckStatus::Pass => self.check_statuses[0],
            CheckStatus::Warn => self.check_statuses[1],
            CheckStatus::Fail => self.check_statuses[2],
        }
    }

    pub fn verdict_name(&self, verdict: Verdict) -> &'static str {
        match verdict {
            Verdict::Eligible => self.verdicts[0],
            Verdict::NeedsReview => self.verdicts[1],
            Verdict::Ineligible => self.verdicts[2],
        }
    }

    pub fn yes_no(&self, value: bool) -> &'static str {
        if value { self.yes } else { self.no }
    }

    pub fn verdict_short(&self, verdict: Verdict) -> &'static str {
        self.verdicts_short[verdict as usize]
    }

    pub fn criterion(&self, criterion: Criterion) -> &'static str {
        self.criteria[criterion as usize]
    }

    pub fn criterion_initial(&self, criterion: Criterion) -> &'static str {
        self.criteria_initials[criterion as usize]
    }
}
