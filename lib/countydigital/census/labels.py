"""Chinese and English labels of census categories, scopes and definitions (zh, en)."""
from __future__ import annotations

CATEGORY_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "education": {
        "none": ("未上过学", "No schooling"),
        "primary": ("小学", "Primary"),
        "junior_secondary": ("初中", "Junior secondary"),
        "senior_secondary": ("高中/中专", "Senior secondary"),
        "junior_college": ("大学专科", "Junior college"),
        "bachelor_plus": ("本科及以上", "Bachelor's+"),
    },
    "sector": {
        "primary": ("第一产业", "Primary"),
        "secondary": ("第二产业", "Secondary"),
        "tertiary": ("第三产业", "Tertiary"),
    },
    "occupation": {
        "managers": ("负责人", "Managers"),
        "professionals": ("专业技术人员", "Professionals"),
        "clerks": ("办事人员", "Clerks"),
        "services": ("商业服务业人员", "Service workers"),
        "agriculture": ("农林牧渔业人员", "Farm workers"),
        "production": ("生产运输人员", "Production workers"),
        "unclassified": ("其他", "Other"),
    },
    "industry": {
        "agriculture": ("农林牧渔业", "Agriculture"),
        "mining": ("采矿业", "Mining"),
        "manufacturing": ("制造业", "Manufacturing"),
        "utilities": ("电力燃气水", "Utilities"),
        "construction": ("建筑业", "Construction"),
        "wholesale_retail": ("批发零售", "Wholesale & retail"),
        "transport_storage": ("交通运输仓储邮政", "Transport & storage"),
        "hospitality": ("住宿餐饮", "Hotels & catering"),
        "information": ("信息技术服务", "Information services"),
        "finance": ("金融业", "Finance"),
        "real_estate": ("房地产业", "Real estate"),
        "leasing_business": ("租赁商务服务", "Business services"),
        "research_technical": ("科研技术服务", "Research & technical"),
        "water_environment": ("水利环境公共设施", "Water & environment"),
        "resident_services": ("居民服务", "Household services"),
        "education": ("教育", "Education"),
        "health_social": ("卫生社会工作", "Health & social work"),
        "culture_sports": ("文化体育娱乐", "Culture & sports"),
        "public_administration": ("公共管理", "Public administration"),
        "international_organisations": ("国际组织", "International organisations"),
    },
    "unit_type": {
        "district": ("市辖区", "district"),
        "county": ("县", "county"),
        "county_city": ("县级市", "county-level city"),
        "other": ("其他（开发区等）", "other (development zones etc.)"),
    },
    "sex": {"male": ("男", "Male"), "female": ("女", "Female"), "total": ("合计", "Total")},
    "scope": {"county": ("本县", "County"), "province": ("本省", "Province"), "nation": ("全国", "China")},
    "definition": {
        "county_and_county_city": ("县 + 县级市", "counties + county-level cities"),
        "all_but_districts": ("除市辖区外全部", "everything except districts"),
    },
    "quantity": {
        "land": ("面积", "Land area"),
        "population": ("常住人口", "Resident population"),
        "rural_population": ("乡村人口", "Rural population"),
        "registered_population": ("户籍人口", "Registered population"),
        "gdp": ("GDP", "GDP"),
    },
}

# English names of the provinces, by the first two digits of their code.
PROVINCE_EN = {
    "11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Inner Mongolia",
    "21": "Liaoning", "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu",
    "33": "Zhejiang", "34": "Anhui", "35": "Fujian", "36": "Jiangxi", "37": "Shandong",
    "41": "Henan", "42": "Hubei", "43": "Hunan", "44": "Guangdong", "45": "Guangxi",
    "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou", "53": "Yunnan",
    "54": "Tibet", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
    "65": "Xinjiang",
}


def province_name(county, lang: str = "zh") -> str:
    """The county's province in `lang` (English names have no Chinese characters, so
    English figures render without a CJK font)."""
    return county.province if lang == "zh" else PROVINCE_EN.get(county.province_code[:2], county.province_code)


def place_name(county, lang: str = "zh") -> str:
    """The county's name in `lang`: Chinese, or its pinyin (its code when it has none)."""
    return county.name if lang == "zh" else (county.pinyin or county.code)


def category_label(kind: str, key, lang: str = "zh") -> str:
    """The label of `key` in group `kind` (education, sector, occupation, ...); the key itself if none."""
    pair = CATEGORY_LABELS.get(kind, {}).get(str(key))
    if pair is None:
        return str(key)
    return pair[0] if lang == "zh" else pair[1]
