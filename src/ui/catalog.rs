//! Every string the screens show, one catalog per language.
//!
//! A catalog is a struct with one named field per string and one `const`
//! instance per language ([`zh::ZH`], [`en::EN`]), so a string missing from
//! a language is a compile error, not a blank on screen. Enumerations are
//! arrays in declaration order, so their length is checked too.

mod en;
mod names;
mod notice;
mod zh;

pub use notice::NoticeText;

pub use crate::lang::Lang;

impl Lang {
    pub fn catalog(self) -> &'static Catalog {
        match self {
            Lang::Zh => &zh::ZH,
            Lang::En => &en::EN,
        }
    }
}

/// The strings of one language.
#[derive(Debug)]
pub struct Catalog {
    pub too_small: &'static str,

    // Enumerations, in the order the domain declares them.
    /// Queue tabs: the six stages, then the end states together.
    pub tabs: [&'static str; 7],
    pub stages: [&'static str; 10],
    pub levels: [&'static str; 4],
    pub levels_short: [&'static str; 4],
    pub tracks: [&'static str; 2],
    pub tracks_short: [&'static str; 2],
    pub bases: [&'static str; 3],
    pub genders: [&'static str; 2],
    pub org_types: [&'static str; 10],
    pub fields: [&'static str; 5],
    pub educations: [&'static str; 6],
    pub scopes: [&'static str; 6],
    pub roles: [&'static str; 5],
    pub ranks: [&'static str; 5],
    pub kinds: [&'static str; 10],
    pub categories: [&'static str; 6],
    pub user_roles: [&'static str; 3],
    /// The rules' verdict on eligibility: eligible, needs review, ineligible.
    pub verdicts: [&'static str; 3],
    pub yes: &'static str,
    pub no: &'static str,
    pub none: &'static str,
    /// Between a label and its value in running text.
    pub colon: &'static str,
    /// Between items of a list in running text.
    pub comma: &'static str,

    // Labels of the applicant's facts.
    pub id: &'static str,
    pub name: &'static str,
    pub gender: &'static str,
    pub birth_date: &'static str,
    pub id_number: &'static str,
    pub province: &'static str,
    pub organization: &'static str,
    pub org_type: &'static str,
    pub field: &'static str,
    pub education: &'static str,
    pub title: &'static str,
    pub service: &'static str,
    /// The same, short enough for the detail pane.
    pub service_short: &'static str,
    /// Around a date: "2021-09-01 起", "since 2021-09-01".
    pub since: (&'static str, &'static str),
    pub part_time: &'static str,
    pub attestation: &'static str,
    pub declared: &'static str,
    pub not_declared: &'static str,
    pub level: &'static str,
    pub track: &'static str,
    pub basis: &'static str,
    pub prior_certificate: &'static str,
    pub fee: &'static str,
    pub fee_unpaid: &'static str,
    pub training: &'static str,
    pub training_hours: &'static str,
    pub certified_hours: &'static str,
    pub cast_hours: &'static str,
    pub evidence: &'static str,
    pub statement: &'static str,
    pub stage: &'static str,
    pub verdict: &'static str,
    pub file: &'static str,
    pub author: &'static str,
    pub journal: &'static str,
    pub unit_years: &'static str,
    pub unit_hours: &'static str,
    pub unit_yuan: &'static str,
    pub unit_items: &'static str,

    // Verification marks, spelled out in the legend.
    pub verified: &'static str,
    pub rejected: &'static str,
    pub unverified: &'static str,

    // Queue columns.
    pub col_id: &'static str,
    pub col_name: &'static str,
    pub col_level: &'static str,
    pub col_track: &'static str,
    pub col_province: &'static str,
    pub col_org: &'static str,
    pub col_fee: &'static str,
    pub col_evidence: &'static str,
    pub col_outcome: &'static str,

    // Training table columns.
    pub col_date: &'static str,
    pub col_hours: &'static str,
    pub col_scope: &'static str,
    pub col_cast: &'static str,
    pub col_certificate: &'static str,
    pub col_online: &'static str,
    pub col_title: &'static str,

    pub empty_queue: &'static str,
    pub no_matches: &'static str,
    pub empty_category: &'static str,
    pub loading: &'static str,

    // Panes of the application screen.
    pub pane_applicant: &'static str,
    pub pane_evidence: &'static str,
    pub pane_switch: &'static str,

    // Footer hints: a word or two each.
    pub hint_move: &'static str,
    pub hint_open: &'static str,
    pub hint_tab: &'static str,
    pub hint_filter: &'static str,
    pub hint_command: &'static str,
    pub hint_help: &'static str,
    pub hint_quit: &'static str,
    pub hint_back: &'static str,
    pub hint_pane: &'static str,
    pub hint_scroll: &'static str,
    pub hint_match: &'static str,
    pub hint_accept: &'static str,
    pub hint_cancel: &'static str,
    pub hint_close: &'static str,

    // Help texts of the keymap rows.
    pub help_move_down: &'static str,
    pub help_move_up: &'static str,
    pub help_page_down: &'static str,
    pub help_page_up: &'static str,
    pub help_move_top: &'static str,
    pub help_move_bottom: &'static str,
    pub help_scroll_down: &'static str,
    pub help_scroll_up: &'static str,
    pub help_scroll_page_down: &'static str,
    pub help_scroll_page_up: &'static str,
    pub help_scroll_top: &'static str,
    pub help_scroll_bottom: &'static str,
    pub help_select_tab: &'static str,
    pub help_next_tab: &'static str,
    pub help_previous_tab: &'static str,
    pub help_next_pane: &'static str,
    pub help_previous_pane: &'static str,
    pub help_open: &'static str,
    pub help_back_queue: &'static str,
    pub help_back_application: &'static str,
    pub help_help: &'static str,
    pub help_close_help: &'static str,
    pub help_redraw: &'static str,
    pub help_quit: &'static str,
    pub help_filter: &'static str,
    pub help_next_match: &'static str,
    pub help_previous_match: &'static str,
    pub help_command: &'static str,
    pub help_accept: &'static str,
    pub help_cancel: &'static str,
    pub help_edit: &'static str,

    // The help overlay.
    pub help_title: &'static str,
    pub help_log: &'static str,
    pub help_commands: &'static str,
    pub help_filter_fields: &'static str,
    pub help_query_syntax: &'static str,
    pub help_marks: &'static str,

    // Messages.
    pub filter_kept: &'static str,
    pub export_busy: &'static str,
    /// `{n}` rows written.
    pub export_running: &'static str,
    pub usage_import: &'static str,
    pub import_busy: &'static str,
    /// `{n}` of `{total}` written.
    pub import_running: &'static str,
    /// `{n}` imported from `{file}`.
    pub import_done: &'static str,
    /// `{count}` problems, the `{first}` of them.
    pub import_refused: &'static str,
    pub import_failed: &'static str,
    /// `{count}` applications to `{name}` (a file).
    pub confirm_export: &'static str,
    pub export_note: &'static str,
    pub button_export: &'static str,
    /// `{count}`, `{file}`.
    pub done_export: &'static str,
    pub usage_export: &'static str,
    pub compare_title: &'static str,
    pub compare_usage: &'static str,
    /// `{achievement}` aggregate and `{written}` score.
    pub compare_scores: &'static str,
    pub help_undo: &'static str,
    pub help_mark_range: &'static str,
    pub undo_nothing: &'static str,
    /// `{count}`: marks after the undo.
    pub undo_marks: &'static str,
    /// `{count}`: applications moved back.
    pub undo_moves: &'static str,
    pub range_started: &'static str,
    pub help_complete: &'static str,
    pub help_history: &'static str,
    /// Tab found several ways on: `{choices}`.
    pub completion_choices: &'static str,
    /// The statistics screen.
    pub stats_title: &'static str,
    pub stats_total_note: &'static str,
    pub stats_by_stage: &'static str,
    /// `{n}`: rejected applications whose stage was not recorded.
    pub stats_unplaced: &'static str,
    pub stats_by_level: &'static str,
    pub stats_by_province: &'static str,
    pub stats_more_provinces: &'static str,
    pub stats_scores: &'static str,
    pub stats_spreads: &'static str,
    pub stats_tendencies: &'static str,
    pub stats_now: &'static str,
    pub stats_total: &'static str,
    pub stats_passed: &'static str,
    pub stats_failed: &'static str,
    pub stats_rate: &'static str,
    pub stats_reviews: &'static str,
    pub stats_mean: &'static str,
    pub stats_deviation: &'static str,
    pub stats_no_reviews: &'static str,
    pub col_expert: &'static str,
    /// A search error: where (`{at}`, from 1), then what.
    pub query_at: &'static str,
    pub query_expected_term: &'static str,
    pub query_unclosed_paren: &'static str,
    pub query_unexpected_close: &'static str,
    pub query_unclosed_quote: &'static str,
    pub query_expected_value: &'static str,
    pub query_unknown_field: &'static str,
    pub query_bad_value: &'static str,
    pub query_bad_number: &'static str,
    pub query_bad_criterion: &'static str,
    pub query_sort_nested: &'static str,
    pub query_too_deep: &'static str,
    pub query_empty_text: &'static str,
    pub not_found: &'static str,
    pub unknown_command: &'static str,
    pub usage_goto: &'static str,
    pub usage_lang: &'static str,
    pub usage_theme: &'static str,
    pub theme_set: &'static str,
    pub error: &'static str,
    pub dismiss: &'static str,

    // Eligibility triage: the verdict and criteria columns, the legend.
    /// Verdicts in a word, for the queue: eligible, needs review, ineligible.
    pub verdicts_short: [&'static str; 3],
    pub col_verdict: &'static str,
    /// The criteria in the order of [`Criterion`], as the screens name them.
    pub criteria: [&'static str; 7],
    /// One initial per criterion, over the queue's mark column.
    pub criteria_initials: [&'static str; 7],
    pub criteria_heading: &'static str,
    /// An achievement condition: `{number}`.
    pub condition: &'static str,
    pub condition_met: &'static str,
    pub condition_unmet: &'static str,
    /// The criterion marks: `+` pass, `x` fail, `?` review, `-` waived.
    pub legend_criteria: &'static str,
    /// Before the initials and names of the criteria in the help.
    pub legend_initials: &'static str,
    /// Marks an item the selected criterion relied on.
    pub legend_linked: &'static str,
    pub reason: &'static str,
    pub col_reason: &'static str,

    // The reason prompts and the confirmation dialog.
    pub prompt_override: &'static str,
    pub prompt_reject: &'static str,
    /// `{evidence}`: the item's id.
    pub prompt_reject_evidence: &'static str,
    /// `{id}`, `{name}`.
    pub confirm_reject: &'static str,
    pub button_cancel: &'static str,
    pub button_reject: &'static str,

    // Footer hints of the triage.
    pub hint_approve: &'static str,
    pub hint_override: &'static str,
    pub hint_reject: &'static str,
    pub hint_verdict: &'static str,
    pub hint_select: &'static str,
    pub hint_verify: &'static str,
    pub hint_reject_evidence: &'static str,
    pub hint_clear: &'static str,
    pub hint_choose: &'static str,
    pub hint_press: &'static str,
    pub hint_confirm: &'static str,

    // Help texts of the triage.
    pub help_approve: &'static str,
    pub help_override: &'static str,
    pub help_reject: &'static str,
    pub help_verdict_filter: &'static str,
    pub help_criterion_down: &'static str,
    pub help_criterion_up: &'static str,
    pub help_evidence_down: &'static str,
    pub help_evidence_up: &'static str,
    pub help_evidence_page_down: &'static str,
    pub help_evidence_page_up: &'static str,
    pub help_evidence_top: &'static str,
    pub help_evidence_bottom: &'static str,
    pub help_verify: &'static str,
    pub help_reject_evidence: &'static str,
    pub help_clear_evidence: &'static str,
    pub help_choose: &'static str,
    pub help_press: &'static str,
    pub help_confirm: &'static str,
    pub help_dismiss_dialog: &'static str,
    pub help_decisions: &'static str,

    // Messages of the triage: `{id}`, `{stage}`, `{evidence}`, `{verdict}`,
    // `{who}`, `{revision}`, `{role}`, `{max}` where they appear.
    pub done_approve: &'static str,
    pub done_override: &'static str,
    pub done_reject: &'static str,
    pub done_verify: &'static str,
    pub done_reject_evidence: &'static str,
    pub done_clear: &'static str,
    pub cancelled: &'static str,
    pub queue_done: &'static str,
    pub no_evidence_items: &'static str,
    pub usage_verdict: &'static str,
    pub refused_stale: &'static str,
    pub refused_forbidden: &'static str,
    pub refused_reason_required: &'static str,
    pub refused_reason_too_long: &'static str,
    pub refused_wrong_stage: &'static str,
    pub refused_not_eligible: &'static str,
    pub refused_nothing_to_override: &'static str,
    pub refused_no_evidence: &'static str,
    pub hint_score: &'static str,
    pub help_score: &'static str,
    pub hint_field: &'static str,
    pub help_next_field: &'static str,
    pub help_previous_field: &'static str,
    pub hint_save_draft: &'static str,
    pub help_save_draft: &'static str,
    pub hint_submit: &'static str,
    pub help_submit: &'static str,
    pub hint_leave_form: &'static str,
    pub help_leave_form: &'static str,
    pub help_form_edit: &'static str,
    pub score_title: &'static str,
    pub score_total: &'static str,
    pub score_pass_line: &'static str,
    pub score_comment: &'static str,
    pub score_comment_required: &'static str,
    pub score_over_max: &'static str,
    pub score_empty: &'static str,
    pub score_not_whole: &'static str,
    pub score_unsaved: &'static str,
    pub score_saved: &'static str,
    pub score_new: &'static str,
    pub score_submitted: &'static str,
    pub score_read_only: &'static str,
    pub score_not_scored: &'static str,
    pub score_invalid: &'static str,
    pub score_stale: &'static str,
    pub score_submitted_message: &'static str,
    pub confirm_submit: &'static str,
    pub button_submit: &'static str,

    // Stage moves, written scores and marks.
    pub score_title_defense: &'static str,
    pub hint_advance: &'static str,
    pub help_advance: &'static str,
    pub help_reject_stage: &'static str,
    pub hint_send_back: &'static str,
    pub help_send_back: &'static str,
    pub hint_written: &'static str,
    pub help_written: &'static str,
    pub hint_mark: &'static str,
    pub help_mark: &'static str,
    pub prompt_send_back: &'static str,
    /// `{id}`.
    pub prompt_written: &'static str,
    /// `{count}`.
    pub confirm_advance_marked: &'static str,
    pub button_advance: &'static str,
    pub done_advance: &'static str,
    pub done_send_back: &'static str,
    pub done_written: &'static str,
    /// `{moved}`, `{held}`; the first refusal follows.
    pub done_bulk: &'static str,
    pub marks_count: &'static str,
    pub marks_cleared: &'static str,
    /// `{id}`, `{guard}` (one of the guard texts).
    pub refused_guard: &'static str,
    pub refused_not_written: &'static str,
    pub refused_written_score: &'static str,
    pub guard_not_confirmed: &'static str,
    /// `{stage}`, `{assigned}`, `{required}`.
    pub guard_too_few_experts: &'static str,
    pub guard_reviews_missing: &'static str,
    pub guard_below_pass_line: &'static str,
    pub guard_written_missing: &'static str,
    pub guard_written_below: &'static str,
    pub guard_notice_not_started: &'static str,
    pub guard_notice_running: &'static str,
    pub guard_complaints_open: &'static str,
    pub guard_complaints_upheld: &'static str,
    pub guard_no_forward_move: &'static str,
    /// The scores column of the review tabs; `{total}` in `progress_done`.
    pub col_scores: &'static str,
    pub progress_none: &'static str,
    pub progress_draft: &'static str,
    pub progress_done: &'static str,

    // The ranking screen.
    pub col_rank_place: &'static str,
    pub col_stage: &'static str,
    pub col_composite: &'static str,
    pub col_achievement: &'static str,
    pub col_written: &'static str,
    pub col_defense: &'static str,
    pub col_passed: &'static str,
    pub ranking_title: &'static str,
    pub ranking_weights: &'static str,
    pub ranking_empty: &'static str,
    pub help_ranking: &'static str,

    // The sessions screen.
    pub sessions_title: &'static str,
    pub sessions_count: &'static str,
    pub col_display: &'static str,
    pub col_role: &'static str,
    pub col_via: &'static str,
    pub col_address: &'static str,
    pub col_since: &'static str,
    pub via_ssh: &'static str,
    pub via_terminal: &'static str,
    /// The notice screen.
    pub notice_text: NoticeText,
    pub help_open_ranked: &'static str,

    // The scores block of the application screen.
    pub scores_heading: &'static str,
    pub scores_none: &'static str,
    pub scores_submitted: &'static str,
    pub scores_hidden: &'static str,
    pub scores_mean: &'static str,
    pub scores_trimmed_mean: &'static str,
    pub scores_flagged: &'static str,
    pub scores_written: &'static str,

    // The committee screen and assignment commands.
    pub check_size: &'static str,
    pub check_in_province: &'static str,
    pub check_titles: &'static str,
    pub check_fields: &'static str,
    pub check_supervisors: &'static str,
    pub check_between: &'static str,
    pub check_at_least: &'static str,
    pub check_line: &'static str,
    pub check_no_home_province: &'static str,
    pub check_missing: &'static str,
    pub committee_title: &'static str,
    pub home_province: &'static str,
    pub col_user: &'static str,
    pub col_committee: &'static str,
    pub col_rank: &'static str,
    pub col_load: &'static str,
    /// Mean total given, count, deviation from the other experts.
    pub col_tendency: &'static str,
    pub col_fields: &'static str,
    pub committee_expert: &'static str,
    pub committee_supervision: &'static str,
    pub committee_empty: &'static str,
    pub refused_field: &'static str,
    pub done_member: &'static str,
    pub done_member_added: &'static str,
    pub prompt_province: &'static str,
    pub prompt_organization: &'static str,
    pub prompt_fields: &'static str,
    pub prompt_new_expert: &'static str,
    pub hint_committee: &'static str,
    pub help_committee: &'static str,
    pub hint_title: &'static str,
    pub help_rank: &'static str,
    pub hint_edit: &'static str,
    pub help_province: &'static str,
    pub help_organization: &'static str,
    pub help_fields: &'static str,
    pub hint_add_expert: &'static str,
    pub help_add_expert: &'static str,
    pub help_back_committee: &'static str,
    pub usage_assign: &'static str,
    pub usage_conflict: &'static str,
    pub done_conflict: &'static str,
    pub done_conflict_self: &'static str,
    pub done_assign: &'static str,
    pub done_unassign: &'static str,
    pub done_auto: &'static str,
    pub done_auto_short: &'static str,
    pub refused_not_review_tab: &'static str,
    /// Checklist statuses: pass, warn, fail.
    pub check_statuses: [&'static str; 3],
    /// Title ranks, in the order of `TitleRank::ALL`.
    pub title_ranks: [&'static str; 5],

    // The audit log screen and backups.
    pub audit_title: &'static str,
    pub audit_all: &'static str,
    pub audit_filter_note: &'static str,
    pub audit_more: &'static str,
    pub audit_empty: &'static str,
    pub col_time: &'static str,
    pub col_seq: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_target: &'static str,
    pub col_note: &'static str,
    pub audit_chain_checking: &'static str,
    pub audit_chain_ok: &'static str,
    pub audit_chain_broken: &'static str,
    pub audit_chain_failed: &'static str,
    pub prompt_audit_filter: &'static str,
    pub audit_filter_bad: &'static str,
    pub audit_filter_field: &'static str,
    pub audit_filter_date: &'static str,
    pub audit_filter_empty: &'static str,
    pub hint_audit: &'static str,
    pub help_audit: &'static str,
    pub hint_audit_filter: &'static str,
    pub help_audit_filter: &'static str,
    pub help_back_audit: &'static str,
    pub usage_backup: &'static str,
    pub usage_save: &'static str,
    pub certificate_number: &'static str,
    pub certificate_revoked: &'static str,
    pub usage_forget: &'static str,
    /// `{name}`, `{tab}`, `{count}`.
    pub search_saved: &'static str,
    /// `{name}`, `{tab}`, `{count}`.
    pub search_replaced: &'static str,
    /// `{name}`.
    pub search_forgotten: &'static str,
    /// `{max}`.
    pub search_bad_name: &'static str,
    /// `{max}`.
    pub search_full: &'static str,
    /// `{name}`.
    pub search_unknown: &'static str,
    /// `{name}`, `{error}`: a saved search that no longer parses.
    pub search_broken: &'static str,
    pub backup_running: &'static str,
    pub backup_done: &'static str,
    pub backup_failed: &'static str,
    pub backup_busy: &'static str,
}

/// A catalog template with each `{name}` replaced by its value; names
/// without a value stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        if let Some((value, close)) = value {
            out.push_str(value);
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
