//! The strings of the notice screen (公示), in both languages. Terms as in
//! the 2024 notice: 公示, 投诉, 查实, 取消认证, 颁证.

/// What the notice screen says.
#[derive(Debug)]
pub struct NoticeText {
    pub title: &'static str,
    /// No notice has been opened yet.
    pub none: &'static str,
    /// `{first}` to `{last}`, with `{days}` working days.
    pub window: &'static str,
    pub days_left: &'static str,
    pub ended: &'static str,
    pub running: &'static str,
    pub concluded: &'static str,
    pub col_complaints: &'static str,
    pub col_received: &'static str,
    pub col_state: &'static str,
    pub col_content: &'static str,
    /// `{n}` complaints.
    pub complaints: &'static str,
    pub no_complaints: &'static str,
    /// Open, upheld, dismissed.
    pub states: [&'static str; 3],
    pub late: &'static str,
    /// Marks in the applications' complaints column.
    pub mark_open: &'static str,
    pub mark_upheld: &'static str,
    pub mark_dismissed: &'static str,
    pub prompt_complaint: &'static str,
    pub prompt_upheld: &'static str,
    pub prompt_dismissed: &'static str,
    pub no_open_complaint: &'static str,
    pub confirm_conclude: &'static str,
    pub conclude_note: &'static str,
    pub button_conclude: &'static str,
    pub done_complaint: &'static str,
    pub done_complaint_late: &'static str,
    pub done_upheld: &'static str,
    pub done_dismissed: &'static str,
    pub done_concluded: &'static str,
    pub hint_notice: &'static str,
    pub hint_complain: &'static str,
    pub hint_resolve: &'static str,
    pub hint_conclude: &'static str,
    pub help_notice: &'static str,
    pub help_complain: &'static str,
    pub help_uphold: &'static str,
    pub help_dismiss: &'static str,
    pub help_conclude: &'static str,
    pub help_back: &'static str,
    /// A user who may read the notice but not run it; one who may not read it.
    pub refused_run: &'static str,
    pub refused_read: &'static str,
    /// On the notice, certified, cancelled: the stages an applicant on it reaches.
    pub stages: [&'static str; 3],
}

pub const ZH: NoticeText = NoticeText {
    title: "公示",
    none: "尚未开启公示：秘书处用 docket notice open 日期 开启",
    window: "公示期 {first} 至 {last}（{days} 个工作日）",
    days_left: "还剩 {n} 个工作日",
    ended: "已结束",
    running: "进行中",
    concluded: "已办结",
    col_complaints: "投诉",
    col_received: "收到",
    col_state: "状态",
    col_content: "内容",
    complaints: "投诉 {n} 件",
    no_complaints: "（无投诉）",
    states: ["待处理", "查实", "不成立"],
    late: "逾期",
    mark_open: "待处理{n}",
    mark_upheld: "查实{n}",
    mark_dismissed: "已处理",
    prompt_complaint: "投诉（{id}，{date}）：",
    prompt_upheld: "查实投诉 {n}，取消 {id}：",
    prompt_dismissed: "投诉 {n} 不成立，结论：",
    no_open_complaint: "{id} 没有待处理的投诉",
    confirm_conclude: "结束公示，为 {count} 名无投诉的申请人颁证？",
    conclude_note: "有待处理投诉的申请人留在公示阶段",
    button_conclude: "结束并颁证",
    done_complaint: "已记录投诉 {n}（{id}）",
    done_complaint_late: "已记录投诉 {n}（{id}），逾期收到",
    done_upheld: "投诉 {n} 查实：{id} 已取消认证",
    done_dismissed: "投诉 {n} 不成立",
    done_concluded: "公示已结束：颁证 {certified} 人，待处理投诉 {held} 人",
    hint_notice: "公示",
    hint_complain: "投诉",
    hint_resolve: "查实/不成立",
    hint_conclude: "结束",
    help_notice: "公示期、倒计时与投诉",
    help_complain: "记录对所选申请人的投诉（收到日期为今天）",
    help_uphold: "所选申请人最早的待处理投诉查实：取消其认证",
    help_dismiss: "所选申请人最早的待处理投诉不成立",
    help_conclude: "公示期满后结束公示并颁证",
    help_back: "返回",
    refused_run: "{role}角色只能查看公示，不能记录或处理投诉",
    refused_read: "{role}角色不能查看公示和投诉",
    stages: ["公示中", "已颁证", "已取消"],
};

pub const EN: NoticeText = NoticeText {
    title: "Public notice",
    none: "No notice opened yet: the secretariat opens one with docket notice open DATE",
    window: "{first} to {last} ({days} working days)",
    days_left: "{n} working days left",
    ended: "ended",
    running: "running",
    concluded: "concluded",
    col_complaints: "Complaints",
    col_received: "Received",
    col_state: "State",
    col_content: "Content",
    complaints: "{n} complaint(s)",
    no_complaints: "(no complaints)",
    states: ["open", "upheld", "dismissed"],
    late: "late",
    mark_open: "{n} open",
    mark_upheld: "{n} upheld",
    mark_dismissed: "resolved",
    prompt_complaint: "Complaint {id} {date}: ",
    prompt_upheld: "Uphold {n}, cancel {id}: ",
    prompt_dismissed: "Dismiss {n}, finding: ",
    no_open_complaint: "{id} has no open complaint",
    confirm_conclude: "Conclude the notice and certify {count} applicant(s)?",
    conclude_note: "Applicants with open complaints stay on the notice",
    button_conclude: "Conclude",
    done_complaint: "Complaint {n} about {id} recorded",
    done_complaint_late: "Complaint {n} about {id} recorded, late",
    done_upheld: "Complaint {n} upheld: {id} is cancelled",
    done_dismissed: "Complaint {n} dismissed",
    done_concluded: "Notice concluded: {certified} certified, {held} held by open complaints",
    hint_notice: "notice",
    hint_complain: "complaint",
    hint_resolve: "uphold/dismiss",
    hint_conclude: "conclude",
    help_notice: "Public notice, countdown, complaints",
    help_complain: "Record a complaint about the selected applicant (received today)",
    help_uphold: "Uphold the selected applicant's oldest open complaint: cancel it",
    help_dismiss: "Dismiss the selected applicant's oldest open complaint",
    help_conclude: "Conclude the notice once it is over and certify",
    help_back: "Back",
    refused_run: "the {role} role reads the notice but may not record or resolve complaints",
    refused_read: "the {role} role may not see the notice or its complaints",
    stages: ["Notice", "Certified", "Cancelled"],
};

#[cfg(test)]
mod tests {
    use super::{EN, NoticeText, ZH};

    /// The `{name}`s a template fills, sorted.
    fn names(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    fn templates(t: &NoticeText) -> [&'static str; 15] {
        [
            t.window,
            t.days_left,
            t.complaints,
            t.mark_open,
            t.mark_upheld,
            t.prompt_complaint,
            t.prompt_upheld,
            t.prompt_dismissed,
            t.no_open_complaint,
            t.confirm_conclude,
            t.done_complaint,
            t.done_complaint_late,
            t.done_upheld,
            t.done_concluded,
            t.refused_run,
        ]
    }

    #[test]
    fn both_languages_fill_the_same_names() {
        for (zh, en) in templates(&ZH).into_iter().zip(templates(&EN)) {
            assert_eq!(names(zh), names(en), "{zh} / {en}");
            assert!(!names(zh).is_empty(), "{zh}");
        }
        assert_eq!(names(ZH.refused_read), names(EN.refused_read));
        assert_eq!(names(ZH.done_dismissed), names(EN.done_dismissed));
    }
}
