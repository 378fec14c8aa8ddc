"""config: site.yaml is validated strictly; every mistake names the key and its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.check.links import resolve
from newsgen.core import strings
from newsgen.core.config import (
    SETTINGS,
    SettingsRefused,
    SiteConfig,
    check_output_dir,
    load_config,
    parse_config,
    with_base_url,
)
from newsgen.core.errors import BuildFailed, UserError
from newsgen.core.fields import FIELDS
from newsgen.core.urls import Urls, article_path
from newsgen.render.dateformat import DateFormats
from newsgen.render.translate import Translator

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
    from newsgen.core import config as config_module

    monkeypatch.setattr(config_module, "commonmark_available", lambda: False)
    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://example.org/\nmarkdown_engine: commonmark\n")
    with pytest.raises(UserError) as caught:
        config_module.load_config(tmp_path)
    assert str(caught.value) == ("site.yaml:3: markdown_engine: commonmark needs the cmark-gfm engine: "
                                 "`pip install newsgen[fast]` (or `pip install cmarkgfm`), or use python-markdown")



# --- issue 11: every setting validated fully, every problem reported at once ---

ESCAPES = "(YAML turns escapes such as \\0 or \\t in double quotes into such characters)"
ENCODED = "(the host in its xn-- form, the path percent-encoded)"
PLAIN_PATH = "links would lead elsewhere; write the folder plainly, e.g. https://example.org/news/"
PORT = "the port must be a number from 1 to 65535, found"
OUTPUT_ROLE = ("the output folder, which newsgen prunes and you deploy, must be a folder of its own, such as "
               "public")
CACHE_ROLE = ("the cache, which holds every article (drafts included), must be a folder of its own, such as "
              ".newsgen-cache")
CACHE_DEPLOYED = ("overlap: the cache holds every article, drafts included, and would be deployed with the "
                  "site; give each a folder of its own, such as .newsgen-cache and public")
TOO_BIG = "more would make pages and feeds too big to load"


def config_errors(data: dict, lines: dict[str, int] | None = None, site: Path | None = None) -> list[str]:
    """Every problem parse_config reports, one string each."""
    with pytest.raises(UserError) as info:
        parse_config(data, lines or {}, site_dir=site)
    return [str(p) for p in getattr(info.value, "problems", (info.value.problem,))]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder with the folders a site has, and a file where a folder might be expected."""
    for name in ("content", "static", "templates"):
        (tmp_path / "site" / name).mkdir(parents=True)
    (tmp_path / "site" / "notes.txt").write_text("not a folder")
    return tmp_path / "site"


def test_every_site_yaml_problem_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "title: ''\nbase_url: ' https://example.org/'\nper_page: '10'\ntimezon: UTC\ncache_dir: notes.txt\n"
        "permalink: /../{slug}/\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("a file")
    with pytest.raises(SettingsRefused) as info:
        load_config(tmp_path)
    assert [str(p) for p in info.value.problems] == [
        "site.yaml:1: title: must not be empty: it names the site in every page title and feed",
        ("site.yaml:2: base_url: has a space at the start or end, found ' https://example.org/': write "
         "'https://example.org/'"),
        "site.yaml:3: per_page: expected a whole number, found '10': remove the quotes",
        ('site.yaml:4: timezon: unknown setting (did you mean "timezone"?); known settings: '
         + ", ".join(SETTINGS)),
        f"site.yaml:5: cache_dir: 'notes.txt' names a file (notes.txt), not a folder: {CACHE_ROLE}",
        ("site.yaml:6: permalink: the part '..' of '/../{slug}/' starts or ends with '.' or holds '..': such "
         "a page could land outside the output folder or in a hidden one; use letters, digits, '-' or '_'"),
    ]
    assert isinstance(info.value, BuildFailed)  # the build reports them like any other set of problems


