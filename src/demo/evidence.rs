//! The evidence items of generated applications: which kinds each level
//! gets, and their titles, scopes, ranks, files and review state.

use std::fmt::Write as _;

use chrono::Datelike;

use crate::domain::{
    EvidenceItem, EvidenceKind, ExceptionalBasis, Flag, Level, Rank, Role, Scope, Stage,
};

use super::places::Place;
use super::rng::Rng;
use super::{Context, EVIDENCE_PER_APPLICATION, REFERENCE};

const OTHER_KINDS: &[(EvidenceKind, u32)] = &[
    (EvidenceKind::StudentAward, 20),
    (EvidenceKind::StudentActivity, 18),
    (EvidenceKind::ProfessionalAward, 8),
    (EvidenceKind::Honor, 8),
    (EvidenceKind::Research, 6),
    (EvidenceKind::Curriculum, 8),
    (EvidenceKind::Paper, 6),
    (EvidenceKind::TrainingCertificate, 14),
    (EvidenceKind::RegionalLeadership, 4),
    (EvidenceKind::Other, 8),
];

/// The kinds of the eight items: the first ones aim at the level's
/// achievement conditions, the rest are drawn at random.
pub(super) fn evidence_plan(rng: &mut Rng, context: &Context<'_>) -> Vec<EvidenceKind> {
    use EvidenceKind as K;
    let mut kinds = match (context.level, context.basis) {
        (Level::Junior, Some(ExceptionalBasis::NormalStudentContest)) => {
            vec![K::ProfessionalAward, K::StudentActivity]
        }
        (Level::Senior, Some(ExceptionalBasis::TopTenCounselor)) => {
            vec![K::Honor, K::StudentAward, K::Research]
        }
        (Level::Junior, _) => vec![
            rng.pick(&[K::StudentActivity, K::StudentAward]),
            rng.pick(&[K::Curriculum, K::Research]),
        ],
        (Level::Intermediate | Level::Senior, _) => vec![
            K::StudentAward,
            rng.pick(&[K::ProfessionalAward, K::Honor]),
            rng.pick(&[K::Paper, K::Research, K::Curriculum]),
        ],
        (Level::Specialist, _) => {
            vec![
                K::StudentAward,
                K::Curriculum,
                K::ProfessionalAward,
                K::TrainingCertificate,
            ]
        }
    };
    while kinds.len() < EVIDENCE_PER_APPLICATION {
        kinds.push(rng.weighted(OTHER_KINDS));
    }
    kinds
}

/// The window of the level's achievement conditions, in years.
fn window_years(level: Level) -> u32 {
    match level {
        Level::Junior => 3,
        Level::Intermediate | Level::Specialist => 5,
        Level::Senior => 10,
    }
}

fn scope_for(rng: &mut Rng, level: Level) -> Scope {
    use Scope as S;
    let table: &[(Scope, u32)] = match level {
        Level::Junior => &[
            (S::School, 35),
            (S::County, 30),
            (S::Municipal, 25),
            (S::Provincial, 10),
        ],
        Level::Intermediate | Level::Specialist => &[
            (S::School, 5),
            (S::County, 10),
            (S::Municipal, 30),
            (S::Provincial, 45),
            (S::National, 10),
        ],
        Level::Senior => &[
            (S::Municipal, 10),
            (S::Provincial, 40),
            (S::National, 45),
            (S::International, 5),
        ],
    };
    rng.weighted(table)
}

fn rank_for(rng: &mut Rng) -> Rank {
    rng.weighted(&[
        (Rank::First, 25),
        (Rank::Second, 30),
        (Rank::Third, 30),
        (Rank::Excellence, 10),
        (Rank::Other, 5),
    ])
}

fn rank_words(rank: Rank) -> &'static str {
    match rank {
        Rank::First => "一等奖",
        Rank::Second => "二等奖",
        Rank::Third => "三等奖",
        Rank::Excellence => "优秀奖",
        Rank::Other => "鼓励奖",
    }
}

/// The name of the area a scope stands for: `全国`, `浙江省`, `杭州市`, ...
fn area(place: &Place, scope: Scope) -> String {
    match scope {
        Scope::International => "国际".to_string(),
        Scope::National => "全国".to_string(),
        Scope::Provincial => place.province.full.to_string(),
        Scope::Municipal => place.city_full(),
        Scope::County => place.district_full(),
        Scope::School => "校级".to_string(),
    }
}

