//! Where invented applicants work: provinces, cities and districts, and the
//! names of the schools, venues and other organizations found there.

use crate::domain::OrgType;

use super::rng::Rng;

pub(super) struct Province {
    /// Two-letter code used in application ids.
    pub(super) code: &'static str,
    /// Short name as the interchange format stores it, e.g. `浙江`.
    pub(super) name: &'static str,
    /// Full name, e.g. `浙江省`, `北京市`.
    pub(super) full: &'static str,
    /// The first two digits of identity numbers issued there.
    region: u32,
    weight: u32,
    pub(super) normal_university: &'static str,
    cities: &'static [City],
}

pub(super) struct City {
    pub(super) name: &'static str,
    districts: &'static [&'static str],
}

const fn city(name: &'static str, districts: &'static [&'static str]) -> City {
    City { name, districts }
}

const PROVINCES: &[Province] = &[
    Province {
        code: "ZJ",
        name: "浙江",
        full: "浙江省",
        region: 33,
        weight: 12,
        normal_university: "浙江师范大学",
        cities: &[
            city("杭州", &["西湖区", "拱墅区", "滨江区", "余杭区"]),
            city("宁波", &["鄞州区", "海曙区", "江北区"]),
            city("温州", &["鹿城区", "瓯海区"]),
            city("绍兴", &["越城区", "柯桥区"]),
        ],
    },
    Province {
        code: "JS",
        name: "江苏",
        full: "江苏省",
        region: 32,
        weight: 12,
        normal_university: "南京师范大学",
        cities: &[
            city("南京", &["鼓楼区", "玄武区", "江宁区"]),
            city("苏州", &["姑苏区", "吴中区", "吴江区"]),
            city("无锡", &["梁溪区", "滨湖区"]),
            city("常州", &["天宁区", "武进区"]),
        ],
    },
    Province {
        code: "GD",
        name: "广东",
        full: "广东省",
        region: 44,
        weight: 13,
        normal_university: "华南师范大学",
        cities: &[
            city("广州", &["天河区", "越秀区", "海珠区", "番禺区"]),
            city("深圳", &["南山区", "福田区", "宝安区", "龙岗区"]),
            city("佛山", &["南海区", "顺德区"]),
            city("珠海", &["香洲区", "金湾区"]),
        ],
    },
    Province {
        code: "SD",
        name: "山东",
        full: "山东省",
        region: 37,
        weight: 10,
        normal_university: "山东师范大学",
        cities: &[
            city("济南", &["历下区", "市中区", "槐荫区"]),
            city("青岛", &["市南区", "崂山区", "黄岛区"]),
            city("烟台", &["芝罘区", "莱山区"]),
            city("潍坊", &["奎文区", "潍城区"]),
        ],
    },
    Province {
        code: "SC",
        name: "四川",
        full: "四川省",
        region: 51,
        weight: 8,
        normal_university: "四川师范大学",
        cities: &[
            city("成都", &["武侯区", "青羊区", "锦江区", "成华区"]),
            city("绵阳", &["涪城区", "游仙区"]),
            city("德阳", &["旌阳区"]),
        ],
    },
    Province {
        code: "HA",
        name: "河南",
        full: "河南省",
        region: 41,
        weight: 8,
        normal_university: "河南师范大学",
        cities: &[
            city("郑州", &["金水区", "二七区", "中原区"]),
            city("洛阳", &["西工区", "洛龙区"]),
            city("新乡", &["红旗区", "卫滨区"]),
        ],
    },
    Province {
        code: "HB",
        name: "湖北",
        full: "湖北省",
        region: 42,
        weight: 7,
        normal_university: "华中师范大学",
        cities: &[
            city("武汉", &["洪山区", "武昌区", "江汉区", "江岸区"]),
            city("宜昌", &["西陵区", "伍家岗区"]),
            city("襄阳", &["樊城区", "襄城区"]),
        ],
    },
    Province {
        code: "HN",
        name: "湖南",
        full: "湖南省",
        region: 43,
        weight: 6,
        normal_university: "湖南师范大学",
        cities: &[
            city("长沙", &["岳麓区", "开福区", "天心区", "雨花区"]),
            city("株洲", &["天元区", "芦淞区"]),
            city("湘潭", &["雨湖区", "岳塘区"]),
        ],
    },
    Province {
        code: "BJ",
        name: "北京",
        full: "北京市",
        region: 11,
        weight: 5,
        normal_university: "首都师范大学",
        cities: &[city(
            "北京",
            &["海淀区", "朝阳区", "西城区", "东城区", "丰台区"],
        )],
    },
    Province {
        code: "SH",
        name: "上海",
        full: "上海市",
        region: 31,
        weight: 5,
        normal_university: "上海师范大学",
        cities: &[city(
            "上海",
            &["徐汇区", "浦东新区", "闵行区", "杨浦区", "静安区"],
        )],
    },
    Province {
        code: "FJ",
        name: "福建",
        full: "福建省",
        region: 35,
        weight: 5,
        normal_university: "福建师范大学",
        cities: &[
            city("福州", &["鼓楼区", "台江区", "仓山区"]),
            city("厦门", &["思明区", "湖里区"]),
            city("泉州", &["丰泽区", "鲤城区"]),
        ],
    },
    Province {
        code: "AH",
        name: "安徽",
        full: "安徽省",
        region: 34,
        weight: 5,
        normal_university: "安徽师范大学",
        cities: &[
            city("合肥", &["蜀山区", "包河区", "庐阳区"]),
            city("芜湖", &["镜湖区", "鸠江区"]),
        ],
    },
    Province {
        code: "CQ",
        name: "重庆",
        full: "重庆市",
        region: 50,
        weight: 4,
        normal_university: "重庆师范大学",
        cities: &[city("重庆", &["渝中区", "沙坪坝区", "九龙坡区", "江北区"])],
    },
    Province {
        code: "YN",
        name: "云南",
        full: "云南省",
        region: 53,
        weight: 4,
        normal_university: "云南师范大学",
        cities: &[
            city("昆明", &["五华区", "盘龙区", "官渡区"]),
            city("曲靖", &["麒麟区"]),
            city("玉溪", &["红塔区"]),
        ],
    },
    Province {
        code: "SN",
        name: "陕西",
        full: "陕西省",
        region: 61,
        weight: 4,
        normal_university: "陕西师范大学",
        cities: &[
            city("西安", &["雁塔区", "碑林区", "未央区"]),
            city("宝鸡", &["渭滨区", "金台区"]),
        ],
    },
];

/// Where one applicant works: the province, city and district.
pub(super) struct Place {
    pub(super) province: &'static Province,
    pub(super) city: &'static City,
    city_index: usize,
    pub(super) district: &'static str,
    district_index: usize,
}

impl Place {
    pub(super) fn choose(rng: &mut Rng) -> Place {
        let weights: Vec<(usize, u32)> = PROVINCES
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.weight))
            .collect();
        let province = &PROVINCES[rng.weighted(&weights)];
        let city_index = rng.below(province.cities.len() as u64) as usize;
        let city = &province.cities[city_index];
        let district_index = rng.below(city.districts.len() as u64) as usize;
        Place {
            province,
            city,
            city_index,
            district: city.districts[district_index],
            district_index,
        }
    }

    /// `杭州市`.
    pub(super) fn city_full(&self) -> String {
        format!("{}市", self.city.name)
    }

    /// `杭州市西湖区`.
    pub(super) fn district_full(&self) -> String {
        format!("{}市{}", self.city.name, self.district)
    }

    /// The six-digit administrative code that starts identity numbers
    /// (invented below the province level).
    pub(super) fn region_code(&self) -> String {
        format!(
            "{:02}{:02}{:02}",
            self.province.region,
            self.city_index + 1,
            self.district_index + 2
        )
    }
}

