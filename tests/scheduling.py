"""How `make test` shares the tests out between its pytest-xdist workers (wired up in tests/conftest.py).

`make test` runs `--dist loadfile --no-loadscope-reorder`: a test file goes to one worker as a whole, so its
module-scoped builds run once. Two changes to plain loadfile:

- the files that use one session-wide fixture (a build of tests/shared_builds.py, the process the notebook
  regressions run in) form one group (SHARED), sent to one worker together, so that it is made once;
- groups go out longest first (LONGEST_FIRST, then the slow folders, then tests/unit): xdist hands a worker
  its next group when it is nearly done, so a long group started last would run on alone while the other
  worker stands idle. (xdist's own reordering, by number of tests, put the few-but-long build files last.)

xdist's `--dist loadgroup` with `xdist_group` marks would express the first point, but it cannot be used:
with pytest 9.2 its marks no longer reach the scheduler (pytest-dev/pytest-xdist#1386), so a group is
computed here from the test's id, which the scheduler sees.
"""
from __future__ import annotations

# Which test files use which session-wide fixture: a build of tests/shared_builds.py, or the notebook-running
# process of tests/notebooks/nbregression.py.
SHARED = {
    "real_sites": ("tests/build/test_warm_engine.py", "tests/build/test_reliability_determinism.py",
                   "tests/browser/test_browser.py"),
    "county_site": ("tests/build/test_allcounty_build.py", "tests/browser/test_allcounty_browser.py"),
    "notebook_worker": tuple(f"tests/notebooks/test_notebook_0{n}.py" for n in range(5)),
}
# The longest groups (`make test TEST_ARGS=--durations=40`), longest first; the order only decides how evenly
# the workers finish, never what runs.
LONGEST_FIRST = (
    "real_sites",
    "tests/build/test_reliability_faults.py",
    "tests/build/test_reliability_concurrent.py",  # mostly one build at a time: beside the real sites' builds
    "tests/build/test_reliability_cache.py",
    "county_site",
    "tests/build/test_survey_build.py",
    "tests/build/test_allcounty_resume.py",
    "tests/unit/test_figure_png.py",  # the longest unit file: handed out last, it ran on alone for ~6 s
)
FOLDERS_FIRST = ("tests/build/", "tests/browser/", "tests/notebooks/")  # then everything else (tests/unit)

_GROUP_OF_FILE = {file: group for group, files in SHARED.items() for file in files}


def group_of(nodeid: str) -> str:
    """The group of a test id: its shared build's name, or else its file."""
    file = nodeid.split("::", 1)[0]
    return _GROUP_OF_FILE.get(file, file)


def rank(nodeid: str) -> tuple[int, int]:
    """Sort key of a test: its group's place in the order the groups are handed out."""
    group = group_of(nodeid)
    if group in LONGEST_FIRST:
        return 0, LONGEST_FIRST.index(group)
    return 1, 0 if group.startswith(FOLDERS_FIRST) else 1


def unlisted_users(items) -> list[str]:
    """Tests that use a shared build from a file SHARED does not list (they would build it once more)."""
    return [item.nodeid for item in items for name, files in SHARED.items()
            if name in getattr(item, "fixturenames", ()) and item.nodeid.split("::", 1)[0] not in files]


def make_scheduler(config, log):
    """xdist's loadfile scheduler, with the groups above in place of single files."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:  # the one method xdist's own LoadFileScheduling overrides
            return group_of(nodeid)

    return GroupScheduling(config, log)