@pytest.mark.parametrize(("base_url", "message"), [
    (" https://example.org/",
     "has a space at the start or end, found ' https://example.org/': write 'https://example.org/'"),
    ("https://example.org/my news/", ("contains ' ', which a URL cannot hold as it is, found "
                                      "'https://example.org/my news/': percent-encode it (%20)")),
    ("https://example.org/\tnews/",
     f"contains the control character U+0009 at position 21: remove it {ESCAPES}"),
    ("https://user:pw@example.org/", ("must not contain a user name or password (before '@'), found "
                                      "'https://user:pw@example.org/': they would be published on every "
                                      "page")),
    ("https://bücher.example/",
     f"must be ASCII, found 'https://bücher.example/': write 'https://xn--bcher-kva.example/' {ENCODED}"),
    ("https://example.org/café/",
     f"must be ASCII, found 'https://example.org/café/': write 'https://example.org/caf%C3%A9/' {ENCODED}"),
    ("https://example.org:abc/", f"{PORT} 'https://example.org:abc/'"),
    ("https://example.org:0/", f"{PORT} 'https://example.org:0/'"),
    ("https://example.org:70000/", f"{PORT} 'https://example.org:70000/'"),
    ("https://example.org:/", f"{PORT} 'https://example.org:/'"),
    ("https://exa_mple-.org/", ("expected a host name such as example.org (letters, digits and '-' between "
                                "dots), found 'exa_mple-.org'")),
    ("https://[v1.x]/", "expected an IPv6 address between [ and ], found '[v1.x]'"),
    ("https://[::1]x/", "expected [address] or [address]:port, found '[::1]x'"),
    ("https://[fe80::1%25eth0]/",
     "an IPv6 zone (after '%') cannot be part of a site's URL: '[fe80::1%25eth0]'"),
    ("https://example.org//news/", f"its path '//news/' has an empty, '.' or '..' part: {PLAIN_PATH}"),
    ("https://example.org/news/../", f"its path '/news/../' has an empty, '.' or '..' part: {PLAIN_PATH}"),
    ("https://example.org/?", "must not have a query or fragment, found 'https://example.org/?'"),
    ("https://example.org/100%/", ("has a '%' that is not followed by two hex digits, found "
                                   "'https://example.org/100%/': write '%25' for a percent sign")),
    ("", "expected an absolute http(s) URL such as https://example.org/, found ''"),
])
def test_base_url_that_would_break_links_is_refused(base_url: str, message: str) -> None:
    assert config_errors({**REQUIRED, "base_url": base_url}, {"base_url": 2}) == [
        f"site.yaml:2: base_url: {message}"]


@pytest.mark.parametrize("base_url", [
    "https://example.org:8443/", "http://[::1]:8080/news/", "http://127.0.0.1/",
    "https://example.org/caf%C3%A9/", "https://example.org./a/b/", "https://xn--bcher-kva.example/",
    "http://localhost:8000/~ed/"])
def test_unusual_but_valid_base_url_is_accepted(base_url: str) -> None:
    assert parse_config({**REQUIRED, "base_url": base_url}, {}).base_url == base_url


def test_base_url_option_follows_the_base_url_rules() -> None:
    config = parse_config(dict(REQUIRED), {})
    with pytest.raises(UserError) as info:
        with_base_url(config, "https://user@staging.example.org/")
    assert str(info.value) == ("--base-url: must not contain a user name or password (before '@'), found "
                               "'https://user@staging.example.org/': they would be published on every page")


@pytest.mark.parametrize("permalink", ["/../{slug}/", "/{year}/../../{slug}/", "/.{slug}/", "/{slug}../",
                                       "/{slug}./", "/./{slug}/", "/{year}/.well-known/{slug}/",
                                       "/a..b/{slug}/"])
def test_permalink_that_climbs_out_or_hides_is_refused(permalink: str) -> None:
    [error] = config_errors({**REQUIRED, "permalink": permalink}, {"permalink": 6})
    assert error.startswith("site.yaml:6: permalink: the part ")
    assert "such a page could land outside the output folder or in a hidden one" in error


def test_permalink_with_an_empty_part_is_refused() -> None:
    assert config_errors({**REQUIRED, "permalink": "/{year}//{slug}/"}, {"permalink": 6}) == [
        ("site.yaml:6: permalink: has an empty part ('//'), found '/{year}//{slug}/': write each folder "
         "between single slashes")]


