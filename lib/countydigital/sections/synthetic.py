"""The label every survey section carries when its figures come from the synthetic stand-in.

The page's banner is at the top; the ledger links straight to a section's anchor
(`#job-quality`), so a reader who lands there must see the label too. Each survey
section starts with this line; for a real survey file it is empty.
"""
from __future__ import annotations

from ..plotting import label
from ..survey import SurveyData
from ..survey.recognise import RECOGNISED


def section_label(data: SurveyData, lang: str = "zh") -> str:
    """Markdown for the top of a survey section: loud when synthetic, empty for a real survey."""
    if not data.synthetic:
        return ""
    return label(
        "> **SYNTHETIC · 合成数据** — 本节的问卷数字、表格和图来自按报告数字校准的合成替身，"
        "不是真实员工的回答：与报告一致只因为被校准过，**不是证据**。",
        "> **SYNTHETIC · 合成数据** — the survey figures, tables and charts of this section come from the "
        "stand-in calibrated to the report's figures, not from real employees: agreeing with the report is "
        "what it was made to do, **not evidence**.", lang)



def recognition_note(data: SurveyData, lang: str = "zh") -> str:
    """Why a survey file counts as synthetic although it carries no SYNTHETIC mark ("" otherwise)."""
    reasons = [w.split(": ", 1)[1] if w.startswith(str(data.source_path)) else w
               for w in data.warnings if RECOGNISED in w]
    if not reasons:
        return ""
    name = data.source_path.name if data.source_path else ""
    return label(f"> 文件 `{name}` 没有合成数据标记，但它的内容就是合成替身，因此按合成数据处理：{reasons[0]}",
                 f"> The file `{name}` carries no SYNTHETIC mark, but its content is the stand-in, so it is "
                 f"treated as synthetic: {reasons[0]}", lang)
