"""The employment-value analyses behind notebooks/01-employment-value.ipynb.

Survey side (who the jobs went to, job quality, pay, women's employment) on a
`SurveyData`, every table in the long layout that disclosure control
understands (`n`, `denominator`, estimates); the county's published income from
data/reference/county_income.csv; the county's labour market from the census.
Which respondents: `sections.scope.prepare`. Sentences and figures live in `text`
and `plots`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ... import census, paths
from ...exceptions import CensusMeasureUnavailable, SurveyError
from ...survey import SurveyData
from ...survey.disclosure import withhold
from ...survey.estimators import (
    Estimate,
    distribution,
    family_reasons,
    first_job_or_reentry,
    mean_ci,
    median_ci,
    multiselect_shares,
    proportion,
)

INCOME_FILE = paths.REFERENCE_DIR / "county_income.csv"
INCOME_YEAR = 2021          # the survey ran Dec 2021 - Feb 2022: compare with 2021 income
MONTHS_PER_YEAR = 12        # annualising a monthly wage: 12 months, no bonuses assumed
DOORSTEP_MINUTES = 30       # the ledger's reading of "上班就在家门口" (claims.yaml)
TENURE_BANDS = [(0, 5, "0-5"), (6, 11, "6-11"), (12, 23, "12-23"), (24, 240, "24+")]
AGE_BANDS = [(16, 19, "16-19"), (20, 24, "20-24"), (25, 29, "25-29"), (30, 35, "30-35"),
             (36, 45, "36-45"), (46, 65, "46+")]
COMMUTE_BANDS = [(0, 10, "0-10"), (11, 20, "11-20"), (21, 30, "21-30"), (31, 60, "31-60"), (61, 240, "60+")]


# --- estimates for the ledger ----------------------------------------------------------

def claim_fields(estimate: Estimate, min_cell: int, *, percent: bool = True, count: int | None = None,
                 note: str = "") -> dict:
    """value / n / ci / note for `claims.record` (shares in percent, three decimals), withheld
    by the project's one rule (`survey.disclosure.withhold`). `count`: for estimates other than
    a share, the respondents the figure rests on when they are not its n."""
    return withhold(estimate, min_cell, share=percent, count=count, scale=100 if percent else 1, decimals=3,
                    note=note)


def headline(frame: pd.DataFrame) -> dict[str, Estimate]:
    """The survey estimates the employment claims are about."""
    women_reentry = (frame["gender"] == 2) & (frame["prior_status"] == 4)
    return {
        "women": proportion(frame["gender"].eq(2).where(frame["gender"].notna())),
        "first_job_or_reentry": proportion(first_job_or_reentry(frame)),
        "social_insurance": proportion(frame["social_insurance"].eq(1).where(frame["social_insurance"].notna())),
        "promoted": proportion(frame["promoted"].eq(1).where(frame["promoted"].notna())),
        "family_reasons": proportion(family_reasons(frame)),
        "women_reentry": proportion(women_reentry),
        "mean_wage": mean_ci(frame["monthly_wage"]),
        "median_wage": median_ci(frame["monthly_wage"]),
        "median_commute": median_ci(frame["commute_minutes"]),
        "commute_30": proportion(frame["commute_minutes"].le(DOORSTEP_MINUTES).where(frame["commute_minutes"].notna())),
        "family_contact": proportion(frame["family_contact"].eq(1).where(frame["family_contact"].notna())),
        "has_children": proportion(frame["has_children"].eq(1).where(frame["has_children"].notna())),
    }


# --- section 1: who the jobs went to --------------------------------------------------

def _band_table(values: pd.Series, bands, title: str) -> pd.DataFrame:
    answered = values.notna()
    rows = []
    for lo, hi, name in bands:
        hit = values.between(lo, hi).where(answered)
        est = proportion(hit)
        rows.append({"label": name, "n": int(values.between(lo, hi).sum()), "denominator": int(answered.sum()),
                     "share": est.value, "lo": est.lo, "hi": est.hi})
    table = pd.DataFrame(rows)
    table.attrs.update(exclusive=True, title=title)
    return table


def age_bands(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Respondents by age band (n, share and its interval)."""
    return _band_table(frame["age"], AGE_BANDS, "年龄（岁）" if lang == "zh" else "Age (years)")


