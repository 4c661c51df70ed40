"""The ONE declared harmonisation of the 2010 and 2020 county census headers.

Every harmonised variable is one row of `VARIABLES`: (measure, sex, category) and the
source header that carries it in 2010 and in 2020, side by side, so the two years'
spellings can be read against each other. A header given as a tuple means "sum these
source columns"; None means "this year's workbook does not have it".

Headers are matched after `normalise_header` (NFKC folds full-width brackets and
punctuation to ASCII, all whitespace including the `\\n` line breaks is removed), so
`'45-49岁（女)'` (a stray half-width bracket in the 2010 source) and `'45-49岁(女)'`
are the same header. A header the mapping expects but a workbook lacks is a
`CensusFormatError` naming the file and the column.

Source columns deliberately not carried: ratios the tidy data can recompute
(性别比, age-group percentages, 第一/二/三产业(%), illiteracy rates), the 2010-only
非农业户口 share, births/deaths, fertility, ethnic share, 城区人口 (2020,
mostly 'NA'), and the housing block. Add a row here to carry one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- measures: what each harmonised measure counts --------------------------------


@dataclass(frozen=True)
class Measure:
    """Metadata of one harmonised measure.

    kind: "count" (people or households; sums over units) or "mean" (averages over
    `weight`'s universe; aggregated as a `weight`-weighted mean).
    universe: who is counted. sample: True for the long-form (about 10%) sample
    tabulations, whose counts are sample counts, not population counts; only shares
    of them are meaningful.
    """

    name: str
    kind: str
    universe: str
    sample: bool
    description: str
    weight: str | None = None
    note: str = ""


MEASURES: dict[str, Measure] = {m.name: m for m in [
    Measure("population", "count", "resident population (常住人口)", False,
            "resident population by sex"),
    Measure("registered_population", "count", "people registered (户籍人口) in the unit", False,
            "population with household registration (户口) in the unit, wherever they live "
            "(2010 only; the 2020 county tables do not give it)"),
    Measure("urban_rural", "count", "resident population", False,
            "urban (城镇) and rural (乡村) resident population"),
    Measure("age", "count", "resident population", False,
            "population by 5-year age group and sex (0-4 = the source's 0 and 1-4)"),
    Measure("education", "count", "population aged 6+", False,
            "highest level of education attended, by sex",
            note="2020 lists 学前教育 (pre-school) separately; it is folded into 'none' "
                 "because 2010 counted those people under 未上过学. Neither year splits "
                 "master's/doctoral degrees at county level: 'bachelor_plus' is 本科及以上."),
    Measure("schooling_years", "mean", "population aged 6+", False,
            "average years of schooling (平均受教育年限)", weight="education"),
    Measure("illiterate", "count", "population aged 15+", False,
            "illiterate population aged 15+ (15岁及以上文盲人口)"),
    Measure("registered_elsewhere", "count", "resident population", False,
            "residents whose household registration (户口) is in another township/street, "
            "by where it is",
            note="2010 headers call this 迁入人口 (in-migrants); 2020 names it 户口登记地在外乡镇"
                 "街道人口. Both count residents registered outside their township by the "
                 "place of registration: same county, another county of the province, "
                 "another province."),
    Measure("households", "count", "family households (家庭户)", False,
            "family households: all, and by number of generations; one_person is a subset "
            "of one_generation"),
    Measure("household_population", "count", "people living in family households", False,
            "people living in family households (家庭户人口)"),
    Measure("household_size", "mean", "family households", False,
            "average family household size (户规模, people per household)", weight="households",
            note="The source's own rounded figure; indicators() recomputes it from "
                 "household_population / households."),
    Measure("employed", "count", "employed population, long-form sample", True,
            "all employed people in the long-form sample (各种职业/行业人口总计)"),
    Measure("occupation", "count", "employed population, long-form sample", True,
            "employed by major occupation group",
            note="2010 uses GB/T 6565-1999, 2020 GB/T 6565-2015: 商业、服务业人员 became "
                 "社会生产服务和生活服务人员 (which also takes in transport workers) and "
                 "生产、运输设备操作人员 became 生产制造及有关人员. The seven groups are matched "
                 "one-to-one; the boundary between 'services' and 'production' moved."),
    Measure("industry", "count", "employed population, long-form sample", True,
            "employed by industry section (GB/T 4754 sections A-T)",
            note="2010 sections follow GB/T 4754-2002, 2020 GB/T 4754-2017; sections are "
                 "matched by content. The 2010 workbook's headers for sections F-H are "
                 "mis-split across lines (see the 2010 column of the table)."),
    Measure("population_16plus", "count", "population aged 16+, long-form sample", True,
            "population aged 16+ in the long-form sample (2010 only): employed + not working"),
    Measure("not_working", "count", "population aged 16+ not working, long-form sample", True,
            "not-working population aged 16+ by reason (2010 only)",
            note="The 2020 county tables have no not-working-by-reason table at all; "
                 "料理家务 (housework) exists in 2010 only."),
    Measure("marital_status", "count", "population aged 15+, long-form sample", True,
            "marital status of the population aged 15+"),
    Measure("population_15plus", "count", "population aged 15+, long-form sample", True,
            "population aged 15+ in the long-form sample (base of marital_status)"),
]}

# Category order of each measure (the order tables and figures use).
AGE_GROUPS = tuple(f"{lo}-{lo + 4}" for lo in range(0, 85, 5)) + ("85+",)
EDUCATION_LEVELS = ("none", "primary", "junior_secondary", "senior_secondary",
                    "junior_college", "bachelor_plus")
OCCUPATIONS = ("managers", "professionals", "clerks", "services", "agriculture",
               "production", "unclassified")
# GB/T 4754 sections A..T, in the 2017 standard's order.
INDUSTRIES = ("agriculture", "mining", "manufacturing", "utilities", "construction",
              "wholesale_retail", "transport_storage", "hospitality", "information",
              "finance", "real_estate", "leasing_business", "research_technical",
              "water_environment", "resident_services", "education", "health_social",
              "culture_sports", "public_administration", "international_organisations")
# Broad sectors (三次产业): primary = A, secondary = B-E, tertiary = F-T.
SECTORS = {"agriculture": "primary", "mining": "secondary", "manufacturing": "secondary",
           "utilities": "secondary", "construction": "secondary"}  # everything else tertiary
NOT_WORKING_REASONS = ("student", "unable_to_work", "never_worked_after_school",
                       "lost_job_employer", "lost_job_own", "land_requisitioned", "retired",
                       "housework", "other")
REGISTRATION_ORIGINS = ("same_county", "other_county_same_province", "other_province")
MARITAL_STATUSES = ("never_married", "married", "divorced", "widowed")
HOUSEHOLD_TYPES = ("all", "one_person", "one_generation", "two_generations",
                   "three_generations", "four_plus_generations")

CATEGORY_ORDER: dict[str, tuple[str, ...]] = {
    "age": AGE_GROUPS, "education": EDUCATION_LEVELS, "occupation": OCCUPATIONS,
    "industry": INDUSTRIES, "not_working": NOT_WORKING_REASONS,
    "registered_elsewhere": REGISTRATION_ORIGINS, "marital_status": MARITAL_STATUSES,
    "households": HOUSEHOLD_TYPES, "urban_rural": ("urban", "rural"),
}

# --- the variables: (measure, sex, category, 2010 header, 2020 header) -----------------

Header = str | tuple[str, ...] | None


@dataclass(frozen=True)
class Variable:
    measure: str
    sex: str  # total | male | female
    category: str  # "all" when the measure has no categories
    header_2010: Header
    header_2020: Header

    def header(self, year: int) -> Header:
        return {2010: self.header_2010, 2020: self.header_2020}[year]


def _age_variables() -> list[Variable]:
    """Age x sex: 2010 spells '20-24岁(男)', 2020 '男_20到24岁'; 0 and 1-4 are summed."""
    rows = []
    for sex, zh in (("male", "男"), ("female", "女")):
        for group in AGE_GROUPS:
            if group == "0-4":
                h10 = (f"0岁({zh})", f"1-4岁({zh})")
                h20 = (f"{zh}_0岁", f"{zh}_1到4岁")
            elif group == "85+":
                h10, h20 = f"85岁及以上({zh})", f"{zh}_85岁以上"
            else:
                lo, hi = group.split("-")
                h10, h20 = f"{lo}-{hi}岁({zh})", f"{zh}_{lo}到{hi}岁"
            rows.append(Variable("age", sex, group, h10, h20))
    return rows


def _by_sex(measure, category, stem_2010, stem_2020, *, sep_2010="-", sep_2020="_"):
    """Male and female rows of a measure whose headers are '<stem>-男' / '<stem>_男'."""
    out = []
    for sex, zh in (("male", "男"), ("female", "女")):
        h10 = None if stem_2010 is None else (
            tuple(f"{s}{sep_2010}{zh}" for s in stem_2010) if isinstance(stem_2010, tuple)
            else f"{stem_2010}{sep_2010}{zh}")
        h20 = None if stem_2020 is None else (
            tuple(f"{s}{sep_2020}{zh}" for s in stem_2020) if isinstance(stem_2020, tuple)
            else f"{stem_2020}{sep_2020}{zh}")
        out.append(Variable(measure, sex, category, h10, h20))
    return out


V = Variable
VARIABLES: tuple[Variable, ...] = tuple([
    # population
    V("population", "total", "all", "合计", "人口数_合计"),
    V("population", "male", "all", "男", "人口数_男"),
    V("population", "female", "all", "女", "人口数_女"),
    V("registered_population", "total", "all", "户籍人口", None),
    V("urban_rural", "total", "urban", "城镇人口", "城镇人口"),
    V("urban_rural", "total", "rural", "乡村人口", "乡村人口"),
    *_age_variables(),
    # education (6+), by sex
    *_by_sex("education", "none", "未上过学", ("未上过学", "学前教育")),
    *_by_sex("education", "primary", "小学", "小学"),
    *_by_sex("education", "junior_secondary", "初中", "初中"),
    *_by_sex("education", "senior_secondary", "高中", "高中"),
    *_by_sex("education", "junior_college", "大学专科", "大学专科"),
    *_by_sex("education", "bachelor_plus", "大学本科及以上", "本科及以上"),
    V("schooling_years", "total", "mean", "平均受教育年限(年)-合计", "平均受教育年限_合计"),
    *_by_sex("schooling_years", "mean", "平均受教育年限(年)", "平均受教育年限"),
    V("illiterate", "total", "all", "15岁及以上文盲人口-合计", "15岁及以上文盲人口"),
    *_by_sex("illiterate", "all", "15岁及以上文盲人口", "15岁及以上文盲人口"),
    # residents registered elsewhere
    V("registered_elsewhere", "total", "same_county",
      "迁入人口(人)-本县(市)/本市市区", "户口登记地在外乡镇街道人口_本县"),
    V("registered_elsewhere", "total", "other_county_same_province",
      "迁入人口(人)-本省其他县(市)、市区", "户口登记地在外乡镇街道人口_本省其他县"),
    V("registered_elsewhere", "total", "other_province",
      "迁入人口(人)-外省", "户口登记地在外乡镇街道人口_省外"),
    # family households
    V("households", "total", "all", "户数", "家庭户数"),
    V("households", "total", "one_person", "一人户", "一人户数"),
    V("households", "total", "one_generation", "一代户", "一代户数"),
    V("households", "total", "two_generations", "二代户", "二代户数"),
    V("households", "total", "three_generations", "三代户", "三代户数"),
    V("households", "total", "four_plus_generations", "四代以上户", "四代以上户数"),
    V("household_population", "total", "all", "人口数", "家庭户人口数"),
    V("household_size", "total", "mean", "户规模(人/户)", "户规模"),
    # employment (long-form sample)
    V("employed", "total", "all", "各种职业人口总计", "各种职业人口总计"),
    V("occupation", "total", "managers",
      "国家机关、党群组织、企业、事业单位负责人", "党的机关国家机关群众团体和社会组织企事业单位负责人"),
    V("occupation", "total", "professionals", "专业技术人员", "专业技术人员"),
    V("occupation", "total", "clerks", "办事人员和有关人员", "办事人员和有关人员"),
    V("occupation", "total", "services", "商业、服务业人员", "社会生产服务和生活服务人员"),
    V("occupation", "total", "agriculture", "农、林、牧、渔、水利业生产人员", "农林牧渔业生产及辅助人员"),
    V("occupation", "total", "production", "生产、运输设备操作人员及有关人员", "生产制造及有关人员"),
    V("occupation", "total", "unclassified", "不便分类的其他从业人员", "不便分类其他的从业人员"),
    V("industry", "total", "agriculture", "农林牧渔业", "农林牧渔业"),
    V("industry", "total", "mining", "采矿业", "采矿业"),
    V("industry", "total", "manufacturing", "制造业", "制造业"),
    V("industry", "total", "utilities", "电力、燃气及水的生产和供应业", "电力热力燃气及水生产和供应业"),
    V("industry", "total", "construction", "建筑业", "建筑业"),
    # 2010: the workbook's three headers for 交通运输、仓储和邮政业 / 信息传输、计算机服务和
    # 软件业 / 批发和零售业 were split at the wrong line breaks. The columns are in the
    # GB/T 4754-2002 order (F transport, G information, H wholesale), and the values agree:
    # the third column is by far the largest of the three in every county, as wholesale
    # and retail is; so each header is matched by its position, not by its words.
    V("industry", "total", "transport_storage", "仓储和邮政业", "交通运输仓储和邮政业"),
    V("industry", "total", "information", "交通运输、计算机服务和软件业", "信息传输软件和信息技术服务业"),
    V("industry", "total", "wholesale_retail", "信息传输、批发和零售业", "批发和零售业"),
    V("industry", "total", "hospitality", "住宿和餐饮业", "住宿和餐饮业"),
    V("industry", "total", "finance", "金融业", "金融业"),
    V("industry", "total", "real_estate", "房地产业", "房地产业"),
    V("industry", "total", "leasing_business", "租赁和商务服务业", "租赁和商务服务业"),
    V("industry", "total", "research_technical", "科学研究、技术服务和地质勘察业", "科学研究和技术服务业"),
    V("industry", "total", "water_environment", "水利、环境和公共设施管理业", "水利环境和公共设施管理业"),
    V("industry", "total", "resident_services", "居民服务和其他服务业", "居民服务修理和其服务业"),
    V("industry", "total", "education", "教育", "教育"),
    V("industry", "total", "health_social", "卫生、社会保障和社会福利业", "卫生和社会工作"),
    V("industry", "total", "culture_sports", "文化、体育和娱乐业", "文化体育和娱乐业"),
    V("industry", "total", "public_administration", "公共管理和社会组织", "公共管理社会保障和社会组织"),
    V("industry", "total", "international_organisations", "国际组织", "国际组织"),
    # not working (2010 only)
    V("population_16plus", "total", "all", "16岁及以上人口", None),
    V("not_working", "total", "student", "在校学生", None),
    V("not_working", "total", "unable_to_work", "丧失工作能力", None),
    V("not_working", "total", "never_worked_after_school", "毕业后未工作", None),
    V("not_working", "total", "lost_job_employer", "因单位原因失去工作", None),
    V("not_working", "total", "lost_job_own", "因本人原因失去工作", None),
    V("not_working", "total", "land_requisitioned", "承包土地被征用", None),
    V("not_working", "total", "retired", "离退休", None),
    V("not_working", "total", "housework", "料理家务", None),
    V("not_working", "total", "other", "其他", None),
    # marital status (15+, long-form sample)
    V("population_15plus", "total", "all", "15岁及以上人口-合计", "十五岁以上人口"),
    *_by_sex("population_15plus", "all", "15岁及以上人口", "十五岁以上人口"),
    V("marital_status", "total", "never_married", "未婚-小计", "未婚"),
    V("marital_status", "total", "married", "有配偶-小计", "有配偶"),
    V("marital_status", "total", "divorced", "离婚-小计", "离婚"),
    V("marital_status", "total", "widowed", "丧偶-小计", "丧偶"),
    *_by_sex("marital_status", "never_married", "未婚", "未婚"),
    *_by_sex("marital_status", "married", "有配偶", "有配偶"),
    *_by_sex("marital_status", "divorced", "离婚", "离婚"),
    *_by_sex("marital_status", "widowed", "丧偶", "丧偶"),
])

# --- identification columns and row structure -------------------------------------------

# Columns naming the row, per year (after normalise_header).
NAME_COLUMN = {2010: "地区", 2020: "区县"}
CODE_COLUMN = {2010: "区划代码", 2020: "区划代码"}

# Code-less subtotal rows (by name): a municipality's 市辖区 / 县 parts, and the
# province-administered county-level units' group, which acts as their prefecture.
SUBTOTAL_NAMES = ("市辖区", "县")
PROVINCE_ADMINISTERED_NAMES = ("省直辖县级行政区划", "自治区直辖县级行政区划")
# 2020's first row is the national total.
NATION_NAMES = ("全国",)

# Municipalities (直辖市): no prefecture level; their units' prefecture is the city itself.
MUNICIPALITIES = ("11", "12", "31", "50")

# Source codes that are wrong and what they must be. A unit whose code's first two
# digits differ from its province's is refused unless listed here.
CODE_CORRECTIONS: dict[int, dict[str, str]] = {
    # 五台山风景名胜区 sits under 忻州市 (1409), 山西省 (14); 17 is no province.
    2020: {"170971": "140971"},
}

# Cells the 2010 workbook glued together: two adjacent figures ended up as one text
# cell ('5      5') and their neighbour blank. Each fix is (code, header, cell as found,
# value): the found text is checked, so a corrected upstream file is noticed rather
# than "fixed" twice. The values are the only ones that make the row add up: the
# categories then sum to the source's own total (and, for 542622, reproduce its
# 第二产业(%) of 1.40).
CELL_CORRECTIONS: dict[int, list[tuple[str, str, object, float]]] = {
    2010: [
        # 工布江达县: 电力、燃气及水 and 建筑业 were glued into one cell.
        ("542622", "电力、燃气及水的生产和供应业", "5 5", 5.0),
        ("542622", "建筑业", None, 5.0),
        # 梁子湖区: 各种职业人口总计 and the managers' column were glued.
        ("420702", "各种职业人口总计", "8842 30", 8842.0),
        ("420702", "国家机关、党群组织、企业、事业单位负责人", None, 30.0),
    ],
}

# Characters the workbooks use in place of the standard one in names.
NAME_FIXES = {"巿": "市"}  # U+5DFF (a different character) for 市 in e.g. '罗定巿'


def normalise_header(header) -> str:
    """The form headers are matched in: NFKC (full-width -> ASCII) without whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(header)))


def normalise_name(name) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)))
    for bad, good in NAME_FIXES.items():
        text = text.replace(bad, good)
    return text


def source_headers(variable: Variable, year: int) -> tuple[str, ...]:
    """The normalised source header(s) behind a variable in a year ('()' if absent)."""
    header = variable.header(year)
    if header is None:
        return ()
    return tuple(normalise_header(h) for h in (header if isinstance(header, tuple) else (header,)))


def variables_for(year: int) -> list[Variable]:
    return [v for v in VARIABLES if v.header(year) is not None]


def signature() -> str:
    """A stable text of the whole mapping, hashed into the cache key."""
    parts = [repr(v) for v in VARIABLES]
    parts += [repr(m) for m in MEASURES.values()]
    parts += [repr(CODE_CORRECTIONS), repr(CELL_CORRECTIONS), repr(NAME_FIXES), repr(SUBTOTAL_NAMES),
              repr(PROVINCE_ADMINISTERED_NAMES), repr(MUNICIPALITIES)]
    return "\n".join(parts)
