"""config: site.yaml is validated strictly; every mistake names the key and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.config import SETTINGS, SiteConfig, load_config, parse_config, with_base_url
from newsgen.errors import UserError

REQUIRED = {"title": "Test Times", "base_url": "https://example.org/"}


def config_error(data: dict, lines: dict[str, int] | None = None) -> str:
    with pytest.raises(UserError) as info:
        parse_config(data, lines or {})
    return str(info.value)


def load_error(site: Path, text: str) -> str:
    (site / "site.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_config(site)
    return str(info.value)


def test_config_fills_documented_defaults_for_optional_keys() -> None:
    config = parse_config(dict(REQUIRED), {})
    assert (config.title, config.base_url) == ("Test Times", "https://example.org/")
    assert config.description == ""
    assert config.language == "en"
    assert config.timezone == "UTC"
    assert config.per_page == 10
    assert config.permalink == "/{year}/{month}/{day}/{slug}/"
    assert config.output == "public"
    assert config.feed_items == 20


def test_config_defaults_match_the_settings_table() -> None:
    config = parse_config(dict(REQUIRED), {})
    scalars = {name: s.default for name, s in SETTINGS.items() if isinstance(s.default, (str, int, bool))}
    assert len(scalars) >= 8
    for name, default in scalars.items():
        assert getattr(config, name) == default, name  # the README's documented default is the real one


def test_config_base_path_is_the_subpath_of_base_url() -> None:
    assert parse_config({**REQUIRED, "base_url": "https://example.org/news/"}, {}).base_path == "/news/"
    assert parse_config(dict(REQUIRED), {}).base_path == "/"


def test_config_accepts_every_documented_key(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "title: The Harbour Ledger\nbase_url: https://example.org/news/\ndescription: Port news\n"
        "language: pt-BR\ntimezone: Europe/Amsterdam\nper_page: 6\npermalink: /{section}/{year}/{slug}/\n"
        "output: site-out\nfeed_items: 5\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.language == "pt-BR"
    assert config.zone.key == "Europe/Amsterdam"
    assert (config.per_page, config.feed_items, config.output) == (6, 5, "site-out")
    assert config.permalink == "/{section}/{year}/{slug}/"


def test_config_rejects_an_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    message = load_error(tmp_path, "title: T\nbase_url: https://example.org/\ntittle: Oops\n")
    assert message.startswith('site.yaml:3: tittle: unknown setting (did you mean "title"?); known settings: '
                              "title, base_url, description")


def test_config_rejects_an_unknown_key_without_a_close_match(tmp_path: Path) -> None:
    message = load_error(tmp_path, "title: T\nbase_url: https://example.org/\ncolour: blue\n")
    assert message.startswith("site.yaml:3: colour: unknown setting; known settings: title, base_url")


@pytest.mark.parametrize("key", ["title", "base_url"])
def test_config_requires_title_and_base_url(key: str) -> None:
    data = dict(REQUIRED)
    del data[key]
    assert config_error(data) == f"site.yaml:1: {key}: required setting is missing: add `{key}: ...`"


def test_config_treats_an_empty_required_value_as_missing() -> None:
    assert config_error({**REQUIRED, "base_url": None}) == (
        "site.yaml:1: base_url: required setting is missing: add `base_url: ...`")


@pytest.mark.parametrize(("base_url", "message"), [
    ("example.org/", "expected an absolute http(s) URL such as https://example.org/, found 'example.org/'"),
    ("/news/", "expected an absolute http(s) URL such as https://example.org/, found '/news/'"),
    ("ftp://example.org/", "expected an absolute http(s) URL such as https://example.org/, found 'ftp://example.org/'"),
    ("https://example.org/news", "must end with '/', e.g. 'https://example.org/news/'"),
    ("https://example.org/?page=1", "must not have a query or fragment, found 'https://example.org/?page=1'"),
    ("https://example.org/#top", "must not have a query or fragment, found 'https://example.org/#top'"),
])
def test_config_rejects_a_base_url_that_is_not_an_absolute_folder_url(base_url: str, message: str) -> None:
    assert config_error({**REQUIRED, "base_url": base_url}, {"base_url": 2}) == f"site.yaml:2: base_url: {message}"


def test_config_rejects_a_malformed_base_url_without_crashing() -> None:
    message = config_error({**REQUIRED, "base_url": "http://[::1/"}, {"base_url": 2})
    assert message.startswith("site.yaml:2: base_url: expected an absolute http(s) URL")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../../etc/passwd", "CEST+1"])
def test_config_rejects_an_unknown_time_zone(zone: str) -> None:
    assert config_error({**REQUIRED, "timezone": zone}, {"timezone": 4}) == (
        f"site.yaml:4: timezone: unknown time zone {zone!r}: use an IANA name such as Europe/London or UTC")


@pytest.mark.parametrize(("value", "message"), [
    ("ten", "expected a whole number, found 'ten'"),
    (True, "expected a whole number, found True"),
    (2.5, "expected a whole number, found 2.5"),
    (0, "must be at least 1, found 0"),
    (-3, "must be at least 1, found -3"),
])
def test_config_rejects_a_per_page_that_is_not_a_positive_whole_number(value: object, message: str) -> None:
    assert config_error({**REQUIRED, "per_page": value}, {"per_page": 5}) == f"site.yaml:5: per_page: {message}"


def test_config_rejects_a_title_that_is_not_text() -> None:
    assert config_error({**REQUIRED, "title": ["a", "b"]}, {"title": 1}) == (
        "site.yaml:1: title: expected text, found ['a', 'b']")


@pytest.mark.parametrize(("permalink", "message"), [
    ("/{year}/{title}/", "unknown token {title}; use {year}, {month}, {day}, {slug}, {section}"),
    ("/{year}/{month}/", "must contain {slug}, or two articles would share one URL"),
    ("{slug}", "must start and end with '/', found '{slug}'"),
    ("/{year}/{slug}", "must start and end with '/', found '/{year}/{slug}'"),
    ("/news {slug}/", "may contain only letters, digits, '/', '-', '_', '.', '~' and tokens, found '/news {slug}/'"),
])
def test_config_rejects_a_bad_permalink(permalink: str, message: str) -> None:
    assert config_error({**REQUIRED, "permalink": permalink}, {"permalink": 6}) == (
        f"site.yaml:6: permalink: {message}")


@pytest.mark.parametrize("permalink", ["/{slug}}/", "/{{slug}/", "/{year/{slug}/"])
def test_config_rejects_a_permalink_with_a_stray_brace_instead_of_crashing_later(permalink: str) -> None:
    assert config_error({**REQUIRED, "permalink": permalink}, {"permalink": 6}) == (
        f"site.yaml:6: permalink: has a '{{' or '}}' that is not part of a token, found {permalink!r}")


def test_config_rejects_a_language_that_is_not_a_language_code() -> None:
    assert config_error({**REQUIRED, "language": "english"}, {"language": 3}) == (
        "site.yaml:3: language: expected a language code such as en or pt-BR, found 'english'")


def test_load_config_reports_yaml_syntax_errors_with_their_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, "title: T\nbase_url: https://example.org/\nper_page: [6\n")
    assert message.startswith("site.yaml:")
    assert ": invalid site.yaml: " in message
    line = int(message.split(":")[1])
    assert line >= 3


def test_load_config_rejects_a_site_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert load_error(tmp_path, "- title: T\n- base_url: https://example.org/\n") == (
        "site.yaml:1: site.yaml must be a mapping of `key: value` lines, found a list")


def test_load_config_rejects_a_site_yaml_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_bytes(b"title: T\nbase_url: https://example.org/\ndescription: Caf\xe9\n")
    with pytest.raises(UserError) as info:
        load_config(tmp_path)
    assert str(info.value) == "site.yaml:3: not UTF-8 text (byte 56): save the file as UTF-8"


def test_load_config_explains_a_missing_site_yaml(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        load_config(tmp_path)
    assert str(info.value).startswith(f"site.yaml: no site.yaml in {tmp_path}: a site folder needs one with at "
                                      "least `title` and `base_url`")


def test_load_config_reads_dates_as_text_not_yaml_timestamps(tmp_path: Path) -> None:
    # `description: 2026-01-01` must stay the text the user wrote, not a YAML date object.
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://example.org/\ndescription: 2026-01-01\n",
                                        encoding="utf-8")
    assert load_config(tmp_path).description == "2026-01-01"


def test_with_base_url_overrides_and_validates_the_base_url() -> None:
    config = parse_config(dict(REQUIRED), {})
    moved = with_base_url(config, "https://staging.example.org/news/")
    assert isinstance(moved, SiteConfig)
    assert moved.base_path == "/news/"
    assert moved.title == config.title
    with pytest.raises(UserError) as info:
        with_base_url(config, "https://staging.example.org/news")
    assert str(info.value) == "--base-url: must end with '/', e.g. 'https://staging.example.org/news/'"


def test_config_digest_changes_with_any_setting_that_changes_output() -> None:
    base = parse_config(dict(REQUIRED), {})
    assert base.digest() == parse_config(dict(REQUIRED), {}).digest()
    assert base.digest() != parse_config({**REQUIRED, "per_page": 3}, {}).digest()
    assert base.digest() != parse_config({**REQUIRED, "base_url": "https://example.org/news/"}, {}).digest()


def test_commonmark_engine_without_cmarkgfm_is_a_clear_config_error(tmp_path, monkeypatch) -> None:
    from newsgen import config as config_module

    monkeypatch.setattr(config_module.commonmark, "available", lambda: False)
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://example.org/\nmarkdown_engine: commonmark\n")
    with pytest.raises(UserError) as caught:
        config_module.load_config(tmp_path)
    assert str(caught.value) == ("site.yaml:3: markdown_engine: commonmark needs the cmark-gfm engine: "
                                 "`pip install newsgen[fast]` (or `pip install cmarkgfm`), or use python-markdown")