@pytest.mark.parametrize("permalink", ["/{section}/{year}-{month}-{day}/~{slug}/", "/{slug}.html/",
                                       "/news/{year}/{month}/{day}/{slug}/", "/{slug}/"])
def test_permalink_with_dots_and_tildes_inside_its_parts_is_accepted(permalink: str) -> None:
    assert parse_config({**REQUIRED, "permalink": permalink}, {}).permalink == permalink


@pytest.mark.parametrize(("permalink", "slug"), [("/../{slug}/", "ferry"), ("/{slug}/", ".."),
                                                 ("/{slug}/", ".x"), ("/.{slug}/", "ferry")])
def test_article_path_never_leaves_the_output_folder(permalink: str, slug: str) -> None:
    # site.yaml and slugify() never let such a path through; this is the guard if a new caller does.
    with pytest.raises(ValueError, match="could leave the output folder"):
        article_path(permalink, date=dt.datetime(2026, 11, 20, tzinfo=dt.UTC), slug=slug, section_slug="")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("output", "x" * 300, (f"the folder name {'x' * 24 + '...'!r} is 300 bytes long; file systems allow at "
                           "most 255: choose a shorter name")),
    ("cache_dir", "cache/" + "é" * 200, (f"the folder name {'é' * 24 + '...'!r} is 400 bytes long; file "
                                         "systems allow at most 255: choose a shorter name")),
    ("output", "a/" * 600, "is 1200 characters long; use a path of at most 1024"),
    ("cache_dir", "cache\x00", f"contains the control character U+0000 at position 6: remove it {ESCAPES}"),
    ("output", "", "must name a folder, e.g. public"),
    ("output", "public ", "has a space at the start or end, found 'public ': write 'public'"),
])
def test_folder_setting_the_file_system_cannot_hold_is_refused(key: str, value: str, message: str) -> None:
    assert config_errors({**REQUIRED, key: value}, {key: 7}) == [f"site.yaml:7: {key}: {message}"]


@pytest.mark.parametrize(("key", "value", "relation"), [
    ("output", ".", "is the site folder or holds it"),
    ("output", "..", "is the site folder or holds it"),
    ("output", "static", "is static/"),
    ("output", "templates", "is templates/"),
    ("output", "content/public", "is inside content/"),
    ("cache_dir", "content/x", "is inside content/"),
    ("cache_dir", "./", "is the site folder or holds it"),
    ("output", "notes.txt", "names a file (notes.txt), not a folder"),
    ("cache_dir", "notes.txt/cache", "names a file (notes.txt), not a folder"),
])
def test_output_and_cache_folders_stay_apart_from_the_site_folders(site: Path, key: str, value: str,
                                                                    relation: str) -> None:
    role = OUTPUT_ROLE if key == "output" else CACHE_ROLE
    assert config_errors({**REQUIRED, key: value}, {key: 7}, site) == [
        f"site.yaml:7: {key}: {value!r} {relation}: {role}"]


def test_output_folder_that_links_to_a_site_folder_is_refused(site: Path) -> None:
    (site / "public").symlink_to(site / "content", target_is_directory=True)
    assert config_errors(dict(REQUIRED), {}, site) == [
        f"site.yaml:1: output: 'public' is content/: {OUTPUT_ROLE}"]


@pytest.mark.parametrize(("settings_", "key"), [({"cache_dir": "public"}, "cache_dir"),
                                                ({"cache_dir": "public/.cache"}, "cache_dir"),
                                                ({"output": ".newsgen-cache/site"}, "output"),
                                                ({"output": "out", "cache_dir": "out/cache"}, "cache_dir")])
def test_cache_inside_the_output_folder_is_refused_so_drafts_are_never_deployed(site: Path, settings_: dict,
                                                                                 key: str) -> None:
    [error] = config_errors({**REQUIRED, **settings_}, {key: 8}, site)
    assert error.startswith(f"site.yaml:8: {key}: the cache (")
    assert error.endswith(CACHE_DEPLOYED)


def test_folders_outside_the_site_folder_are_allowed(site: Path) -> None:
    config = parse_config({**REQUIRED, "output": "../public-out", "cache_dir": "../cache"}, {}, site_dir=site)
    assert (config.output, config.cache_dir) == ("../public-out", "../cache")


