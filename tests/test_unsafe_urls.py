"""Addresses that run code (`javascript:` and the like) never reach a published page."""

from __future__ import annotations

from conftest import run_main


def test_a_body_link_that_runs_code_is_published_without_its_address_and_warned_about(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"content/a.md": "---\ntitle: A\ndate: 2026-11-20\n---\nIntro.\n\n"
                                      '[Click](javascript:alert(1)) or <a href="JaVaScRiPt:alert(2)">here</a>.\n'})
    result = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "link address" in line]
    assert sorted(w.split(" removed")[0] for w in warnings) == [
        "warning [unsafe-link]: content/a.md:7: link address 'JaVaScRiPt:alert(2)'",
        "warning [unsafe-link]: content/a.md:7: link address 'javascript:alert(1)'"]
    published = "".join(p.read_text() for p in (site / "public").rglob("*") if p.suffix in (".html", ".xml", ".json"))
    assert "script:alert" not in published.lower()
    assert "<a>Click</a> or <a>here</a>" in (site / "public/2026/11/20/a/index.html").read_text()
