"""Sentences, banners and column labels of the employment-value notebook (zh / en).

Every number a reader sees in prose comes from here, computed; a figure the project's
one rule withholds (`survey.disclosure.is_withheld`) is replaced by a statement that it is
withheld.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...census.labels import category_label
from ...plotting import label
from ...survey.codebook import option_label
from ...survey.disclosure import is_withheld
from ...survey.estimators import Estimate
from ..scope import Scope
from ..synthetic import recognition_note
from .analysis import DOORSTEP_MINUTES, INCOME_YEAR, MONTHS_PER_YEAR, PayComparison


def county_name(code: str, lang: str = "zh") -> str:
    """The instrument's label of a study county; any other county by its census name."""
    return option_label("county", code, lang)


def scope_label(scope: Scope, lang: str = "zh") -> str:
    """Who is described: '巨鹿县、张北县（合并）' / 'Julu County'."""
    names = [county_name(c, lang) for c in scope.codes]
    if scope.pooled and len(names) > 1:
        return label("、".join(names) + "（合并）", " and ".join(names) + " (pooled)", lang)
    return names[0] if names else ""


def banner(scope: Scope, lang: str = "zh") -> str:
    """The first thing on the page: which data, and loudly when it is synthetic."""
    data = scope.data
    lines = []
    if data.synthetic:
        lines.append(label(
            f"> ⚠️ **合成数据 · SYNTHETIC DATA** — 本页所有问卷数字来自合成样本（{data.n}名虚构受访者，"
            f"{data.format}），不是真实员工。合成样本按报告公布的数字校准，所以它与报告一致**不是证据**。"
            "用真实问卷重跑：把问卷星导出文件的路径填入参数 `survey`。",
            f"> ⚠️ **SYNTHETIC DATA** — every survey figure on this page comes from a synthetic sample "
            f"({data.n} invented respondents, {data.format}), not from real employees. It was calibrated to "
            "the report's published figures, so agreeing with the report is **not evidence**. To rerun on a "
            "real survey, set the parameter `survey` to the path of a 问卷星 export.", lang))
        lines.append(recognition_note(data, lang))
    else:
        name = data.source_path.name if data.source_path else ""
        lines.append(label(
            f"问卷文件 `{name}`：{data.format}；{data.n}名受访者；"
            f"导入时删除了{data.dropped_personal_columns}列个人信息（未显示）。",
            f"Survey file `{name}`: {data.format}; {data.n} respondents; {data.dropped_personal_columns} "
            "column(s) of personal data dropped at import (not shown).", lang))
    lines.append(label(f"本页描述：**{scope_label(scope, lang)}**，{scope.staff.n}名受访者。",
                       f"This page describes **{scope_label(scope, lang)}**, {scope.staff.n} respondents.", lang))
    if scope.fallback:
        lines.append(label(
            "问卷中没有该县的受访者：下面的问卷数字是两个调研县合并的结果，人口普查部分才是该县自己的。",
            "The survey has no respondents in this county: the survey figures below are those of the two "
            "study counties pooled; only the census section is about this county.", lang))
    return "\n\n".join(line for line in lines if line)


def columns(lang: str = "zh") -> dict[str, str]:
    """Display names of the long tables' columns."""
    if lang == "zh":
        return {"label": "类别", "n": "人数", "denominator": "回答人数", "share": "占比（%）",
                "lo": "95%CI下限", "hi": "95%CI上限", "mean": "平均值", "median": "中位数"}
    return {"label": "group", "n": "n", "denominator": "answered", "share": "share (%)",
            "lo": "95% CI low", "hi": "95% CI high", "mean": "mean", "median": "median"}


