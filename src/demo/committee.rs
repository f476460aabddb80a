//! The demo's committees beyond its two scoring experts: five more experts
//! (most from the demo body's province, Zhejiang), three supervisors, two
//! achievement reviews fully scored (one agreed, one flagged for its
//! spread) and written scores, so every screen of the committee's work has
//! something true to show.

use crate::domain::application::Field;
use crate::domain::scoring::{Review, ReviewStage};
use crate::domain::{TitleRank, User, UserRole};
use crate::service::{Result, Service};

struct Member {
    name: &'static str,
    display: &'static str,
    province: &'static str,
    organization: &'static str,
    title: TitleRank,
    fields: &'static [Field],
}

const EXPERTS: [Member; 5] = [
    Member {
        name: "wang.hua",
        display: "王华",
        province: "浙江",
        organization: "浙江省青少年科技教育协会",
        title: TitleRank::Senior,
        fields: &[Field::Education, Field::Physical],
    },
    Member {
        name: "zhou.min",
        display: "周敏",
        province: "浙江",
        organization: "浙江大学",
        title: TitleRank::AssociateSenior,
        fields: &[Field::Life],
    },
    Member {
        name: "xu.tao",
        display: "徐涛",
        province: "浙江",
        organization: "浙江工业大学",
        title: TitleRank::Senior,
        fields: &[Field::Engineering],
    },
    Member {
        name: "he.li",
        display: "何丽",
        province: "浙江",
        organization: "宁波市科技馆",
        title: TitleRank::AssociateSenior,
        fields: &[Field::EarthEnvironment, Field::Education],
    },
    Member {
        name: "ma.jun",
        display: "马骏",
        province: "浙江",
        organization: "温州市教育研究院",
        title: TitleRank::Intermediate,
        fields: &[Field::Physical],
    },
];

const SUPERVISORS: [(&str, &str, &str); 3] = [
    ("sun.yu", "孙宇", "浙江省科学技术协会"),
    ("lin.fang", "林芳", "浙江省教育厅"),
    ("gao.yan", "高岩", "杭州市科学技术协会"),
];

/// Achievement reviews submitted in the demo: the application, then each
/// expert with the points of the three rubric dimensions.
/// One expert's points on the three rubric dimensions.
type Points = (&'static str, [u32; 3]);

const REVIEWS: [(&str, [Points; 3]); 2] = [
    (
        "2024-GD-I-0004",
        [
            ("wang.hua", [18, 26, 41]),
            ("zhou.min", [17, 25, 38]),
            ("xu.tao", [16, 24, 38]),
        ],
    ),
    (
        "2024-YN-I-0001",
        [
            ("he.li", [19, 27, 42]),
            ("xu.tao", [12, 18, 32]),
            ("wang.hua", [15, 22, 33]),
        ],
    ),
];

/// Written exam scores already entered.
const WRITTEN: [(&str, u32); 2] = [("2024-ZJ-I-0001", 82), ("2024-JS-I-0003", 55)];

/// Adds the members, the submitted reviews and the written scores.
pub fn populate(service: &Service, admin: &User) -> Result<()> {
    for m in &EXPERTS {
        let mut user = User::new(m.name, UserRole::Expert);
        user.display = Some(m.display.to_owned());
        user.province = Some(m.province.to_owned());
        user.organization = Some(m.organization.to_owned());
        user.title_rank = Some(m.title);
        user.fields = m.fields.to_vec();
        service.add_user(admin, &user)?;
    }
    for (name, display, organization) in SUPERVISORS {
        let mut user = User::new(name, UserRole::Supervisor);
        user.display = Some(display.to_owned());
        user.province = Some("浙江".to_owned());
        user.organization = Some(organization.to_owned());
        service.add_user(admin, &user)?;
    }
    for (application, panel) in REVIEWS {
        for (expert, points) in panel {
            service.assign(admin, application, expert)?;
            let user = service.user(expert)?;
            let mut review = Review::draft(expert, ReviewStage::Achievement);
            review.scores = points.to_vec();
            review.comment = String::from("材料翔实，成果与申报级别相符。");
            let saved = service.save_review_draft(&user, application, &review, None)?;
            service.submit_review(&user, application, ReviewStage::Achievement, saved.revision)?;
        }
    }
    for (application, score) in WRITTEN {
        service.set_written_score(admin, application, score)?;
    }
    Ok(())
}