const SCHOOL_NAMES: &[&str] = &[
    "实验", "第一", "第二", "第三", "育才", "城南", "城北", "东湖", "新华", "文昌", "青云", "明德",
    "启明", "博雅", "培英", "行知", "崇文", "阳光", "求是", "春晖",
];
const SCHOOL_KINDS: &[(&str, u32)] = &[
    ("小学", 40),
    ("实验小学", 10),
    ("中心小学", 8),
    ("中学", 20),
    ("初级中学", 10),
    ("高级中学", 6),
    ("外国语学校", 4),
];
const COLLEGES: &[&str] = &[
    "教师教育学院",
    "物理与电子工程学院",
    "生命科学学院",
    "教育科学学院",
    "地理科学学院",
];
const BRANDS: &[&str] = &[
    "启智",
    "星火",
    "智码",
    "蓝鲸",
    "未来",
    "萤火虫",
    "小创客",
    "极客",
];
const STREETS: &[&str] = &[
    "东湖",
    "新城",
    "南苑",
    "西园",
    "北关",
    "长安",
    "人民路",
    "中山路",
];

pub(super) fn organization(rng: &mut Rng, place: &Place, org_type: OrgType) -> String {
    let p = place.province;
    let c = place.city_full();
    let d = place.district_full();
    match org_type {
        OrgType::School => {
            format!(
                "{d}{}{}",
                rng.pick(SCHOOL_NAMES),
                rng.weighted(SCHOOL_KINDS)
            )
        }
        OrgType::NormalStudent => {
            let year = rng.between(2020, 2023);
            format!(
                "{}{}（科学教育专业{year}级）",
                p.normal_university,
                rng.pick(COLLEGES)
            )
        }
        OrgType::University => match rng.below(3) {
            0 => format!("{}理工学院科学技术协会", place.city.name),
            1 => format!("{}大学物理与电子工程学院", place.city.name),
            _ => format!("{}职业技术学院科普教育基地", place.city.name),
        },
        OrgType::ResearchInstitute => match rng.below(3) {
            0 => format!("{}农业科学院科普中心", p.full),
            1 => format!("{c}环境科学研究院"),
            _ => format!("{}地质调查院科普部", p.full),
        },
        OrgType::ScienceVenue => match rng.below(4) {
            0 => format!("{}科技馆", p.full),
            1 => format!("{c}科技馆"),
            2 => format!("{d}青少年科技馆"),
            _ => format!("{}自然博物馆", place.city.name),
        },
        OrgType::YouthCenter => match rng.below(4) {
            0 => format!("{c}青少年宫"),
            1 => format!("{c}青少年活动中心"),
            2 => format!("{d}青少年科技活动中心"),
            _ => format!("{d}少年宫"),
        },
        OrgType::EducationAgency => match rng.below(3) {
            0 => format!("{d}教师发展中心"),
            1 => format!("{c}教育科学研究院"),
            _ => format!("{d}教育局教研室"),
        },
        OrgType::Association => match rng.below(3) {
            0 => format!("{c}科学技术协会"),
            1 => format!("{}青少年科技教育协会", p.full),
            _ => format!("{d}科学技术协会"),
        },
        OrgType::Enterprise => {
            format!("{}{}科技有限公司", place.city.name, rng.pick(BRANDS))
        }
        OrgType::Other => match rng.below(2) {
            0 => format!("{d}{}街道社区科普服务站", rng.pick(STREETS)),
            _ => format!("{d}社区学校"),
        },
    }
}
