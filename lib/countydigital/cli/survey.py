"""`python -m countydigital survey validate|synth|questionnaire|plan`: check a survey file, make the
stand-in, write the questionnaire for fielding it, plan the sample size."""
from __future__ import annotations

from pathlib import Path

from ..config import DEFAULT_SEED


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "survey", help="validate a survey file, generate the stand-in, write the questionnaire, plan the sample")
    actions = parser.add_subparsers(dest="action", required=True)

    check = actions.add_parser(
        "validate",
        help="check a survey file against the codebook; print every problem; write nothing",
        description="Exit status 0: usable (warnings allowed); 1: not usable.",
    )
    check.add_argument("path", type=Path, help="问卷星 export (.xlsx/.csv), tidy csv/xlsx/parquet, .sav or .dta")
    check.set_defaults(func=_validate)

    synth = actions.add_parser(
        "synth",
        help="write the synthetic stand-in survey (marked SYNTHETIC) to a file",
        description="Tidy csv/xlsx/parquet/.sav/.dta by the output's suffix, or a 问卷星-style "
                    "export with --wjx (for trying the importer on real-format files).",
    )
    synth.add_argument("--n", type=int, default=None,
                       help="respondents (default 1000: reproduces every published percentage)")
    synth.add_argument("--seed", type=int, default=None, help=f"random seed (default {DEFAULT_SEED})")
    synth.add_argument("--out", type=Path, required=True, help="output file")
    synth.add_argument("--wjx", choices=["number", "text"], default=None,
                       help="write a 问卷星 export in 按选项序号 (number) or 按选项文本 (text) mode")
    synth.set_defaults(func=_synth)

    form = actions.add_parser(
        "questionnaire",
        help="write the questionnaire from the codebook: XLSForm, 问卷星 text import, or markdown",
        description="xlsform: an .xlsx XLSForm for KoboToolbox/ODK/SurveyCTO; wjx: plain text for "
                    "问卷星's batch text import (批量添加题目); md: a printable bilingual version.",
    )
    form.add_argument("--format", dest="fmt", choices=["xlsform", "wjx", "md"], required=True)
    form.add_argument("out", type=Path, help="output file (.xlsx for xlsform)")
    form.set_defaults(func=_questionnaire)

    sizing = actions.add_parser(
        "plan",
        help="sample size for a margin of error on the report's key proportions",
        description="Respondents needed for +/- MARGIN percentage points at 95%% confidence on each key "
                    "proportion, with a finite-population correction when --employees is given.",
    )
    sizing.add_argument("--margin", type=float, required=True, help="half-width in percentage points, e.g. 5")
    sizing.add_argument("--employees", type=int, default=None, help="number of employees (population size N)")
    sizing.set_defaults(func=_plan)


def _validate(args) -> int:
    from ..survey import validate

    report = validate(args.path)
    print(report)
    return 0 if report.usable else 1


def _synth(args) -> int:
    from ..survey import synth
    from ..survey.export import write_tidy
    from ..survey.wjx import to_wjx

    n = args.n if args.n is not None else synth.N_DEFAULT
    seed = args.seed if args.seed is not None else DEFAULT_SEED
    survey = synth.generate(n=n, seed=seed)
    if args.wjx:
        to_wjx(survey, args.out, mode=args.wjx)
    else:
        write_tidy(survey, args.out)
    print(f"wrote {args.out}: SYNTHETIC survey, {n} respondents, seed {seed}")
    for warning in survey.warnings:
        print(f"warning: {warning}")
    return 0


def _questionnaire(args) -> int:
    from ..survey.questionnaire import write_questionnaire

    path = write_questionnaire(args.fmt, args.out)
    print(f"wrote {path}: the questionnaire as {args.fmt}")
    return 0


def _plan(args) -> int:
    from ..survey.planning import format_plan, plan

    print(format_plan(plan(args.margin, args.employees)))
    return 0
