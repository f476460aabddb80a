//! The training records of generated applications.

use chrono::Datelike;

use crate::domain::{Hours, Level, Scope, TrainingRecord};

use super::Context;
use super::rng::Rng;

fn hours(rng: &mut Rng, choices: &[u32]) -> Hours {
    let whole = Hours::from_whole(rng.pick(choices));
    if rng.percent(8) {
        whole + Hours::from_hundredths(50)
    } else {
        whole
    }
}

pub(super) fn training_record(rng: &mut Rng, context: &Context<'_>, slot: usize) -> TrainingRecord {
    let place = context.place;
    let p = place.province;
    // Intermediate training counts within three years; keep most in it.
    let date = if rng.percent(90) {
        rng.date_within(3)
    } else {
        rng.date_between_years_back(3, 6)
    };
    let year = date.year();
    let (title, provider, scope, cast_system, online, hours) = match slot {
        0 => (
            format!("{year}年{}青少年科技辅导员能力提升培训班", p.name),
            format!("{}科协", p.full),
            Scope::Provincial,
            true,
            None,
            match context.level {
                Level::Junior => hours(rng, &[12, 15, 16, 18, 20, 24]),
                _ => hours(rng, &[20, 24, 30, 32, 40]),
            },
        ),
        1 => (
            format!("{year}年全国青少年科技辅导员专业能力网络培训"),
            rng.pick(&["中国科协青少年科技中心", "中国青少年科技教育工作者协会"])
                .to_string(),
            Scope::National,
            true,
            Some(true),
            hours(rng, &[8, 10, 12, 16, 20]),
        ),
        _ => {
            let (title, provider, scope) = match rng.below(3) {
                0 => (
                    "中小学科学教育与STEM课程建设高级研修班".to_string(),
                    p.normal_university.to_string(),
                    Scope::Provincial,
                ),
                1 => (
                    format!("{year}年{}科学教师实验技能培训", place.district),
                    format!("{}教师发展中心", place.district_full()),
                    Scope::County,
                ),
                _ => (
                    "人工智能与编程教育师资研修班".to_string(),
                    format!("{}教育厅", p.full).replace("市教育厅", "市教育委员会"),
                    Scope::Provincial,
                ),
            };
            let online = rng.percent(40).then_some(true);
            (
                title,
                provider,
                scope,
                false,
                online,
                hours(rng, &[8, 12, 16, 24, 30, 32]),
            )
        }
    };
    TrainingRecord {
        title,
        provider,
        date,
        hours,
        scope,
        cast_system,
        online,
        certificate: rng.percent(96),
    }
}
