"""Every warning is printed with its kind code; `warnings: ignore:` in site.yaml silences kinds."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import BASIC_CONFIG, REPO, run_main

from newsgen.core.warningkinds import WARNING_KINDS

MakeSite = Callable[..., Path]
BARE = {"title": "Harbour opens", "date": "2024-03-01T10:00:00Z"}  # no photo, no author
UNKNOWN = ("warning [unknown-field]: content/b.md:5: tittle: unknown field kept in article.extra "
           '(did you mean "title"?)')
BYLINED = {**BARE, "title": "Ferry late", "author": "Ann Lee", "tittle": "typo"}  # no photo, a misspelt key


def _build(site: Path) -> tuple[int, list[str]]:
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    return run.code, [line for line in run.err.splitlines() if line.startswith("warning")]


def _site(make_site: MakeSite, ignore: object = None) -> Path:
    config = {**BASIC_CONFIG, **({"warnings": {"ignore": ignore}} if ignore is not None else {})}
    return make_site({"content/a.md": BARE, "content/b.md": BYLINED}, config=config)


def test_every_warning_is_printed_with_its_kind(make_site: MakeSite) -> None:
    code, warnings = _build(_site(make_site))
    assert code == 0
    assert sorted(warnings) == [
        "warning [no-logo]: site.yaml: logo: no publisher logo: search engines want one for news articles; "
        "add `logo: /images/logo.png`",
        "warning [no-photo,no-author]: content/a.md:1: no photo and no author: search engines show articles "
        "without one less prominently",
        "warning [no-photo]: content/b.md:1: no photo: search engines show articles without one less "
        "prominently",
        UNKNOWN,
    ]


def test_an_ignored_kind_is_not_printed_and_the_others_still_are(make_site: MakeSite) -> None:
    code, warnings = _build(_site(make_site, ["no-photo", "no-logo"]))
    assert code == 0
    assert sorted(warnings) == [
        # the article lacking both is still told about its author, the kind that is not ignored
        "warning [no-author]: content/a.md:1: no author: search engines show articles without one less "
        "prominently",
        UNKNOWN,
    ]


def test_ignore_takes_effect_on_an_unchanged_rebuild_both_ways(make_site: MakeSite) -> None:
    site = _site(make_site)
    assert any("[unknown-field]" in line for line in _build(site)[1])
    config = (site / "site.yaml").read_text()
    (site / "site.yaml").write_text(config + "warnings:\n  ignore: [unknown-field, no-photo]\n")
    code, warnings = _build(site)
    assert code == 0 and warnings and not any("[unknown-field]" in w or "no photo" in w for w in warnings)
    (site / "site.yaml").write_text(config)
    assert any("[unknown-field]" in line for line in _build(site)[1])


def test_a_failed_build_leaves_ignored_warnings_out_too(make_site: MakeSite) -> None:
    site = make_site({"content/a.md": {**BYLINED, "date": "not a date"}, "content/b.md": BYLINED},
                     config={**BASIC_CONFIG, "warnings": {"ignore": ["unknown-field"]}})
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 1 and "content/a.md:3: date: " in run.err
    assert "unknown-field" not in run.err


def test_an_unknown_kind_is_an_error_at_its_line(make_site: MakeSite) -> None:
    code, _ = _build(_site(make_site, ["no-photos"]))
    assert code == 1
    run = run_main("build", "--site", _site(make_site, ["no-photos"]), "--jobs", "1")
    assert ('site.yaml:4: warnings: ignore: unknown warning kind \'no-photos\' (did you mean "no-photo"?); '
            "known: no-logo, no-photo") in run.err
    assert "Traceback" not in run.err


def test_warnings_setting_of_the_wrong_shape_is_an_error(make_site: MakeSite) -> None:
    site = make_site({"content/a.md": BARE}, config={**BASIC_CONFIG, "warnings": {"ignore": 3, "mute": []}})
    run = run_main("build", "--site", site, "--jobs", "1")
    assert run.code == 1
    assert "site.yaml:4: warnings: unknown key 'mute'; known: ignore" in run.err
    assert "site.yaml:4: warnings: ignore: expected a list of warning kinds such as [no-photo], found 3" in (
        run.err)


def test_every_kind_the_code_gives_is_documented_and_listed_in_the_readme() -> None:
    used = set()
    for path in (REPO / "src" / "newsgen").rglob("*.py"):
        text = path.read_text()
        used |= set(re.findall(r'Problem\((?:[^()]|\([^()]*\))*?kind="([a-z-]+)"', text))
        used |= set(re.findall(r"warning \[([a-z-]+)\]", text))
    used |= {"no-photo", "no-author"}  # made from the missing field's name (render/structured_data.py)
    assert used <= set(WARNING_KINDS), used - set(WARNING_KINDS)
    assert set(WARNING_KINDS) <= used, "a documented kind that nothing gives"
    readme = (REPO / "README.md").read_text()
    for code in WARNING_KINDS:
        assert f"| `{code}` |" in readme