def profile(frame: pd.DataFrame, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The four distributions of 'who the jobs went to' (gender, age, education, prior status)."""
    return {
        "gender": distribution(frame, "gender", lang),
        "age": age_bands(frame, lang),
        "education": distribution(frame, "education", lang),
        "prior_status": distribution(frame, "prior_status", lang),
    }


# --- section 2: job quality -------------------------------------------------------------

def tenure_band(frame: pd.DataFrame) -> pd.Series:
    """Tenure band label of every respondent (missing tenure -> NA)."""
    out = pd.Series(pd.NA, index=frame.index, dtype="object")
    for lo, hi, name in TENURE_BANDS:
        out[frame["tenure_months"].between(lo, hi).fillna(False).astype(bool)] = name
    return out


def wage_by(frame: pd.DataFrame, by: str, lang: str = "zh") -> pd.DataFrame:
    """Monthly wage by group: n, mean and its interval, median. `by`: tenure, education or gender."""
    wage = frame["monthly_wage"]
    if by == "tenure":
        groups = tenure_band(frame)
        order = [name for _, _, name in TENURE_BANDS]
        labels = {name: name for name in order}
    else:
        groups = frame[by]
        table = distribution(frame, by, lang)
        order, labels = list(table["code"]), dict(zip(table["code"], table["label"]))
    rows = []
    for key in order:
        values = wage[(groups == key).fillna(False).astype(bool)]
        est = mean_ci(values)
        rows.append({"label": labels[key], "n": int(values.notna().sum()), "mean": est.value, "lo": est.lo,
                     "hi": est.hi, "median": float(values.median()) if values.notna().any() else np.nan})
    out = pd.DataFrame(rows)
    out.attrs["exclusive"] = True  # the groups partition the respondents (their n add up to the total)
    return out


def wage_histogram(frame: pd.DataFrame, width: int = 250) -> pd.DataFrame:
    """Respondents per wage bin [bin, bin + width): the counts a histogram draws."""
    wage = frame["monthly_wage"].dropna().astype(float)
    if wage.empty:
        return pd.DataFrame({"label": pd.Series(dtype=str), "bin": pd.Series(dtype=float), "n": pd.Series(dtype=int)})
    bins = (np.floor(wage / width) * width).astype(int)
    full = np.arange(bins.min(), bins.max() + width, width)
    counts = bins.value_counts().reindex(full, fill_value=0)
    table = pd.DataFrame({"label": [f"{b}-{b + width - 1}" for b in full], "bin": full.astype(float),
                          "n": counts.to_numpy()})
    table.attrs["exclusive"] = True  # bins partition the respondents: one hidden bin must not be recoverable
    return table


def promotion_by_tenure(frame: pd.DataFrame) -> pd.DataFrame:
    """Share promoted or transferred, by tenure band."""
    bands = tenure_band(frame)
    rows = []
    for _, _, name in TENURE_BANDS:
        part = frame.loc[(bands == name).fillna(False).astype(bool), "promoted"].dropna()
        est = proportion(part.eq(1))
        rows.append({"label": name, "n": int(part.eq(1).sum()), "denominator": len(part),
                     "share": est.value, "lo": est.lo, "hi": est.hi})
    out = pd.DataFrame(rows)
    out.attrs["exclusive"] = False
    return out


# --- section 3: pay against the county ----------------------------------------------------

INCOME_COLUMNS = ["code", "name", "level", "year", "residents", "income_yuan", "source", "published", "note"]


def income_reference(path: Path | None = None) -> pd.DataFrame:
    """The reference table of published per-capita disposable income, validated.

    Raises SurveyError naming the file, column and rows when a row lacks a source,
    a positive income, a known level or residents group, or a well-formed code.
    """
    path = Path(path or INCOME_FILE)
    try:
        table = pd.read_csv(path, dtype={"code": str, "published": str}, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as exc:
        raise SurveyError(f"{path}: cannot read the income reference ({exc})") from exc
    missing = [c for c in INCOME_COLUMNS if c not in table.columns]
    if missing:
        raise SurveyError(f"{path}: missing column(s) {', '.join(missing)}")
    problems = []
    checks = {
        "code": table["code"].str.fullmatch(r"\d{6}|") & ~((table["level"] != "group") & (table["code"] == "")),
        "level": table["level"].isin(["county", "prefecture", "province", "nation", "group"]),
        "residents": table["residents"].isin(["all", "urban", "rural"]),
        "income_yuan": pd.to_numeric(table["income_yuan"], errors="coerce").gt(0),
        "year": pd.to_numeric(table["year"], errors="coerce").between(1978, 2100),
        "source": table["source"].str.strip().ne(""),
        "published": table["published"].str.fullmatch(r"\d{4}-\d{2}-\d{2}"),
    }
    for column, ok in checks.items():
        bad = [i + 2 for i in np.flatnonzero(~ok.fillna(False).to_numpy(dtype=bool))]
        if bad:
            problems.append(f"{path}: column {column}: rows {', '.join(map(str, bad))}: invalid or empty")
    if problems:
        raise SurveyError("\n".join(problems))
    table["income_yuan"] = table["income_yuan"].astype(float)
    table["year"] = table["year"].astype(int)
    return table


def county_income(code: str, year: int = INCOME_YEAR, residents: str = "all",
                  table: pd.DataFrame | None = None) -> pd.Series | None:
    """The county's published income row for `year`, or None if the reference has none."""
    table = income_reference() if table is None else table
    rows = table[(table["code"] == str(code)) & (table["year"] == year) & (table["residents"] == residents)]
    return None if rows.empty else rows.iloc[0]


@dataclass
class PayComparison:
    annual_mean: Estimate          # 12 x monthly wage
    annual_median: Estimate
    references: dict[str, pd.Series | None]  # county code -> income row (None: missing)
    ratio: Estimate | None         # mean annual wage / county income (respondent-weighted for pooled)

    @property
    def missing(self) -> list[str]:
        return [code for code, row in self.references.items() if row is None]


def pay_comparison(frame: pd.DataFrame, codes: list[str], year: int = INCOME_YEAR,
                   table: pd.DataFrame | None = None) -> PayComparison:
    """Annualised wage beside the counties' per-capita disposable income.

    The ratio divides the mean annual wage by the mean, over respondents, of their
    own county's income (so a pooled run weights each county by its respondents);
    its interval carries the wage's sampling uncertainty only (the published
    income is taken as exact). No ratio when any county's figure is missing.
    `table`: the income reference (default: data/reference/county_income.csv).
    """
    table = income_reference() if table is None else table
    annual = frame["monthly_wage"] * MONTHS_PER_YEAR
    references = {code: county_income(code, year, table=table) for code in codes}
    ratio = None
    if all(row is not None for row in references.values()):
        income = frame["county"].map({c: float(r["income_yuan"]) for c, r in references.items()})
        keep = annual.notna() & income.notna()
        base = float(income[keep].mean())
        ratio = mean_ci(annual[keep]).scaled(1 / base) if keep.any() else None
    return PayComparison(mean_ci(annual), median_ci(annual), references, ratio)


def context_incomes(year: int = INCOME_YEAR) -> pd.DataFrame:
    """The reference rows that are not counties (nation, groups): context, not the county's figure."""
    table = income_reference()
    return table[(table["year"] == year) & table["level"].isin(["nation", "group", "province"])].reset_index(drop=True)


# --- section 4: women's employment ----------------------------------------------------------

def women_reasons(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Reasons for not working before (multi-select) among women with prior status 4."""
    mask = (frame["gender"] == 2) & (frame["prior_status"] == 4)
    label = "入职前未就业的女性" if lang == "zh" else "women not employed before this job"
    return multiselect_shares(frame, "nonwork_reasons", mask.fillna(False), lang=lang, denominator_label=label)


def commute_bands(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Respondents by one-way commute band (minutes)."""
    title = "单程通勤（分钟）" if lang == "zh" else "Commute (minutes)"
    return _band_table(frame["commute_minutes"], COMMUTE_BANDS, title)


# --- section 5: the county's labour market (census) -------------------------------------------

SERVICES_DETAIL = ("information", "leasing_business")  # 信息传输软件和信息技术服务 + 租赁和商务服务


def labour_market(code: str, years=(2010, 2020)) -> pd.DataFrame:
    """Shares of the employed in services and in information/business services, and the
    share of the not-working aged 16+ who keep house (2010 only), for the county, its
    province and China: columns year, scope, place, measure, share."""
    rows = []
    industry = census.compare("industry", code, years)
    for (year, scope, place), part in industry.groupby(["year", "scope", "place"], sort=False):
        total = part["employed"].sum()
        rows.append((year, scope, place, "services", part.loc[part["sector"] == "tertiary", "employed"].sum() / total))
        rows.append((year, scope, place, "information_business",
                     part.loc[part["industry"].isin(SERVICES_DETAIL), "employed"].sum() / total))
    occupation = census.compare("occupation", code, years)
    for (year, scope, place), part in occupation.groupby(["year", "scope", "place"], sort=False):
        rows.append((year, scope, place, "service_workers",
                     part.loc[part["occupation"] == "services", "employed"].sum() / part["employed"].sum()))
    try:
        idle = census.compare("not_working", code, years)
    except CensusMeasureUnavailable:  # no census year has the table: nothing to add
        idle = pd.DataFrame(columns=["year", "scope", "place", "reason", "people"])
    for (year, scope, place), part in idle.groupby(["year", "scope", "place"], sort=False):
        rows.append((year, scope, place, "housework",
                     part.loc[part["reason"] == "housework", "people"].sum() / part["people"].sum()))
    return pd.DataFrame(rows, columns=["year", "scope", "place", "measure", "share"])


def industry_mix(code, years=(2010, 2020), top: int = 8) -> pd.DataFrame:
    """The county's employed by industry section beside province and China (the `top`
    largest sections of the county in the later year and the information / business
    services sections, the rest as 'other')."""
    data = census.compare("industry", code, years)
    last = data[(data["year"] == max(years)) & (data["scope"] == "county")]
    keep = list(last.sort_values("share", ascending=False)["industry"].astype(str).head(top))
    keep += [c for c in SERVICES_DETAIL if c not in keep]  # where customer-service work is classified
    data = data.assign(industry=data["industry"].astype(str))
    data.loc[~data["industry"].isin(keep), "industry"] = "other"
    out = data.groupby(["year", "scope", "place", "industry"], as_index=False, sort=False)["share"].sum()
    out["industry"] = pd.Categorical(out["industry"], keep + ["other"], ordered=True)
    return out.sort_values(["year", "scope", "industry"], ignore_index=True)


def not_working_mix(code) -> pd.DataFrame:
    """Not-working people aged 16+ by reason (2010: the only census with the table)."""
    return census.compare("not_working", code, (2010,))


def ratio_fields(result: PayComparison, min_cell: int, note: str = "") -> dict:
    """value / n / ci / note of the wage-to-county-income ratio for `claims.record`."""
    if result.ratio is None:
        missing = f"county income reference missing for {', '.join(result.missing)}: not estimated"
        return {"value": None, "n": None, "ci": None, "note": "; ".join(filter(None, [note, missing]))}
    return claim_fields(result.ratio, min_cell, percent=False, count=result.annual_mean.n,
                        note="; ".join(filter(None, [note, f"mean annual wage (monthly x {MONTHS_PER_YEAR}) / "
                                                            f"per-capita disposable income {INCOME_YEAR}"])))


def fieldwork_fields(data: SurveyData, note: str = "") -> dict:
    """value / note of the fieldwork period (first and last submission month) for `claims.record`."""
    if not data.fieldwork:
        return {"value": None, "note": "; ".join(filter(None, [note, "the survey file has no submission times"]))}
    first, last = data.fieldwork
    return {"value": [first[:7], last[:7]],
            "note": "; ".join(filter(None, [note, f"submissions {first} to {last}"]))}
