"""`policies:` in site.yaml: trust pages in the publisher Organization JSON-LD and in every footer."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import BASIC_CONFIG, run_main

NOW = "2026-11-28T12:00"
STORY = "---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\n---\nThe ferry.\n"
FILES = {"content/ferry.md": STORY,
         "content/pages/policies/ethics.md": "---\ntitle: Our ethics policy\n---\nFacts first.\n",
         "content/pages/contact.md": "---\ntitle: Contact us\nurl: /reach-us/\n---\nCall.\n"}
POLICIES = {**BASIC_CONFIG, "policies": {"ethics": "policies/ethics", "contact": "contact"}}


def build(site: Path):  # type: ignore[no-untyped-def]
    return run_main("build", "--site", site, "--now", NOW, "--quiet")


def publisher(html: str) -> dict:  # type: ignore[type-arg]
    data = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    return data[0]["publisher"]


def test_policies_fill_the_publisher_organization_of_articles_and_pages(make_site: Any) -> None:
    site = make_site(FILES, POLICIES)
    assert build(site).code == 0
    for rel in ("2026/11/27/ferry/index.html", "policies/ethics/index.html"):
        org = publisher((site / "public" / rel).read_text(encoding="utf-8"))
        assert org["publishingPrinciples"] == "https://example.org/policies/ethics/"
        assert org["contactPoint"] == {"@type": "ContactPoint", "url": "https://example.org/reach-us/"}


def test_policies_are_linked_in_every_footer_by_page_title(make_site: Any) -> None:
    site = make_site(FILES, POLICIES)
    assert build(site).code == 0
    for rel in ("index.html", "2026/11/27/ferry/index.html", "404.html"):
        html = (site / "public" / rel).read_text(encoding="utf-8")
        assert '<a href="/policies/ethics/">Our ethics policy</a>' in html, rel
        assert '<a href="/reach-us/">Contact us</a>' in html, rel


def test_without_policies_the_footer_has_no_policy_links(make_site: Any) -> None:
    site = make_site(FILES)
    assert build(site).code == 0
    assert 'aria-label="Our standards"' not in (site / "public/index.html").read_text(encoding="utf-8")


def test_a_policy_naming_a_missing_page_is_an_error_at_its_line(make_site: Any) -> None:
    config = "title: T\nbase_url: https://example.org/\npolicies:\n  ethics: policies/ethic\n"
    site = make_site(FILES, config)
    result = build(site)
    assert result.code == 1
    assert "site.yaml:3: policies.ethics: no page 'policies/ethic'" in result.err
    assert "policies/ethics" in result.err  # the pages there are
    assert "Traceback" not in result.err


def test_a_policy_naming_a_draft_page_is_an_error(make_site: Any) -> None:
    files = {**FILES, "content/pages/policies/ethics.md": "---\ntitle: Ethics\ndraft: true\n---\nX.\n"}
    result = build(make_site(files, POLICIES))
    assert result.code == 1 and "no page 'policies/ethics'" in result.err


def test_an_unknown_policy_kind_is_an_error_naming_the_known_ones(make_site: Any) -> None:
    config = "title: T\nbase_url: https://example.org/\npolicies:\n  ethic: policies/ethics\n"
    result = build(make_site(FILES, config))
    assert result.code == 1
    assert "site.yaml:3: policies: unknown policy 'ethic': expected one of ethics, corrections" in result.err


def test_a_renamed_policy_page_updates_every_footer_on_the_next_build(make_site: Any) -> None:
    site = make_site(FILES, POLICIES)
    assert build(site).code == 0
    ethics = site / "content/pages/policies/ethics.md"
    ethics.write_text("---\ntitle: Standards\n---\nFacts.\n", encoding="utf-8")
    assert build(site).code == 0
    story = (site / "public/2026/11/27/ferry/index.html").read_text(encoding="utf-8")
    assert '<a href="/policies/ethics/">Standards</a>' in story
