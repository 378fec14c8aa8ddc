"""`newsgen init` and `newsgen new`: a site that builds at once, articles dated now, nothing ever overwritten."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from importlib.metadata import distribution
from pathlib import Path

import hypothesis.strategies as st
import pytest
import yaml
from conftest import clean_env, run_main, run_subprocess
from hypothesis import given
from packaging.requirements import Requirement as PackagingRequirement

from newsgen.core.config import SETTINGS, load_config, parse_config
from newsgen.core.yamltext import load_mapping
from newsgen.scaffold.starter import article_text, requirement_for, site_yaml, starter_file

NOW = "2026-05-01T09:30"
EPOCH_2026_05_01_0730Z = "1777620600"  # 2026-05-01T07:30:00Z


def init(site: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_main("init", site, "--now", NOW, *args)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return load_mapping(text.split("---\n")[1], str(path)).data


# ----------------------------------------------------------------------------------------------- init


def test_init_creates_a_site_that_builds_and_checks_at_once(tmp_path: Path) -> None:
    site = tmp_path / "gazette"
    result = init(site, "--title", "The Gazette", "--timezone", "Europe/Berlin")
    assert result.code == 0, result.err
    for rel in ("site.yaml", "content/2026/welcome.md", ".gitignore", "requirements.txt",
                ".github/workflows/deploy.yml"):
        assert f"created {site / rel}" in result.out
        assert (site / rel).is_file()
    built = run_main("build", "--site", site, "--now", "2026-05-01T10:00")
    assert built.code == 0, built.err
    assert built.out.startswith("1 articles published")
    assert "Welcome to The Gazette" in (site / "public" / "index.html").read_text(encoding="utf-8")
    # Search is on in the starter: the page, the masthead link and an index holding the welcome article.
    assert (site / "public" / "search" / "index.html").is_file()
    assert 'class="site-search"' in (site / "public" / "index.html").read_text(encoding="utf-8")
    assert json.loads((site / "public/pagefind/parts.json").read_text(encoding="utf-8")) == {"parts": [""]}
    checked = run_main("check", "--site", site, "--now", "2026-05-01T10:00")
    assert checked.code == 0, checked.out + checked.err
    assert ": 0 problems" in checked.out


def test_init_welcome_article_is_dated_now_in_the_site_zone(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert run_main("init", site, "--timezone", "Europe/Berlin",
                    env=clean_env(SOURCE_DATE_EPOCH=EPOCH_2026_05_01_0730Z)).code == 0
    front = front_matter(site / "content" / "2026" / "welcome.md")
    assert front["date"] == "2026-05-01T09:30:00+02:00"
    assert front["title"] == "Welcome to My News Site"


def test_init_site_yaml_documents_every_setting_from_the_code(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    text = (site / "site.yaml").read_text(encoding="utf-8")
    comments = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    for name, setting in SETTINGS.items():
        assert re.search(rf"^(# )?{name}:", text, re.MULTILINE), name
        assert " ".join(setting.doc.split()) in comments, name
    config = load_config(site)
    assert (config.title, config.base_url, config.timezone) == ("My News Site", "https://example.org/", "UTC")


def test_init_site_yaml_with_every_setting_uncommented_is_valid_and_gives_the_defaults() -> None:
    text = site_yaml(title="T", base_url="https://example.org/news/", timezone="UTC")
    uncommented = "\n".join(re.sub(r"^# (?=[a-z_]+:|  )", "", line) for line in text.splitlines())
    mapping = load_mapping(uncommented, "site.yaml")
    assert set(mapping.data) == set(SETTINGS)
    config = parse_config(mapping.data, mapping.lines)
    for name, setting in SETTINGS.items():
        if not isinstance(setting.default, dict) and name not in ("title", "base_url", "search"):
            assert getattr(config, name) == setting.default, name
    assert config.fields["tags"] == ("tags", "topics", "categories")
    assert config.newsletter is not None
    assert config.search is True  # the starter turns search on: readers expect it
    assert config.check.ignore == ("media/",)


def test_init_gitignore_keeps_built_and_cached_files_out_of_git(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    lines = (site / ".gitignore").read_text(encoding="utf-8").splitlines()
    for entry in ("/public/", "/.newsgen-cache/", "/.newsgen-preview/", "/.newsgen-schedule.json"):
        assert entry in lines


def test_init_writes_the_deploy_workflow(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    assert (site / ".github" / "workflows" / "deploy.yml").read_bytes() == starter_file("deploy.yml")


def requirement_lines(text: str) -> list[str]:
    """The lines pip reads (not comments), each checked to be a valid PEP 508 requirement."""
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for line in lines:
        PackagingRequirement(line)  # raises on anything pip would refuse
    return lines


def test_requirement_of_an_index_install_pins_the_running_version() -> None:
    req = requirement_for(None, "1.4.2")
    assert requirement_lines(req.text) == ["newsgen==1.4.2"]
    assert req.warning == ""


def test_requirement_of_a_git_install_pins_its_url_and_commit() -> None:
    direct_url = json.loads('{"url": "https://github.com/harbour/newsgen.git", "vcs_info": {"vcs": "git", '
                            '"requested_revision": "main", "commit_id": "4f9c2e1d0b7a6c5e4f3a2b1c0d9e8f7a6b5c4d3e"}}')
    req = requirement_for(direct_url, "0.1.0")
    assert requirement_lines(req.text) == [
        "newsgen @ git+https://github.com/harbour/newsgen.git@4f9c2e1d0b7a6c5e4f3a2b1c0d9e8f7a6b5c4d3e"]
    assert req.warning == ""


def test_requirement_of_a_git_install_keeps_its_subdirectory_and_drops_a_token() -> None:
    direct_url = json.loads('{"url": "https://ci:s3cret@git.example.org/tools/mono.git", "subdirectory": "newsgen", '
                            '"vcs_info": {"vcs": "git", "commit_id": "0123abcd"}}')
    req = requirement_for(direct_url, "0.1.0")
    assert requirement_lines(req.text) == [
        "newsgen @ git+https://git.example.org/tools/mono.git@0123abcd#subdirectory=newsgen"]
    assert "s3cret" not in req.text


def test_requirement_of_a_downloaded_archive_pins_its_url() -> None:
    direct_url = json.loads('{"url": "https://files.example.org/newsgen-0.1.0-py3-none-any.whl", '
                            '"archive_info": {"hash": "sha256=00ff"}}')
    req = requirement_for(direct_url, "0.1.0")
    assert requirement_lines(req.text) == ["newsgen @ https://files.example.org/newsgen-0.1.0-py3-none-any.whl"]
    assert req.warning == ""


@pytest.mark.parametrize("direct_url", [
    '{"url": "file:///home/ana/src/newsgen", "dir_info": {"editable": true}}',
    '{"url": "file:///home/ana/src/newsgen", "dir_info": {}}',
    '{"url": "file:///home/ana/dist/newsgen-0.1.0.tar.gz", "archive_info": {}}',
    '{"url": "file:///home/ana/src/newsgen", "vcs_info": {"vcs": "git", "commit_id": "0123abcd"}}',
])
def test_requirement_of_a_local_install_says_to_replace_it_and_warns(direct_url: str) -> None:
    req = requirement_for(json.loads(direct_url), "0.1.0")
    assert "/home/ana/" in req.warning and "before you push" in req.warning
    assert "# REPLACE THE LAST LINE before you push" in req.text
    assert "#   newsgen==0.1.0" in req.text
    [line] = requirement_lines(req.text)
    assert line.startswith("newsgen @ file:///home/ana/")  # still installs here, and says where it came from


def test_init_on_an_editable_install_warns_that_requirements_txt_needs_its_real_source(tmp_path: Path) -> None:
    assert json.loads(distribution("newsgen").read_text("direct_url.json") or "{}").get("dir_info"), \
        "this test runs on the editable install the tests are set up with"
    site = tmp_path / "s"
    result = init(site)
    assert result.code == 0, result.err
    assert f"warning [local-install]: {site / 'requirements.txt'}: newsgen is installed from " in result.err
    assert "before you push" in result.err
    requirements = (site / "requirements.txt").read_text(encoding="utf-8")
    assert "newsgen==" not in "\n".join(requirement_lines(requirements))  # no pin that no index has
    assert "# REPLACE THE LAST LINE" in requirements


def test_init_force_keeps_a_users_requirements_txt_without_a_warning(tmp_path: Path) -> None:
    site = tmp_path / "s"
    site.mkdir()
    (site / "requirements.txt").write_text("newsgen==9.9.9\n", encoding="utf-8")
    result = init(site, "--force")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    assert (site / "requirements.txt").read_text(encoding="utf-8") == "newsgen==9.9.9\n"


def test_init_into_an_empty_existing_folder_works(tmp_path: Path) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    assert init(site).code == 0
    assert (site / "site.yaml").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    site = tmp_path / "busy"
    site.mkdir()
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    result = init(site)
    assert result.code == 1
    assert "folder is not empty (notes.txt)" in result.err
    assert "--force" in result.err
    assert "Traceback" not in result.err
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"]


def test_init_force_adds_missing_files_and_keeps_existing_ones(tmp_path: Path) -> None:
    site = tmp_path / "busy"
    (site / "content" / "2026").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Mine\nbase_url: https://mine.example/\n", encoding="utf-8")
    (site / "content" / "2026" / "welcome.md").write_text("my own\n", encoding="utf-8")
    result = init(site, "--force")
    assert result.code == 0, result.err
    assert f"kept {site / 'site.yaml'} (already there; not overwritten)" in result.out
    assert f"kept {site / 'content/2026/welcome.md'}" in result.out
    assert f"created {site / '.gitignore'}" in result.out
    assert (site / "site.yaml").read_text(encoding="utf-8").startswith("title: Mine")
    assert (site / "content" / "2026" / "welcome.md").read_text(encoding="utf-8") == "my own\n"
    assert (site / ".github" / "workflows" / "deploy.yml").is_file()


def test_init_refuses_a_file_as_the_site_folder(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = init(target)
    assert result.code == 1
    assert "is a file" in result.err


def test_init_rejects_a_bad_base_url_or_time_zone_before_writing_anything(tmp_path: Path) -> None:
    bad_url = init(tmp_path / "a", "--base-url", "example.org")
    assert bad_url.code == 1
    assert "site.yaml:" in bad_url.err and "base_url: expected an absolute http(s) URL" in bad_url.err
    bad_zone = init(tmp_path / "b", "--timezone", "Mars/Olympus")
    assert bad_zone.code == 1
    assert "unknown time zone 'Mars/Olympus'" in bad_zone.err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert "Traceback" not in bad_url.err + bad_zone.err


def test_init_title_with_quotes_and_colons_round_trips(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site, "--title", 'The "Ledger": news & views').code == 0
    assert load_config(site).title == 'The "Ledger": news & views'
    assert front_matter(site / "content/2026/welcome.md")["title"] == 'Welcome to The "Ledger": news & views'


# ----------------------------------------------------------------------------------------------- new


def new(site: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return run_main("new", *args, "--site", site, env=env or clean_env(SOURCE_DATE_EPOCH=EPOCH_2026_05_01_0730Z))


def test_new_writes_a_dated_article_and_prints_its_path(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site, "--timezone", "America/New_York").code == 0
    result = new(site, "Ferry fares rise: what it means")
    assert result.code == 0, result.err
    path = site / "content" / "2026" / "ferry-fares-rise-what-it-means.md"
    assert result.out == f"{path}\n"
    front = front_matter(path)
    assert front == {"title": "Ferry fares rise: what it means", "date": "2026-05-01T03:30:00-04:00"}


def test_new_fills_in_section_tags_author_and_draft(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    result = new(site, "Council 'approves' budget", "--section", "City", "--tags", "budget, council,,budget",
                 "--author", "Mara  Quist", "--draft")
    assert result.code == 0, result.err
    front = front_matter(Path(result.out.strip()))
    assert front == {"title": "Council 'approves' budget", "date": "2026-05-01T07:30:00+00:00", "section": "City",
                     "tags": ["budget", "council"], "author": "Mara Quist", "draft": True}
    built = run_main("build", "--site", site, "--now", "2026-05-02T00:00")
    assert built.code == 0, built.err
    assert "1 drafts" in built.out


def test_new_article_is_published_by_the_next_build(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    assert new(site, "Harbour opens").code == 0
    built = run_main("build", "--site", site, "--now", "2026-05-01T08:00")
    assert built.code == 0, built.err
    assert (site / "public" / "2026" / "05" / "01" / "harbour-opens" / "index.html").is_file()


def test_new_with_slug_and_date(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    result = new(site, "Weekly council meeting", "--slug", "council-2027-01-04", "--date", "2027-01-04 18:00")
    assert result.code == 0, result.err
    path = site / "content" / "2027" / "council-2027-01-04.md"
    assert Path(result.out.strip()) == path
    assert front_matter(path)["date"] == "2027-01-04T18:00:00+00:00"


def test_new_never_overwrites_an_article(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    first = new(site, "Harbour opens")
    path = Path(first.out.strip())
    path.write_text("edited by hand\n", encoding="utf-8")
    again = new(site, "Harbour opens")
    assert again.code == 1
    assert again.out == ""
    assert "error: content/2026/harbour-opens.md: already exists; newsgen new never overwrites" in again.err
    assert "--slug" in again.err
    assert path.read_text(encoding="utf-8") == "edited by hand\n"


def test_new_outside_a_site_says_where_it_looked(tmp_path: Path) -> None:
    result = new(tmp_path, "Harbour opens")
    assert result.code == 1
    assert f"error: {tmp_path}: not a newsgen site (no site.yaml)" in result.err
    assert "newsgen init" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "content").exists()


def test_new_rejects_headlines_without_letters_and_bad_dates(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    empty = new(site, "   ")
    assert (empty.code, "headline: is empty" in empty.err) == (1, True)
    symbols = new(site, "!!!")
    assert symbols.code == 1 and "has no letters or digits" in symbols.err
    bad_date = new(site, "Fine headline", "--date", "next tuesday")
    assert bad_date.code == 1 and "--date: expected a date such as" in bad_date.err
    assert not list((site / "content").rglob("fine-headline.md"))


def test_new_reports_a_broken_site_yaml(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = new(tmp_path, "Harbour opens")
    assert result.code == 1
    assert result.err.startswith("error: site.yaml:")


def test_init_new_build_check_end_to_end_as_a_user_runs_them(tmp_path: Path) -> None:
    env = clean_env()
    assert run_subprocess("init", "news", cwd=tmp_path, env=env).code == 0
    site = tmp_path / "news"
    made = run_subprocess("new", "Storm closes the coast road", "--tags", "weather", "--section", "City",
                          "--author", "Ines Lind", cwd=site, env=env)
    assert made.code == 0, made.err
    assert (site / made.out.strip()).is_file()
    built = run_subprocess("build", cwd=site, env=env)
    assert built.code == 0, built.err
    assert "2 articles published" in built.out
    checked = run_subprocess("check", cwd=site, env=env)
    assert checked.code == 0, checked.out + checked.err
    assert "Traceback" not in built.err + checked.err
    data = yaml.safe_load((site / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert data["jobs"]["build"]["steps"][-1]["with"]["path"] == "public"


def test_new_reports_a_file_in_the_way_of_the_year_folder(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    (site / "content" / "2027").write_text("not a folder", encoding="utf-8")
    result = new(site, "Harbour opens", "--date", "2027-01-04")
    assert result.code == 1
    assert result.err == f"error: {site / 'content' / '2027'}: cannot create the folder: File exists\n"


AUTHORS_YAML = "- name: Ana Delgado\n  role: City editor\n- name: Mara Quist\n  slug: mq\n"


def site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")}


def test_new_refuses_an_author_missing_from_authors_yaml_and_suggests_the_closest(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    (site / "authors.yaml").write_text(AUTHORS_YAML, encoding="utf-8")
    before = site_files(site)
    result = new(site, "Harbour opens", "--author", "Ana Delgaddo")
    assert result.code == 1
    assert result.err == ("error: --author: 'Ana Delgaddo' is not in authors.yaml (did you mean \"Ana Delgado\"?); "
                          "add them there or fix the spelling: nothing was written\n")
    assert result.out == ""
    assert site_files(site) == before


def test_new_accepts_an_author_from_authors_yaml_by_name_or_slug_and_the_site_builds(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    (site / "authors.yaml").write_text(AUTHORS_YAML, encoding="utf-8")
    by_name = new(site, "Harbour opens", "--author", "Ana  Delgado")
    by_slug = new(site, "Ferry returns", "--author", "mq")
    assert (by_name.code, by_slug.code) == (0, 0), by_name.err + by_slug.err
    assert front_matter(Path(by_name.out.strip()))["author"] == "Ana Delgado"
    built = run_main("build", "--site", site, "--now", "2026-05-02T00:00", "--jobs", "1")
    assert built.code == 0, built.err
    assert (site / "public" / "authors" / "mq" / "index.html").is_file()


def test_new_with_no_authors_yaml_accepts_any_byline(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    assert not (site / "authors.yaml").exists()
    result = new(site, "Harbour opens", "--author", "Ana Delgaddo")
    assert result.code == 0, result.err
    assert front_matter(Path(result.out.strip()))["author"] == "Ana Delgaddo"


@pytest.mark.parametrize("slug", ["..", ".", "../../etc/cron", "2026/harbour", "a\\b", "/tmp/x"])
def test_new_refuses_a_slug_that_is_a_path_and_writes_nothing(tmp_path: Path, slug: str) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    before = site_files(site)
    outside = site_files(tmp_path)
    result = new(site, "Harbour opens", "--slug", slug)
    assert result.code == 1
    assert result.err.startswith(f"error: --slug: {slug!r} is ") and "Traceback" not in result.err
    assert site_files(site) == before and site_files(tmp_path) == outside


@pytest.mark.parametrize("date", ["2026-02-30", "0001-01-01T00:00", "1 May 2026", "2026-05-01T25:00", "tomorrow"])
def test_new_refuses_a_bad_date_and_writes_nothing(tmp_path: Path, date: str) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    before = site_files(site)
    result = new(site, "Harbour opens", "--date", date)
    assert result.code == 1
    assert result.err.startswith("error: --date: ") and date in result.err and "Traceback" not in result.err
    assert site_files(site) == before


def test_new_with_yaml_special_section_and_tags_writes_front_matter_that_reads_back(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    section = 'Opinion: "Letters" #1'
    tags = ["- leading dash", "[bracketed]", "it's", "key: value", "#hashtag", "{brace}", "yes", "null", "&anchor"]
    result = new(site, "Letters: a reply", "--section", section, "--tags", ",".join(tags), "--author", "O'Neil: ed.")
    assert result.code == 0, result.err
    front = front_matter(Path(result.out.strip()))
    assert (front["section"], front["tags"], front["author"]) == (section, tags, "O'Neil: ed.")
    built = run_main("build", "--site", site, "--now", "2026-05-02T00:00", "--jobs", "1")
    assert built.code == 0, built.err
    assert "2 articles published" in built.out


@given(title=st.text(min_size=1), section=st.text(), tags=st.lists(st.text(min_size=1), max_size=4),
       author=st.text())
def test_article_text_front_matter_reads_back_as_written_for_any_text(title: str, section: str, tags: list[str],
                                                                      author: str) -> None:
    text = article_text(title, dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC), section=section, tags=tuple(tags),
                        author=author)
    front = load_mapping(text.split("\n---\n")[0].removeprefix("---\n"), "new.md").data
    assert front["title"] == title
    assert front.get("section", "") == section
    assert front.get("tags", []) == tags
    assert front.get("author", "") == author


# ------------------------------------------------------------------------------------- init, odd input


def test_init_below_a_file_says_which_path_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    result = init(tmp_path / "notes" / "site")
    assert result.code == 1
    assert result.err == (f"error: {tmp_path / 'notes'}: is a file, so it cannot hold the folder "
                          f"{tmp_path / 'notes' / 'site'}: give `newsgen init` a new or empty folder\n")


def test_init_into_a_dangling_link_says_it_is_a_link(tmp_path: Path) -> None:
    (tmp_path / "site").symlink_to(tmp_path / "moved")
    result = init(tmp_path / "site")
    assert result.code == 1
    assert f"error: {tmp_path / 'site'}: is a link to {tmp_path / 'moved'}, which does not exist" in result.err
    assert not (tmp_path / "moved").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes whatever the permissions")
@pytest.mark.parametrize("mode", [0o555, 0o000])
def test_init_into_a_folder_without_permission_is_a_clear_error(tmp_path: Path, mode: int) -> None:
    site = tmp_path / "locked"
    site.mkdir()
    site.chmod(mode)
    try:
        result = init(site)
    finally:
        site.chmod(0o755)
    assert result.code == 1
    assert result.err.startswith(f"error: {site}") and "Permission denied" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("title", ['The "Ledger": news # & views', "- Leading dash", "[Bracketed] {braced}",
                                   "yes", "null", "It's 100%", "&anchor *alias", "Café · Ελλάδα · 東京"])
def test_init_title_with_yaml_special_characters_round_trips(tmp_path: Path, title: str) -> None:
    site = tmp_path / "s"
    result = init(site, "--title", title)
    assert result.code == 0, result.err
    assert load_config(site).title == title
    assert front_matter(site / "content/2026/welcome.md")["title"] == f"Welcome to {title}"


def test_init_title_with_line_breaks_becomes_one_line(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site, "--title", "The Harbour\nLedger\t Daily").code == 0
    assert load_config(site).title == "The Harbour Ledger Daily"
    built = run_main("build", "--site", site, "--now", "2026-05-02T00:00", "--jobs", "1")
    assert built.code == 0, built.err
    assert "<title>The Harbour Ledger Daily</title>" in (site / "public" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--title", "   ", "site.yaml:5: title: must not be empty"),
    ("--base-url", "ftp://example.org/", "base_url: expected an absolute http(s) URL"),
    ("--base-url", "", "base_url: expected an absolute http(s) URL"),
    ("--timezone", "", "unknown time zone ''"),
    ("--timezone", "../../etc/passwd", "unknown time zone '../../etc/passwd'"),
    ("--timezone", "UTC\nEurope/Paris", "unknown time zone 'UTC\\nEurope/Paris'"),
    ("--title", "bad \udcff byte", "error: --title: 'bad ? byte' is not valid text"),
])
def test_init_refuses_bad_options_before_writing_anything(tmp_path: Path, option: str, value: str,
                                                          message: str) -> None:
    result = init(tmp_path / "s", option, value)
    assert result.code == 1
    assert message in result.err and "Traceback" not in result.err
    assert not (tmp_path / "s").exists()


def test_new_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site).code == 0
    before = site_files(site)
    result = new(site, "Harbour \udcff opens")
    assert result.code == 1
    assert result.err.startswith("error: headline: 'Harbour ? opens' is not valid text")
    assert site_files(site) == before
