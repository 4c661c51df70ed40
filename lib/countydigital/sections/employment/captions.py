"""Captions and alt text of the employment-value notebook's figures (shown by plotting.show), in
Chinese or English: what each figure shows, and loudly when it was drawn from the synthetic stand-in.
"""
from __future__ import annotations

from ...plotting import Caption, label
from ..scope import Scope
from .analysis import INCOME_YEAR, MONTHS_PER_YEAR
from .text import MEASURES, county_name, scope_label


def _survey_source(scope: Scope, lang: str) -> str:
    if scope.data.synthetic:
        return label("数据：合成数据（SYNTHETIC），按报告数字校准，不构成证据。",
                     "Data: the SYNTHETIC stand-in calibrated to the report's figures; not evidence.", lang)
    return label(f"数据：{scope.data.source}。", f"Data: {scope.data.source}.", lang)


def _survey_alt(scope: Scope, lang: str) -> str:
    if not scope.data.synthetic:
        return ""
    return label("图上标有“合成数据”水印。", "The figure is watermarked SYNTHETIC.", lang)


def profile_caption(scope: Scope, lang: str = "zh") -> Caption:
    who = scope_label(scope, lang)
    return Caption(
        label(f"员工构成：性别、年龄、学历与入职前状况（{who}），占比与95%置信区间。{_survey_source(scope, lang)}",
              f"Who holds the jobs: gender, age, education and status before joining ({who}), shares with 95% "
              f"confidence intervals. {_survey_source(scope, lang)}", lang),
        label(f"四幅横向条形图（{who}的受访员工）：按性别、年龄组、学历和入职前状况的百分比，每条带95%置信区间；"
              f"人数过少的类别不画。{_survey_alt(scope, lang)}",
              f"Four horizontal bar charts of the surveyed employees ({who}): percentages by gender, age group, "
              f"education and status before joining, each bar with its 95% confidence interval; categories with "
              f"too few respondents are not drawn. {_survey_alt(scope, lang)}", lang))


def wage_caption(scope: Scope, min_cell: int, lang: str = "zh") -> Caption:
    return Caption(
        label(f"月收入：分布与按工作月数、学历、性别的平均值（95%置信区间）。{_survey_source(scope, lang)}",
              f"Monthly wage: its distribution, and the mean by tenure, education and gender (95% CIs). "
              f"{_survey_source(scope, lang)}", lang),
        label(f"四幅图：左上为税前月收入的直方图（少于{min_cell}人的区间不画），其余三幅为按工作月数、学历和性别分组的"
              f"平均月收入横向条形图，带95%置信区间。{_survey_alt(scope, lang)}",
              f"Four panels: top left a histogram of monthly wages before tax (bins of fewer than {min_cell} "
              "respondents not drawn); the others horizontal bars of the mean monthly wage by tenure, education "
              f"and gender with 95% confidence intervals. {_survey_alt(scope, lang)}", lang))


def pay_caption(scope: Scope, lang: str = "zh") -> Caption:
    return Caption(
        label(f"员工年收入（月收入 × {MONTHS_PER_YEAR}）与{INCOME_YEAR}年居民人均可支配收入。"
              f"{_survey_source(scope, lang)}参照收入见 data/reference/。",
              f"Employees' annual pay (monthly wage × {MONTHS_PER_YEAR}) beside per-capita disposable incomes of "
              f"{INCOME_YEAR}. {_survey_source(scope, lang)} Reference incomes: data/reference/.", lang),
        label("横向条形图，单位元/年：上方为员工年收入的平均数与中位数（带95%置信区间），下方为两县及全国、"
              f"脱贫县居民的人均可支配收入，用以比较工资与当地收入水平。{_survey_alt(scope, lang)}",
              "Horizontal bar chart in yuan per year: employees' mean and median annual pay (with 95% confidence "
              "intervals) at the top, the per-capita disposable incomes of the counties, of China and of counties "
              f"out of poverty below, for comparing pay with local incomes. {_survey_alt(scope, lang)}", lang))


def reasons_caption(scope: Scope, lang: str = "zh") -> Caption:
    return Caption(
        label(f"入职前未就业的女性：未就业的原因（可多选），家庭因素为红色。{_survey_source(scope, lang)}",
              f"Women not working before they joined: why (several answers allowed); family reasons in red. "
              f"{_survey_source(scope, lang)}", lang),
        label("横向条形图：入职前未就业的女性选择各项原因的百分比及95%置信区间，照顾孩子、老人等家庭原因以红色标出。"
              f"{_survey_alt(scope, lang)}",
              "Horizontal bar chart: the percentage of women not working before who gave each reason, with 95% "
              f"confidence intervals; family reasons such as childcare are red. {_survey_alt(scope, lang)}", lang))


def commute_caption(scope: Scope, lang: str = "zh") -> Caption:
    return Caption(
        label(f"单程通勤时间。{_survey_source(scope, lang)}", f"One-way commute. {_survey_source(scope, lang)}", lang),
        label(f"横向条形图：单程通勤时间各区间（分钟）的员工百分比及95%置信区间。{_survey_alt(scope, lang)}",
              "Horizontal bar chart: the percentage of employees in each band of one-way commuting time (minutes), "
              f"with 95% confidence intervals. {_survey_alt(scope, lang)}", lang))


def labour_caption(code: str, lang: str = "zh") -> Caption:
    name = county_name(code, lang)
    measures = label("、", ", ", lang).join(MEASURES[m][0 if lang == "zh" else 1] for m in MEASURES)
    return Caption(
        label(f"{name}的劳动力市场：与本省、全国比较。资料来源：2010、2020年人口普查长表。",
              f"The labour market of {name} beside its province and China. Source: census long form, 2010 and "
              "2020.", lang),
        label(f"分组柱状图，每项指标一幅（{measures}），按普查年份分组，{name}、本省与全国三根柱并列，单位为百分比。",
              f"Grouped bar charts, one per measure ({measures}), by census year, with bars for {name}, its "
              "province and China side by side, in percent.", lang))


def industry_caption(code: str, lang: str = "zh") -> Caption:
    name = county_name(code, lang)
    return Caption(
        label(f"{name}就业人口的行业构成，与本省、全国比较。资料来源：2010、2020年人口普查长表。",
              f"Employed by industry in {name}, its province and China. Source: census long form, 2010 and 2020.",
              lang),
        label(f"分组柱状图，每个普查年份一幅：横轴为行业门类，纵轴为占就业人口的百分比，{name}、本省与全国三根柱并列。",
              f"Grouped bar charts, one per census year: industry sections along the x axis, percentage of the "
              f"employed on the y axis, with bars for {name}, its province and China side by side.", lang))