def pct(est: Estimate, min_cell: int, lang: str = "zh") -> str:
    """'97.4%（95%置信区间 96.2–98.2%，n=1000）' or a withheld notice."""
    if is_withheld(est, min_cell):
        return label(f"（少于{min_cell}人，不显示）", f"(fewer than {min_cell} respondents: withheld)", lang)
    return label(f"{100 * est.value:.1f}%（95%置信区间 {100 * est.lo:.1f}–{100 * est.hi:.1f}%，n={est.n}）",
                 f"{100 * est.value:.1f}% (95% CI {100 * est.lo:.1f}–{100 * est.hi:.1f}%, n={est.n})", lang)


def amount(est: Estimate, min_cell: int, lang: str = "zh", unit_zh: str = "元", unit_en: str = " yuan") -> str:
    if is_withheld(est, min_cell, share=False):
        return label(f"（少于{min_cell}人，不显示）", f"(fewer than {min_cell} respondents: withheld)", lang)
    return label(f"{est.value:,.0f}{unit_zh}（95%置信区间 {est.lo:,.0f}–{est.hi:,.0f}{unit_zh}）",
                 f"{est.value:,.0f}{unit_en} (95% CI {est.lo:,.0f}–{est.hi:,.0f}{unit_en})", lang)


def who_sentence(h: dict, min_cell: int, lang: str = "zh") -> str:
    return label(
        f"女性占{pct(h['women'], min_cell, lang)}；"
        f"首次就业或歇业再就业者占{pct(h['first_job_or_reentry'], min_cell, lang)}"
        "（报告：近四分之三为女性；歇业再就业和首次就业占29.5%）。",
        f"Women are {pct(h['women'], min_cell, lang)}; "
        f"first job or re-entry {pct(h['first_job_or_reentry'], min_cell, lang)} "
        "(report: nearly three quarters women; 29.5% first job or re-entry).", lang)


def quality_sentence(h: dict, min_cell: int, lang: str = "zh") -> str:
    return label(
        f"单位缴纳五险一金的员工占{pct(h['social_insurance'], min_cell, lang)}（报告：97.4%）；"
        f"入职以来获得过晋升或转岗机会的占{pct(h['promoted'], min_cell, lang)}。"
        f"月收入（税前）平均{amount(h['mean_wage'], min_cell, lang)}，"
        f"中位数{amount(h['median_wage'], min_cell, lang)}。",
        f"Social insurance and housing fund paid for {pct(h['social_insurance'], min_cell, lang)} (report: 97.4%); "
        f"promoted or transferred since joining: {pct(h['promoted'], min_cell, lang)}. Monthly wage before tax: "
        f"mean {amount(h['mean_wage'], min_cell, lang)}, median {amount(h['median_wage'], min_cell, lang)}.", lang)


def pay_sentence(result: PayComparison, min_cell: int, lang: str = "zh") -> str:
    """The wage against the county, or why there is no comparison."""
    annual = amount(result.annual_mean, min_cell, lang)
    parts = [label(f"按12个月折算，年收入平均{annual}，中位数{amount(result.annual_median, min_cell, lang)}。",
                   f"At {MONTHS_PER_YEAR} months a year the mean annual wage is {annual}, the median "
                   f"{amount(result.annual_median, min_cell, lang)}.", lang)]
    for code, row in result.references.items():
        if row is None:
            parts.append(label(
                f"**{county_name(code, lang)}{INCOME_YEAR}年居民人均可支配收入：参照表中缺失**——"
                "没有可以核对的统计公报数字，本页不作估计，因此不计算工资与县域收入之比。"
                "参照表 `data/reference/county_income.csv` 说明如何补入。",
                f"**{county_name(code, lang)}, per-capita disposable income {INCOME_YEAR}: missing from the "
                "reference table** — no statistical bulletin figure could be checked, so none is guessed and "
                "no wage-to-county-income ratio is computed. `data/reference/county_income.csv` explains how "
                "to add it.", lang))
        else:
            parts.append(label(
                f"{county_name(code, lang)}{INCOME_YEAR}年居民人均可支配收入"
                f"{row['income_yuan']:,.0f}元（{row['source']}）。",
                f"{county_name(code, lang)}, per-capita disposable income {INCOME_YEAR}: "
                f"{row['income_yuan']:,.0f} yuan ({row['source']}).", lang))
    if result.ratio is not None and not is_withheld(result.annual_mean, min_cell, share=False):
        r = result.ratio
        parts.append(label(
            f"平均年收入是县域人均可支配收入的**{r.value:.2f}倍**（95%置信区间 {r.lo:.2f}–{r.hi:.2f}，只含抽样误差）。",
            f"The mean annual wage is **{r.value:.2f} times** the county's per-capita disposable income "
            f"(95% CI {r.lo:.2f}–{r.hi:.2f}, sampling error only).", lang))
    return "\n\n".join(parts)