pub(super) const ACTIVITY_TOPICS: &[&str] = &[
    "校园气象观测",
    "植物生长观察",
    "水火箭制作",
    "桥梁承重探究",
    "垃圾分类调查",
    "天文观测",
    "创意编程",
    "河流水质监测",
    "昆虫多样性调查",
    "无人机航拍",
    "鸟类观察",
    "传统工艺中的科学",
];
const RESEARCH_TOPICS: &[&str] = &[
    "基于项目式学习的小学科学探究活动研究",
    "馆校结合科学教育实践研究",
    "青少年科技创新后备人才培养模式研究",
    "中小学人工智能教育课程开发研究",
    "科技辅导员专业发展路径研究",
    "校外科技活动评价体系研究",
    "跨学科STEM教育实施策略研究",
];
const COURSES: &[&str] = &[
    "身边的科学小实验",
    "青少年人工智能启蒙",
    "家乡的河流",
    "走进天文",
    "创客工坊",
    "植物的一生",
    "图形化编程与计算思维",
    "简单机械与结构",
];
/// Paper titles with a national journal that fits each.
const PAPERS: &[(&str, &str)] = &[
    ("小学科学课堂中工程设计活动的实践探索", "中国科技教育"),
    ("青少年科技创新大赛选题指导的策略与反思", "中国科技教育"),
    ("校外科技活动中的探究式学习设计", "人民教育"),
    ("科技辅导员如何指导学生开展小课题研究", "基础教育课程"),
    ("项目式学习在初中物理拓展课中的应用", "物理教学"),
    ("中小学编程教育中的计算思维培养", "中小学信息技术教育"),
    ("校园生态调查活动中的生物学核心素养培养", "生物学教学"),
    ("乡土地理野外考察活动的设计与实施", "地理教学"),
];
const PROVINCIAL_JOURNALS: &[&str] = &["教学月刊", "中小学实验与装备", "科学教育"];