def test_check_output_dir_applies_the_output_rules_to_the_command_line_option(site: Path) -> None:
    config = parse_config(dict(REQUIRED), {}, site_dir=site)

    def problem(path: Path) -> str | None:
        return check_output_dir(site, path, config)

    assert problem(site.parent / "www") is None
    assert problem(site / "public") is None
    assert problem(site) == f"{str(site)!r} is the site folder or holds it: {OUTPUT_ROLE}"
    assert problem(site.parent) == f"{str(site.parent)!r} is the site folder or holds it: {OUTPUT_ROLE}"
    assert problem(site / "static" / "x") == (
        f"{str(site / 'static' / 'x')!r} is inside static/: {OUTPUT_ROLE}")
    assert problem(site / ".newsgen-cache") == (
        f"{str(site / '.newsgen-cache')!r} is the cache folder (.newsgen-cache): {OUTPUT_ROLE}")
    assert problem(site / "notes.txt") == (
        f"{str(site / 'notes.txt')!r} names a file (notes.txt), not a folder: {OUTPUT_ROLE}")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("per_page", 10_000_000_000, f"must be at most 1000, found 10000000000: {TOO_BIG}"),
    ("feed_items", 1001, f"must be at most 1000, found 1001: {TOO_BIG}"),
    ("more_from", 101, f"must be at most 100, found 101: {TOO_BIG}"),
    ("more_from", -1, "must be 0 (no block) or more, found -1"),
    ("feed_items", "20", "expected a whole number, found '20': remove the quotes"),
    ("more_from", 1.5, "expected a whole number, found 1.5"),
])
def test_numbers_must_be_whole_and_sensible(key: str, value: object, message: str) -> None:
    assert config_errors({**REQUIRED, key: value}, {key: 4}) == [f"site.yaml:4: {key}: {message}"]


@pytest.mark.parametrize(("key", "value", "message"), [
    ("title", "Test \ud800", "contains a lone surrogate U+D800 at position 6, which no file can hold"),
    ("description", "\udfff", "contains a lone surrogate U+DFFF at position 1, which no file can hold"),
    ("language", "en-" + "x" * 40, "expected a language code such as en or pt-BR"),
    ("language", "", "expected a language code such as en or pt-BR"),
    ("markdown_engine", "", "expected one of python-markdown, commonmark, found ''"),
    ("logo", "//cdn.example.org/x.png", "write the full URL with https:, found '//cdn.example.org/x.png'"),
    ("logo", "/images/../../logo.png", "expected a path such as /images/logo.png without '.' or '..' parts"),
    ("logo", "/images/my logo.png", "contains ' ', which a URL cannot hold as it is"),
    ("logo", "https://cdn example.org/logo.png", "contains ' ', which a URL cannot hold as it is"),
    ("twitter_site", "https://x.com/harbourledger", "expected an X/Twitter handle such as @harbourledger"),
])
def test_text_settings_refuse_what_pages_and_feeds_cannot_hold(key: str, value: str, message: str) -> None:
    [error] = config_errors({**REQUIRED, key: value}, {key: 3})
    assert error.startswith(f"site.yaml:3: {key}: {message}")


@pytest.mark.parametrize("zone", ["Europe", "zone.tab", "tzdata.zi", "UTC ", "UTC/", "Europe/../UTC",
                                  "x" * 300])
def test_time_zone_that_is_not_a_zone_is_refused(zone: str) -> None:
    assert config_errors({**REQUIRED, "timezone": zone}, {"timezone": 4}) == [
        f"site.yaml:4: timezone: unknown time zone {zone!r}: use an IANA name such as Europe/London or UTC"]


def test_newsletter_reports_each_of_its_problems() -> None:
    newsletter = {"heading": "Get the Ledger", "action": "https://lists.example.org/sub scribe",
                  "field": "e mail", "buton": "Go"}
    assert config_errors({**REQUIRED, "newsletter": newsletter}, {"newsletter": 9}) == [
        ("site.yaml:9: newsletter: action: contains ' ', which a URL cannot hold as it is, found "
         "'https://lists.example.org/sub scribe': percent-encode it (%20)"),
        ("site.yaml:9: newsletter: field: expected an input name such as email (letters, digits, '_', '-', "
         "'.'), found 'e mail'"),
        ('site.yaml:9: newsletter: unknown key \'buton\' (did you mean "button"?); known: heading, text, '
         "action, button, field"),
    ]