def women_sentence(h: dict, min_cell: int, lang: str = "zh") -> str:
    return label(
        f"入职前未就业（第7题选4）的女性中，因怀孕或哺乳、料理家务或带孩子、照顾家人（至少一项）而未就业的占"
        f"{pct(h['family_reasons'], min_cell, lang)}（报告：家庭因素超过50%）。多选题：各项占比之和超过100%。",
        f"Among women not employed before this job (question 7 = 4), {pct(h['family_reasons'], min_cell, lang)} "
        "cite at least one family reason — pregnancy or nursing, housework or childcare, caring for family "
        "(report: family reasons above 50%). Several reasons may be chosen, so the shares add up to more than 100%.",
        lang)


def doorstep_sentence(h: dict, min_cell: int, lang: str = "zh") -> str:
    return label(
        f"单程通勤时间中位数{amount(h['median_commute'], min_cell, lang, '分钟', ' minutes')}；"
        f"{DOORSTEP_MINUTES}分钟以内的占{pct(h['commute_30'], min_cell, lang)}。"
        f"与父母同住或每周至少看望父母一次的占{pct(h['family_contact'], min_cell, lang)}；"
        f"有未成年子女的占{pct(h['has_children'], min_cell, lang)}。",
        f"Median one-way commute {amount(h['median_commute'], min_cell, lang, '分钟', ' minutes')}; within "
        f"{DOORSTEP_MINUTES} minutes: {pct(h['commute_30'], min_cell, lang)}. Living with parents or seeing them "
        f"weekly: {pct(h['family_contact'], min_cell, lang)}; with children under 18: "
        f"{pct(h['has_children'], min_cell, lang)}.", lang)


MEASURES = {
    "services": ("第三产业（服务业）就业比重", "Employed in services (tertiary)"),
    "information_business": ("信息技术服务与租赁商务服务就业比重", "Employed in information and business services"),
    "service_workers": ("商业服务业人员比重（职业）", "Service workers (occupation)"),
    "housework": ("未工作人口中料理家务者比重（16岁及以上）", "Keeping house, of the not-working aged 16+"),
}