pub(super) fn evidence_item(
    rng: &mut Rng,
    context: &Context<'_>,
    slot: usize,
    kind: EvidenceKind,
) -> EvidenceItem {
    let place = context.place;
    let level = context.level;
    let number = slot + 1;
    let mut item = EvidenceItem {
        id: format!("E{number}"),
        kind,
        title: String::new(),
        date: if rng.percent(85) {
            rng.date_within(window_years(level))
        } else {
            rng.date_between_years_back(window_years(level), window_years(level) + 4)
        },
        scope: None,
        role: None,
        rank: None,
        flag: None,
        author_position: None,
        journal_scope: None,
        file: None,
        sha256: None,
        verified: None,
    };
    if kind.needs_scope() || (kind == EvidenceKind::StudentActivity && rng.percent(60)) {
        item.scope = Some(scope_for(rng, level));
    }
    let (title, label) = match kind {
        EvidenceKind::StudentAward => {
            let role = if rng.percent(65) {
                Role::FirstAdvisor
            } else {
                Role::Advisor
            };
            let rank = rank_for(rng);
            let scope = item.scope.unwrap_or(Scope::Municipal);
            let competition = match scope {
                Scope::International => "国际科学与工程大奖赛".to_string(),
                Scope::National => rng
                    .pick(&[
                        "全国青少年科技创新大赛",
                        "全国青少年科学影像节",
                        "全国青少年航空航天模型锦标赛",
                    ])
                    .to_string(),
                Scope::School => "校园科技节科学小论文评比".to_string(),
                _ => format!(
                    "{}{}",
                    area(place, scope),
                    rng.pick(&[
                        "青少年科技创新大赛",
                        "青少年机器人竞赛",
                        "中小学电脑制作活动"
                    ])
                ),
            };
            let lead = if role == Role::FirstAdvisor {
                "作为第一指导教师指导学生获"
            } else {
                "指导学生获"
            };
            item.role = Some(role);
            item.rank = Some(rank);
            (
                format!("{lead}{competition}{}", rank_words(rank)),
                "获奖证书",
            )
        }
        EvidenceKind::StudentActivity => {
            item.role = Some(if rng.percent(70) {
                Role::FirstAdvisor
            } else {
                Role::Advisor
            });
            (
                format!("组织指导学生开展“{}”科技活动", rng.pick(ACTIVITY_TOPICS)),
                "活动方案及照片",
            )
        }
        EvidenceKind::ProfessionalAward
            if context.basis == Some(ExceptionalBasis::NormalStudentContest) && slot == 0 =>
        {
            // Won as a student: 2018 or later, not after starting work.
            let start = context.service_start.year();
            let year = if context.student {
                rng.between(2021, 2024)
            } else {
                rng.between((start - 2).max(2018) as u32, start.clamp(2018, 2024) as u32)
            } as i32;
            let rank = rng.pick(&[
                Rank::First,
                Rank::Second,
                Rank::Second,
                Rank::Third,
                Rank::Third,
            ]);
            item.date = rng.date_in_year(year).min(REFERENCE);
            item.scope = Some(Scope::National);
            item.rank = Some(rank);
            item.flag = Some(Flag::NormalStudentContest);
            (
                format!(
                    "{year}年全国科学教育专业师范生教学技能创新大赛{}",
                    rank_words(rank)
                ),
                "获奖证书",
            )
        }
        EvidenceKind::ProfessionalAward => {
            let rank = rank_for(rng);
            item.rank = Some(rank);
            let event = rng.pick(&[
                "科技教育活动方案评比",
                "自制教具评选",
                "科技辅导员创新成果竞赛",
                "优秀科技教育论文评选",
            ]);
            let scope = item.scope.unwrap_or(Scope::Provincial);
            (
                format!("{}{event}{}", area(place, scope), rank_words(rank)),
                "获奖证书",
            )
        }
        EvidenceKind::Honor
            if context.basis == Some(ExceptionalBasis::TopTenCounselor) && slot == 0 =>
        {
            // Earned after some years of counseling.
            let first = (context.service_start.year() + 3).clamp(2006, 2024) as u32;
            let year = rng.between(first, 2024) as i32;
            item.date = rng.date_in_year(year).min(REFERENCE);
            item.scope = Some(Scope::National);
            item.flag = Some(Flag::TopTenCounselor);
            (
                format!("{year}年全国青少年科技创新大赛“十佳优秀科技辅导员”"),
                "荣誉证书",
            )
        }
        EvidenceKind::Honor => {
            let scope = item.scope.unwrap_or(Scope::Municipal);
            let title = match scope {
                Scope::School => "校级优秀科技辅导员".to_string(),
                Scope::County => format!("{}优秀科技教师", place.district_full()),
                other => format!("{}优秀科技辅导员", area(place, other)),
            };
            (title, "荣誉证书")
        }
        EvidenceKind::Research => {
            let role = rng.weighted(&[(Role::Leader, 25), (Role::Core, 35), (Role::Member, 40)]);
            item.role = Some(role);
            let scope = item.scope.unwrap_or(Scope::Municipal);
            let programme = match scope {
                Scope::International | Scope::National => "全国教育科学规划课题".to_string(),
                Scope::Provincial => format!("{}教育科学规划课题", place.province.full),
                Scope::Municipal => format!("{}教育科学规划课题", place.city_full()),
                Scope::County => format!("{}教研课题", place.district),
                Scope::School => "校级课题".to_string(),
            };
            let part = match role {
                Role::Leader => "主持",
                Role::Core => "核心成员",
                _ => "参与",
            };
            (
                format!(
                    "{programme}《{}》（{part}，已结题）",
                    rng.pick(RESEARCH_TOPICS)
                ),
                "课题结题证书",
            )
        }
        EvidenceKind::Curriculum => {
            let scope = item.scope.unwrap_or(Scope::School);
            let kind_of_course = match scope {
                Scope::International | Scope::National => "国家级精品",
                Scope::Provincial => "省级精品",
                Scope::Municipal => "市级精品",
                Scope::County => "区级",
                Scope::School => "校本",
            };
            (
                format!("参与开发{kind_of_course}课程《{}》", rng.pick(COURSES)),
                "课程开发证明",
            )
        }
        EvidenceKind::Paper => {
            let position = rng.weighted(&[(1, 50), (2, 25), (3, 15), (4, 10)]);
            let journal_scope = match level {
                Level::Senior => rng.weighted(&[
                    (Scope::Provincial, 35),
                    (Scope::National, 60),
                    (Scope::International, 5),
                ]),
                _ => rng.weighted(&[
                    (Scope::Municipal, 15),
                    (Scope::Provincial, 60),
                    (Scope::National, 25),
                ]),
            };
            let (paper, national_journal) = rng.pick(PAPERS);
            let journal = match journal_scope {
                Scope::International => "International Journal of Science Education".to_string(),
                Scope::National => national_journal.to_string(),
                Scope::Provincial => {
                    if rng.percent(50) {
                        format!("{}教育", place.province.name)
                    } else {
                        rng.pick(PROVINCIAL_JOURNALS).to_string()
                    }
                }
                _ => format!("{}教育研究", place.city.name),
            };
            item.author_position = Some(position);
            item.journal_scope = Some(journal_scope);
            (
                format!("《{paper}》，发表于《{journal}》"),
                "论文首页及目录",
            )
        }
        EvidenceKind::TrainingCertificate => (
            format!(
                "{}年{}青少年科技辅导员能力提升培训合格证书",
                item.date.year(),
                place.province.name
            ),
            "培训合格证书",
        ),
        EvidenceKind::RegionalLeadership => {
            let title = match rng.below(3) {
                0 => format!("承担{}科技辅导员培训主讲任务", place.district_full()),
                1 => format!("担任{}科技辅导员工作室主持人", place.city_full()),
                _ => format!("策划组织{}青少年科技节", place.district_full()),
            };
            (title, "任务证明")
        }
        EvidenceKind::Other => {
            let title = rng.pick(&[
                "校园科技节活动策划与总结",
                "科普志愿服务证明",
                "科技社团活动记录",
                "指导学生科学小论文汇编",
            ]);
            (title.to_string(), "其他证明材料")
        }
    };
    item.title = title;
    if rng.percent(92) {
        let ext = rng.weighted(&[("pdf", 70), ("jpg", 25), ("png", 5)]);
        item.file = Some(format!("E{number}-{label}.{ext}"));
        if rng.percent(30) {
            item.sha256 = Some((0..4).fold(String::new(), |mut hex, _| {
                let _ = write!(hex, "{:016x}", rng.next_u64());
                hex
            }));
        }
    }
    item.verified = match context.stage {
        Stage::Eligibility => match rng.below(100) {
            0..=69 => None,
            70..=96 => Some(true),
            _ => Some(false),
        },
        Stage::Rejected | Stage::Withdrawn => match rng.below(100) {
            0..=49 => None,
            50..=94 => Some(true),
            _ => Some(false),
        },
        _ => Some(true),
    };
    item
}
