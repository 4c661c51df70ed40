"""The site's languages, the page manifest and run parameters, as units (no kernel)."""
from __future__ import annotations

import pytest

from countydigital.exceptions import BuildError
from countydigital.runner import languages, manifest
from countydigital.runner.jobs import Job
from countydigital.runner.parameters import apply_overrides, resolve_value
from runner_fixtures import write_notebook


def test_english_markdown_keeps_the_english_half():
    cell = ("## 1. 位置 · Location <a id=\"location\"></a>\n\n左图标出所在省份，右图标出该县在省内的位置。\n\n"
            "*Left: the province in China; right: the county in its province (巨鹿县).*")
    out = languages.english_markdown(cell)
    assert out.startswith('## 1. Location <a id="location"></a>')
    assert "左图" not in out and "(巨鹿县)" in out  # a Chinese name inside English text stays
    assert languages.english_markdown("# 只有中文") == "# 只有中文"  # nothing English to keep: unchanged heading


def test_counterpart_paths():
    assert languages.counterpart("zh", "01-employment-value/pooled.html") == (
        "en", "../en/01-employment-value/pooled.html")
    assert languages.counterpart("en", "01-employment-value/pooled.html") == (
        "zh", "../../01-employment-value/pooled.html")
    assert languages.counterpart("zh", "index.html") == ("en", "en/index.html")
    assert languages.counterpart("en", "claims.html") == ("zh", "../claims.html")


def test_links_only_to_published_counterparts_and_never_twice(tmp_path):
    page = "<html><body><p>x</p></body></html>"
    for rel in ("a/one.html", "en/a/one.html", "a/two.html", "counties/x.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(page, encoding="utf-8")
    assert languages.link_counterparts(tmp_path) == 2
    assert languages.link_counterparts(tmp_path) == 2  # again: replaced, not added
    one = (tmp_path / "a" / "one.html").read_text(encoding="utf-8")
    assert one.count("counterpart:start") == 1 and 'href="../en/a/one.html"' in one
    assert "counterpart" not in (tmp_path / "a" / "two.html").read_text(encoding="utf-8")


def test_languages_double_only_notebooks_that_declare_lang(tmp_path, monkeypatch):
    import countydigital.paths as paths

    write_notebook(tmp_path / "aa.ipynb", 'county = "x"\nlang = "zh"', [], [])
    write_notebook(tmp_path / "bb.ipynb", 'county = "x"', [], [])
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    jobs = [Job("aa", "one", {"county": "one"}), Job("bb", "one", {"county": "one"})]
    out = languages.with_languages(jobs, ("zh", "en"))
    assert [j.label for j in out] == ["aa/one", "bb/one", "en/aa/one"]
    assert out[2].parameters == {"county": "one", "lang": "en"} and out[0].parameters == {"county": "one"}
    assert languages.selected("all") == ("zh", "en") and languages.selected("en") == ("en",)


def test_parameters_apply_where_declared_and_unknown_names_are_refused(tmp_path, monkeypatch):
    import countydigital.paths as paths

    write_notebook(tmp_path / "aa.ipynb", 'county = "x"\nmin_cell = 5', [], [])
    write_notebook(tmp_path / "bb.ipynb", 'county = "x"\nyears = 5', [], [])
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    jobs = [Job("aa", "one", {"county": "one"}), Job("bb", "one", {"county": "one"})]
    out = apply_overrides(jobs, {"min_cell": 7})
    assert out[0].parameters["min_cell"] == 7 and "min_cell" not in out[1].parameters
    with pytest.raises(BuildError, match=r"min_cel\b.*aa: county, min_cell; bb: county, years"):
        apply_overrides(jobs, {"min_cel": 7})
    with pytest.raises(BuildError, match="survey: use --survey"):
        apply_overrides(jobs, {"survey": "x.csv"})
    assert [resolve_value(v) for v in ("7", "0.5", "True", "None", "pooled")] == [7, 0.5, True, None, "pooled"]


def test_manifest_merge_replaces_by_label_and_keeps_the_rest():
    def page(label, notebook):
        return {"label": label, "notebook": notebook, "value": label}

    published = [page("aa/pooled", "aa"), page("aa/1", "aa"), page("bb/1", "bb")]
    built = [dict(page("aa/1", "aa"), value="new"), page("bb/2", "bb"), page("ab/1", "ab")]
    merged = manifest.merge(published, built)
    assert [p["label"] for p in merged] == ["aa/pooled", "aa/1", "ab/1", "bb/1", "bb/2"]
    assert merged[1]["value"] == "new"
