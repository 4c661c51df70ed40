"""The site's languages: Chinese at the site root, English under en/, each page linking its counterpart.

A job's language is the notebook's `lang` parameter; the same notebook and parameter
set in the other language is the page's counterpart. Chinese is the report's language
and keeps the URLs it always had (`01-employment-value/pooled.html`); English pages
live in `en/` with the same layout, so a page's counterpart is found by its path alone.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

LANGS = ("zh", "en")
DEFAULT = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en"}
NAMES = {"zh": "中文", "en": "English"}
_SUBDIR = {"zh": "", "en": "en"}

# Inserted into every page and index; replaced, not duplicated, when a page is published again.
LINK_START, LINK_END = "<!-- counterpart:start -->", "<!-- counterpart:end -->"
_LINK_RE = re.compile(re.escape(LINK_START) + ".*?" + re.escape(LINK_END), re.S)
_BODY_RE = re.compile(r"<body[^>]*>", re.I)


def check(lang: str) -> str:
    if lang not in LANGS:
        from ..exceptions import BuildError

        raise BuildError(f"unknown language {lang!r}; known: {', '.join(LANGS)}")
    return lang


def selected(choice: str | None) -> tuple[str, ...]:
    """`--lang zh|en|all` as a tuple of languages (default: all)."""
    if choice in (None, "all"):
        return LANGS
    return (check(choice),)


def subdir(lang: str) -> str:
    """The site folder of a language: "" for Chinese (the root), "en" for English."""
    return _SUBDIR[check(lang)]


def site_path(lang: str, relative: str) -> str:
    """`relative` (e.g. "index.html", "01-employment-value/pooled.html") in the folder of `lang`."""
    folder = subdir(lang)
    return f"{folder}/{relative}" if folder else relative


def label(lang: str, notebook: str, paramset: str) -> str:
    """A job's label: `notebook/paramset`, with the language folder in front for English."""
    return site_path(lang, f"{notebook}/{paramset}")


def with_languages(jobs: list, langs: tuple[str, ...]) -> list:
    """Each job in every language of `langs`, Chinese first.

    A notebook that declares no `lang` parameter is built in Chinese only (it cannot
    speak English). Chinese jobs keep their parameters (the notebooks' default is zh),
    so their cache keys and pages are what they were before languages existed.
    """
    from .parameters import declared_parameters

    out = []
    for lang in langs:
        for job in jobs:
            if lang == DEFAULT:
                out.append(job)
            elif "lang" in declared_parameters(job.notebook_path):
                out.append(replace(job, lang=lang, parameters={**job.parameters, "lang": lang}))
    return out


def counterpart(lang: str, relative: str) -> tuple[str, str]:
    """For a file at `relative` in the folder of `lang` (a path inside that folder), the other
    language and the href from that file to its counterpart."""
    other = "en" if lang == "zh" else "zh"
    depth = len(Path(relative).parts) - 1
    up = "../" * (depth + (1 if subdir(lang) else 0))
    return other, up + site_path(other, relative)


def link_html(lang: str, relative: str) -> str:
    other, href = counterpart(lang, relative)
    # Each link names its target in the target's language (marked with lang=), as language switchers do.
    text = "English version" if other == "en" else "中文版"
    return (f'{LINK_START}<p class="cd-lang" style="margin:.3em 1em;text-align:right">'
            f'<a href="{href}" hreflang="{HTML_LANG[other]}" lang="{HTML_LANG[other]}">{text}</a></p>{LINK_END}')


def link_counterparts(root: Path) -> int:
    """Give every page under `root` whose counterpart exists a link to it; return how many were linked.

    Done when the site is assembled, not when a page is rendered: only then is it known
    which counterparts are published (`--lang zh` builds no English pages).
    """
    linked = 0
    for lang in LANGS:
        base = root / subdir(lang) if subdir(lang) else root
        for page in sorted(base.rglob("*.html")) if base.is_dir() else []:
            relative = page.relative_to(base)
            if lang == DEFAULT and relative.parts[0] in _SUBDIR.values():
                continue  # the English folder, seen from the root
            if relative.parts[0] == "counties":
                continue  # the all-county section is published on its own, in Chinese
            other, href = counterpart(lang, str(relative))
            if not (root / site_path(other, str(relative))).is_file():
                continue
            text = page.read_text(encoding="utf-8")
            text = _LINK_RE.sub("", text)
            match = _BODY_RE.search(text)
            if not match:
                continue
            text = text[:match.end()] + link_html(lang, str(relative)) + text[match.end():]
            page.write_text(text, encoding="utf-8")
            linked += 1
    return linked


# --- English pages from bilingual notebooks -----------------------------------------------------
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def english_markdown(source: str) -> str:
    """The English part of a bilingual markdown cell (`# 县域概况 · County context`, a Chinese
    paragraph, then its English translation in italics): headings keep their English half,
    paragraphs written mostly in Chinese are left out. Names in Chinese inside English text stay."""
    blocks = re.split(r"\n\s*\n", source)
    kept = []
    for block in blocks:
        if block.lstrip().startswith("#"):
            kept.append("\n".join(_english_heading(line) for line in block.splitlines()))
        elif len(_CJK.findall(block)) <= len(_LATIN.findall(block)):
            kept.append(block)
    return "\n\n".join(kept)


def _english_heading(line: str) -> str:
    if not line.lstrip().startswith("#") or " · " not in line:
        return line
    hashes, _, rest = line.strip().partition(" ")
    number = re.match(r"\d+\.\s*", rest)  # "1. 位置 · Location": the section number stays
    prefix = number.group(0) if number else ""
    halves = rest[len(prefix):].split(" · ")
    english = [h for h in halves if not has_cjk(re.sub(r"<[^>]+>", "", h))]
    return f"{hashes} {prefix}{' · '.join(english)}" if english else line
