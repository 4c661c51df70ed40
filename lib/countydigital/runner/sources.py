"""What each published page was built from, and the survey-source block of the index.

A page is built from open data only (census, boundaries), from the SYNTHETIC stand-in
(a survey notebook without a file), from a survey file (named by file name and sha256
prefix, never by its local path), and for the programmes notebook from programme records.
`built_from` gives that as plain data (kept in the site's page manifest); `render_block`
is the HTML the index (or any front page) shows for the survey files of a build.
"""
from __future__ import annotations

import html
from pathlib import Path

from ..config import DEFAULT_SEED

# Parameters whose value is a local path: published by name only.
PATH_PARAMETERS = ("survey", "programs")


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def public_parameters(parameters: dict) -> dict:
    """`parameters` as they may be shown: a local path by its file or folder name."""
    return {k: (Path(str(v)).name if k in PATH_PARAMETERS and v else v) for k, v in parameters.items()}


_described: dict[str, dict] = {}


def describe_file(path: str) -> dict:
    """The survey-source descriptor of the file at `path` (loaded once per process). A file the survey
    layer cannot read (a notebook's own input format) is named by its name and checksum alone."""
    if path not in _described:
        from ..checksum import sha256_of
        from ..exceptions import CountyDigitalError
        from ..survey import load, survey_path
        from ..survey.source import PREFIX, describe

        file = survey_path(path)
        try:
            _described[path] = describe(load(file))
        except CountyDigitalError:
            sha = sha256_of(file) if file.is_file() else ""
            _described[path] = {"file": file.name, "sha256": sha, "sha256_prefix": sha[:PREFIX]}
    return _described[path]


def built_from(declared: set[str], parameters: dict) -> dict:
    """What a page of a notebook declaring the parameters `declared`, run with `parameters`, was built from."""
    out: dict = {}
    if parameters.get("survey"):
        out["survey"] = describe_file(str(parameters["survey"]))
    elif "survey" in declared:
        out["survey"] = {"synthetic": True, "seed": int(parameters.get("seed", DEFAULT_SEED))}
    if parameters.get("programs"):
        out["programs"] = Path(str(parameters["programs"])).name
    elif "programs" in declared:
        out["programs"] = "data/programs"
    return out


def _counties(descriptor: dict, lang: str) -> str:
    key = "name_en" if lang == "en" else "name"
    return ", ".join(f"{c.get(key, '')} {c['code']}".strip() for c in descriptor.get("counties", []))


def page_source_text(source: dict, lang: str) -> str:
    """One line for the index: what this page was built from."""
    en = lang == "en"
    parts = []
    survey = source.get("survey")
    if survey and survey.get("file"):
        parts.append(f"{survey['file']} · sha256 {survey['sha256_prefix']}")
    elif survey:
        seed = survey["seed"]
        parts.append(f"SYNTHETIC stand-in, seed {seed}" if en else f"合成数据（SYNTHETIC），种子 {seed}")
    if source.get("programs"):
        parts.append(f"programme records {source['programs']}/" if en else f"项目记录 {source['programs']}/")
    if not parts:
        parts.append("open data (census, boundaries)" if en else "公开数据（普查、边界）")
    return "; ".join(parts)


def survey_files(sources: list[dict]) -> list[dict]:
    """The distinct survey files among pages' `built_from`, in order of first appearance."""
    seen, out = set(), []
    for source in sources:
        survey = source.get("survey") or {}
        if survey.get("file") and survey.get("sha256") not in seen:
            seen.add(survey.get("sha256"))
            out.append(survey)
    return out


def render_block(files: list[dict], lang: str = "zh") -> str:
    """The index's "built from" block for real survey files: file name, sha256 prefix, respondents,
    fieldwork period, counties. Empty when every survey page came from the stand-in."""
    if not files:
        return ""
    en = lang == "en"
    items = []
    for f in files:
        period = "–".join(f["fieldwork"]) if f.get("fieldwork") else ("not stated in the file" if en else "文件未注明")
        n, counties = _e(f.get("respondents", "—")), _e(_counties(f, lang))
        items.append(
            f'<li><strong>{_e(f["file"])}</strong> · sha256 <code>{_e(f["sha256_prefix"])}</code> · '
            + (f'{n} respondents · fieldwork {_e(period)} · counties {counties}' if en else
               f'受访者 {n} 人 · 调查时间 {_e(period)} · 县 {counties}')
            + "</li>")
    head = "Survey data these pages are built from" if en else "问卷数据来源"
    lead = ("Pages built from these files show real respondents (no SYNTHETIC mark); the ledger judges the "
            "survey claims on them." if en else
            "由下列文件生成的页面描述真实受访者（无合成数据标记）；核对表据此判断问卷类论断。")
    return f'<section id="survey-sources"><h2>{_e(head)}</h2><p>{_e(lead)}</p><ul>{"".join(items)}</ul></section>'