def labour_table(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The census measures as a display table: rows measures, columns (year, place)."""
    names = {m: MEASURES[m][0 if lang == "zh" else 1] for m in MEASURES}
    out = table.assign(
        measure=table["measure"].map(names),
        share=(100 * table["share"]).map(lambda v: f"{v:.1f}%"),
        place=table.apply(lambda r: r["place"] if lang == "zh" and r["scope"] != "nation"
                          else category_label("scope", r["scope"], lang), axis=1),
    )
    wide = out.pivot_table(index="measure", columns=["year", "place"], values="share", aggfunc="first", sort=False)
    wide = wide.reindex([n for n in names.values() if n in wide.index]).fillna("–")
    wide.index.name = label("指标", "measure", lang)
    wide.columns.names = [label("年份", "year", lang), label("地区", "place", lang)]
    return wide


def labour_sentence(table: pd.DataFrame, code: str, lang: str = "zh") -> str:
    county = table[table["scope"] == "county"].set_index(["measure", "year"])["share"]

    def get(measure, year):
        value = county.get((measure, year))
        return f"{100 * value:.1f}%" if value is not None and np.isfinite(value) else "–"

    return label(
        f"{county_name(code, lang)}：服务业就业比重由2010年的{get('services', 2010)}"
        f"变为2020年的{get('services', 2020)}，"
        f"信息技术与商务服务由{get('information_business', 2010)}变为{get('information_business', 2020)}；"
        f"2010年16岁及以上未工作人口中料理家务者占{get('housework', 2010)}（2020年县级表没有这一项）。"
        "普查的县级表不分性别给出就业人口，因此无法由普查计算女性在就业人口中的比重。",
        f"{county_name(code, lang)}: the services share of the employed went from {get('services', 2010)} (2010) "
        f"to {get('services', 2020)} (2020), information and business services from "
        f"{get('information_business', 2010)} to {get('information_business', 2020)}; in 2010, "
        f"{get('housework', 2010)} of the not-working aged 16+ kept house (the 2020 county tables have no such "
        "table). The county tables give the employed without a breakdown by sex, so women's share of the "
        "employed cannot be computed from them.", lang)


def limits(scope: Scope, lang: str = "zh") -> str:
    """What this page does and does not show, adapted to the data used."""
    data = scope.data
    if data.synthetic:
        first = label("**数据**：本页的问卷数字来自合成数据，只演示分析流程，不能作为任何结论的证据。",
                      "**Data**: the survey figures here come from the synthetic stand-in; they demonstrate the "
                      "analysis and are evidence of nothing.", lang)
    else:
        first = label(f"**数据**：本页的问卷数字来自问卷文件（{data.n}名受访者）。",
                      f"**Data**: the survey figures come from the survey file ({data.n} respondents).", lang)
    rest = label(
        "**只调查了在职员工**：没有对照组（未被录用者、同县其他岗位的劳动者），所以不能说明这些岗位*造成*了"
        "收入、社保或女性就业的变化；工资与县域人均可支配收入之比比较的是一名员工的工资与一名普通居民（含老人儿童）"
        "可支配的资源，不是与当地工资相比。通勤与探望父母描述现状，不能说明\"增强了家庭联结\"。\n\n"
        "**真正的评估需要**：入职前后的追踪数据或可比的对照组（例如同县同龄、同学历的非员工），"
        "县级工资统计（城镇非私营/私营单位平均工资），以及招聘与离职记录，以便估计这些岗位带来的净增就业与收入。",
        "**Employees only**: there is no comparison group (applicants not hired, other workers in the county), "
        "so the survey cannot show that the jobs *caused* higher pay, insurance coverage or women's employment; "
        "the wage-to-income ratio compares one employee's pay with the disposable resources of an average "
        "resident (children and the elderly included), not with local wages. Commuting and family contact "
        "describe the present; they cannot show that family ties were strengthened.\n\n"
        "**A real evaluation would need** panel data from before and after hiring or a comparable control group "
        "(non-employees of the same county, age and education), county wage statistics (average wages of urban "
        "units), and hiring and separation records to estimate the net jobs and income the centres added.",
        lang)
    return first + "\n\n" + rest


def reference_table(result: PayComparison, context: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The income figures used, each with its source; missing county figures say so."""
    rows = []
    for code, row in result.references.items():
        rows.append({
            label("地区", "place", lang): county_name(code, lang),
            label("居民", "residents", lang): label("全体居民", "all residents", lang),
            label("人均可支配收入（元/年）", "per-capita disposable income (yuan/year)", lang):
                label("缺失（未估计）", "missing (not estimated)", lang) if row is None
                else f"{row['income_yuan']:,.0f}",
            label("来源", "source", lang): "–" if row is None else f"{row['source']}（{row['published']}）",
        })
    residents = {"all": ("全体居民", "all residents"), "urban": ("城镇居民", "urban residents"),
                 "rural": ("农村居民", "rural residents")}
    for _, row in context.iterrows():
        rows.append({
            label("地区", "place", lang): row["name"] if lang == "zh" else
            {"全国": "China", "脱贫县": "Counties lifted out of poverty"}.get(row["name"], row["name"]),
            label("居民", "residents", lang): residents[row["residents"]][0 if lang == "zh" else 1],
            label("人均可支配收入（元/年）", "per-capita disposable income (yuan/year)", lang):
                f"{row['income_yuan']:,.0f}",
            label("来源", "source", lang): f"{row['source']}（{row['published']}）",
        })
    return pd.DataFrame(rows).set_index(label("地区", "place", lang))


def fieldwork_sentence(scope: Scope, lang: str = "zh") -> str:
    """When the questionnaires were submitted (报告：2021年12月至2022年2月)."""
    if not scope.data.fieldwork:
        return label("问卷文件没有提交时间，无法核对调研时间（报告：2021年12月至2022年2月）。",
                     "The survey file has no submission times, so the fieldwork period (report: December 2021 "
                     "to February 2022) cannot be checked.", lang)
    first, last = scope.data.fieldwork
    if scope.data.synthetic:  # the generator copies the published window: nothing was submitted
        return label(f"合成数据没有提交时间：{first} 至 {last} 是生成器照抄的报告调研时间，不是观测，"
                     "不能核对调研时间（报告：2021年12月至2022年2月）。",
                     f"The synthetic data has no submission times: {first} to {last} is the report's fieldwork "
                     "window, copied by the generator, not an observation; the fieldwork period (report: December "
                     "2021 to February 2022) cannot be checked.", lang)
    return label(f"问卷提交时间：{first} 至 {last}（报告：2021年12月至2022年2月）。",
                 f"Questionnaires submitted from {first} to {last} (report: December 2021 to February 2022).", lang)


def _trend(table: pd.DataFrame, column: str, count: str, min_cell: int) -> str | None:
    """"up", "down" or "flat" from the first to the last group shown (`count` >= min_cell), else None."""
    shown = table[(table[count] >= min_cell) & table[column].notna()]
    if len(shown) < 2:
        return None
    first, last = float(shown[column].iloc[0]), float(shown[column].iloc[-1])
    if abs(last - first) < 1e-9:
        return "flat"
    return "up" if last > first else "down"


TREND_WORDS = {"up": ("上升", "rises"), "down": ("下降", "falls"), "flat": ("持平", "is flat"),
               None: ("无法判断（组太小）", "cannot be read (groups too small)")}


def relationship_sentence(wages: dict, promotion: pd.DataFrame, synthetic: bool, min_cell: int,
                          lang: str = "zh") -> str:
    """How pay and promotion vary with tenure and education, read from the tables shown.

    wages: `{"tenure": wage_by(..., "tenure"), "education": wage_by(..., "education"), ...}`;
    promotion: `promotion_by_tenure(...)`. Each direction is computed (first group against
    the last one shown); on the stand-in the sentence says it holds by construction.
    """
    tenure = TREND_WORDS[_trend(wages["tenure"], "mean", "n", min_cell)]
    education = TREND_WORDS[_trend(wages["education"], "mean", "n", min_cell)]
    promoted = TREND_WORDS[_trend(promotion, "share", "denominator", min_cell)]
    zh = (f"从最短到最长的工作时长组，平均月收入{tenure[0]}；从最低到最高的学历组，平均月收入{education[0]}；"
          f"晋升或转岗的比例随工作时长{promoted[0]}。这些是同一时点的横截面比较：工作更久的人收入更高，"
          "也可能部分因为收入低的人更早离职。")
    en = (f"From the shortest to the longest tenure group the mean monthly wage {tenure[1]}; from the lowest to the "
          f"highest education group it {education[1]}; the share promoted or transferred {promoted[1]} with tenure. "
          "These are cross-sectional comparisons at one point in time: longer-serving staff earning more may partly "
          "reflect lower earners leaving sooner.")
    if synthetic:
        zh = "**合成数据：这些关系是生成器设定的，按构造成立，不是发现。** " + zh
        en = ("**Synthetic data: these relationships were built into the generator; they hold by construction "
              "and are not findings.** " + en)
    return label(zh, en, lang)