def test_fields_reports_each_of_its_problems() -> None:
    fields = {"tags": ["tags", "topics"], "titel": "headline", "photo": [], "section": ["topics"]}
    assert config_errors({**REQUIRED, "fields": fields}, {"fields": 5}) == [
        ("site.yaml:5: fields: 'titel' is not a front-matter field (did you mean \"title\"?); fields: "
         + ", ".join(FIELDS)),
        "site.yaml:5: fields: key 'topics' is listed for both tags and section",
        "site.yaml:5: fields: photo: expected a key or a list of keys such as [photo, other_name], found []",
    ]


def test_newsletter_action_may_have_a_query() -> None:
    newsletter = {"heading": "Get the Ledger", "action": "https://lists.example.org/subscribe?list=7&u=a1"}
    assert parse_config({**REQUIRED, "newsletter": newsletter}, {}).newsletter.action.endswith("?list=7&u=a1")


# --- every value of every setting: a SiteConfig that works downstream, or user errors, never a crash ---

_PIECES = st.sampled_from([
    "https://", "http://", "ftp://", " ", "example.org", "[::1]", ":8080", ":abc", ":", "@", "/", "//",
    "/news/", "..", ".", "?", "#", "%", "%2e", "é", "\x00", "\t", "{slug}", "{year}", "{title}", "{", "}", "~",
    "-", "_", "a", "UTC", "Europe/", "en", "-BR", "content", "static", "public", "afile", ".newsgen-cache",
    "x" * 300])
_TEXTS = st.one_of(st.text(max_size=30), st.lists(_PIECES, max_size=8).map("".join))
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _TEXTS,
                     st.integers(min_value=-2, max_value=1002))
_NESTED_KEYS = st.one_of(st.sampled_from(["heading", "text", "action", "button", "field", "tags", "photo",
                                          "title", "nope"]), st.text(max_size=5))
_NESTED = st.dictionaries(_NESTED_KEYS, st.one_of(_SCALARS, st.lists(_TEXTS, max_size=3)), max_size=5)
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3), _NESTED)


