//! The personal statements of generated applications.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::domain::ExceptionalBasis;

use super::Context;
use super::evidence::ACTIVITY_TOPICS;
use super::rng::Rng;

pub(super) fn statement(rng: &mut Rng, context: &Context<'_>, service_start: NaiveDate) -> String {
    let topic = rng.pick(ACTIVITY_TOPICS);
    let mut text = if context.student {
        format!("本人为科学教育专业在读学生，在实习学校组织开展“{topic}”等科学探究活动。")
    } else {
        format!(
            "本人自{}年起从事青少年科技辅导工作，主要负责“{topic}”等科技活动。",
            service_start.year()
        )
    };
    match context.basis {
        Some(ExceptionalBasis::TopTenCounselor) => {
            text.push_str("曾获全国青少年科技创新大赛“十佳优秀科技辅导员”称号，申请按破格条件直接认证为高级科技辅导员。");
        }
        Some(ExceptionalBasis::NormalStudentContest) => {
            text.push_str("曾获全国科学教育专业师范生教学技能创新大赛奖项，申请按破格条件直接认证为初级科技辅导员。");
        }
        Some(ExceptionalBasis::ProvincialRule) => {
            let _ = write!(
                text,
                "本人已列入{}中级科技辅导员破格认证名单。",
                context.place.province.full
            );
        }
        None => {
            if rng.percent(60) {
                let n = rng.between(2, 12);
                let _ = write!(text, "近年来指导学生在各级青少年科技竞赛中获奖{n}项。");
            }
            if rng.percent(40) {
                text.push_str(rng.pick(&[
                    "今后将继续探索科技教育与学科教学的融合。",
                    "参与编写区域科技活动指导手册，承担新教师带教工作。",
                    "积极参与社区科普志愿服务。",
                ]));
            }
        }
    }
    text
}