def _mostly(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """One part of a URL: usually a good one, so that whole URLs are often valid but unusual."""
    usual, unusual = st.sampled_from(good), st.sampled_from(bad)
    return st.one_of(usual, usual, usual, unusual)


_URLS = st.builds("".join, st.tuples(
    _mostly(["https://", "http://", "HTTPS://"], [" https://", "ftp://", "https:", ""]),
    _mostly(["example.org", "EXAMPLE.org", "localhost", "127.0.0.1", "[::1]", "xn--bcher-kva.example",
             "a_b.example", "example.org."],
            ["[fe80::1%25eth0]", "[zz]", "bücher.example", "-bad.example", "user:pw@example.org", "",
             "exa mple.org"]),
    _mostly(["", ":8080", ":443"], [":0", ":65536", ":abc", ":"]),
    _mostly(["/", "/news/", "/caf%C3%A9/", "/~x/", "/a;b/", "/(x)/", "/a/b/"],
            ["//", "/../", "/a b/", "/news", "/?x", "/#y", "/%zz/", "/signup?list=1", "/\t/"])))
_FOLDERS = st.lists(st.sampled_from(["public", "content", "static", "templates", ".", "..", "afile", "out",
                                     " p", ".newsgen-cache", "x" * 300, "a\x00", ""]),
                    min_size=1, max_size=3).map("/".join)
_NUMBERS = st.one_of(st.integers(min_value=-5, max_value=1100), st.sampled_from([10**10, 10**100]))
_PERMALINK_PARTS = st.sampled_from(["{slug}", "{year}", "{month}", "{day}", "{section}", "a", "x.html",
                                    "{slug}.html", ".", "..", ".x", "x.", "~u", "-", "_", ""])
# Near-valid values of each setting, so that many accepted configs reach the checks after the try.
_NEAR: dict[str, st.SearchStrategy] = {
    "title": st.sampled_from(["Test Times", " ", "a\x07b", "Line\nbreak"]),
    "base_url": _URLS,
    "description": _TEXTS,
    "language": st.sampled_from(["en", "pt-BR", "zh-Hant-TW", "english", "e", "en_US", "x-klingon"]),
    "timezone": st.sampled_from(["UTC", "Europe/Berlin", "Europe", "posixrules", "Etc/GMT+5", "zone.tab",
                                 "Factory", "leapseconds", "tzdata.zi", "../UTC", "UTC/", "localtime"]),
    "per_page": _NUMBERS,
    "permalink": st.lists(_PERMALINK_PARTS, min_size=1, max_size=4).map(lambda parts: f"/{'/'.join(parts)}/"),
    "output": _FOLDERS,
    "feed_items": _NUMBERS,
    "markdown_engine": st.sampled_from(["python-markdown", "commonmark", "markdown"]),
    "cache_dir": _FOLDERS,
    "logo": st.one_of(_URLS, st.sampled_from(["/images/logo.png", "images/logo.png", "//cdn.example/x.png",
                                              "/../x.png", "logo.png?v=2", "/a b.png"])),
    "twitter_site": st.sampled_from(["@harbour", "harbour", "@way_too_long_handle", "@bad-dash", ""]),
    "newsletter": st.fixed_dictionaries({"heading": _TEXTS, "action": _URLS}, optional={
        "text": _TEXTS, "button": _TEXTS, "field": st.sampled_from(["email", "e-mail", "a b", "x[y]"])}),
    "more_from": _NUMBERS,
    "images": st.fixed_dictionaries({}, optional={
        "widths": st.one_of(st.lists(_NUMBERS, max_size=4), _TEXTS), "quality": _NUMBERS,
        "keep_metadata": st.sampled_from([True, False, "yes"]), "colour": _TEXTS}),
    "fields": st.dictionaries(st.sampled_from(["tags", "photo", "title", "nope"]),
                              st.one_of(_TEXTS, st.lists(_TEXTS, max_size=3)), max_size=3),
    "theme": st.dictionaries(st.sampled_from(["accent", "logo_display", "head_html", "body_end_html", "accnt",
                                              "date_format", "time_format"]),
                             st.one_of(_TEXTS, st.sampled_from(["#1d4ed8", "#ffff00", "red", "#12345", "MMMM d, y",
                                                                "h:mm a", "long", "JJ", "d 'de", "MMMMMMMM",
                                                                "wordmark"])),
                             max_size=3),
    "embeds": st.dictionaries(st.sampled_from(["load", "lod"]),
                              st.one_of(_TEXTS, st.sampled_from(["click", "immediately", "never"])), max_size=2),
    "policies": st.dictionaries(st.sampled_from(["ethics", "contact", "ethic", "masthead"]),
                                st.one_of(_TEXTS, _NUMBERS), max_size=3),
    "menus": st.dictionaries(st.sampled_from(["main", "footer", "Main", "x y"]), st.one_of(_TEXTS, st.lists(
        st.one_of(_TEXTS, st.dictionaries(st.sampled_from(["url", "page", "section", "tag", "title", "nope"]),
                                          st.one_of(_TEXTS, _URLS, _NUMBERS), max_size=3)), max_size=3)),
        max_size=2),
    "home": st.dictionaries(st.sampled_from(["sections", "per_section", "blocks"]), st.one_of(
        _TEXTS, _NUMBERS, st.lists(_TEXTS, max_size=3)), max_size=3),
    "strings": st.dictionaries(st.sampled_from(["by", "reading_time", "byy", "es", "pt-BR", "x y"]), st.one_of(
        _TEXTS, _NUMBERS, st.sampled_from(["Words by {count}", "{count} min", "{nope}", "{", "By"]),
        st.dictionaries(st.sampled_from(["one", "other", "by", "lots"]), st.one_of(_TEXTS, _NUMBERS), max_size=2)),
        max_size=3),
    "sections": st.lists(st.one_of(_TEXTS, st.dictionaries(st.sampled_from(["name", "description", "order", "x"]),
                                                           st.one_of(_TEXTS, _NUMBERS), max_size=3)), max_size=3),
    "warnings": st.dictionaries(st.sampled_from(["ignore", "ignored"]), st.one_of(
        _TEXTS, _NUMBERS, st.lists(st.one_of(st.sampled_from(["no-photo", "no-photos", "cache"]), _TEXTS,
                                             _NUMBERS), max_size=3)), max_size=2),
    "languages": st.lists(st.one_of(_TEXTS, st.fixed_dictionaries({}, optional={
        "code": st.sampled_from(["en", "es", "pt-BR", "xx", "EN", 3]), "title": _TEXTS,
        "path": st.sampled_from(["es", "", "ES", "a/b", "fr"]), "description": st.one_of(_TEXTS, _NUMBERS),
        "home": st.one_of(_TEXTS, st.just({"sections": ["News"]})), "menus": st.just({"main": [{"tag": "x"}]}),
        "newsletter": st.just({"heading": "h"}), "nope": _TEXTS})), max_size=3),
    "news_sitemap": st.dictionaries(st.sampled_from(["exclude_types", "types"]), st.one_of(
        _TEXTS, _NUMBERS, st.lists(st.one_of(_TEXTS, st.sampled_from(["opinion", "review", "Opinion"])),
                                   max_size=3)), max_size=2),
    "search": st.sampled_from([True, False, "yes", 1, None]),
    "check": st.dictionaries(st.sampled_from(["ignore", "ignroe"]), st.one_of(_TEXTS, st.lists(st.one_of(
        _TEXTS, _URLS, st.sampled_from(["/media/", "/", "media/", "/a/../b/", "/x y/"])), max_size=3)), max_size=2),
}
_ANY_KEYS = st.fixed_dictionaries({}, optional={
    **{key: st.one_of(_VALUES, _NEAR[key], _NEAR[key]) for key in SETTINGS}, "tittle": _VALUES})
_ONE_KEY = st.sampled_from(list(SETTINGS)).flatmap(
    lambda key: st.one_of(_VALUES, _NEAR[key], _NEAR[key]).map(lambda value: {key: value}))
_MAPPINGS = st.one_of(_ANY_KEYS, _ONE_KEY, _ONE_KEY, st.just({}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_MAPPINGS, st.one_of(st.none(), _URLS, _URLS))
def test_any_site_yaml_gives_a_working_config_or_user_errors_never_a_crash(tmp_path: Path, data: dict,
                                                                           base_url: str | None) -> None:
    site = tmp_path / "site"
    if not site.exists():
        (site / "content").mkdir(parents=True)
        (site / "static").mkdir()
        (site / "afile").write_text("a file, not a folder")
    if base_url is not None:
        data = {"title": "Test Times", "base_url": base_url, **data}
    lines = {key: number for number, key in enumerate(data, start=1)}
    try:
        config = parse_config(data, lines, site_dir=site)
    except UserError as exc:
        problems = getattr(exc, "problems", (exc.problem,))
        assert all(str(p).startswith("site.yaml") and p.message for p in problems)
        return
    # What the build does with the settings first: none of it may fail on a config that was accepted.
    links = Urls(config.base_url)
    assert links.absolute("feed.xml").startswith(config.base_url)
    assert resolve(links.absolute("tags/"), config.base_url, config.base_url).kind == "internal"
    path = article_path(config.permalink, date=dt.datetime(2026, 11, 20, tzinfo=config.zone), slug="ferry",
                        section_slug="city")
    assert ".." not in path.split("/") and not path.startswith(("/", "."))
    assert config.digest()
    # Accepted strings and date formats render: every key in every language the site gives, with a date.
    translator = Translator(config.strings, DateFormats(config.theme.date_format, config.theme.time_format))
    when = dt.datetime(2026, 11, 28, 8, 30, tzinfo=config.zone)
    for lang in {config.language, *(code for code, _ in config.strings)}:
        assert translator.date(when, "datetime", lang)
        for key in strings.all_keys():
            params = {name: 2 if name == "count" else "x" for name in strings.allowed_placeholders(key)}
            assert isinstance(translator.text(lang, key, params), str)
