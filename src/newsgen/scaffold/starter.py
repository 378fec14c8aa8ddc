"""`newsgen init` and `newsgen new`: the files a new site and a new article start from.

Both only ever create files: an existing file is never overwritten (`init --force` keeps it and says so;
`new` stops with a message). The site.yaml that `init` writes documents every setting from
`config.SETTINGS`, so the comments cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from .. import __version__
from ..content.sources import CONTENT_DIR
from ..core.config import CONFIG_NAME, SETTINGS, load_config, parse_config
from ..core.dates import DateError, parse_when, rfc3339
from ..core.errors import UserError
from ..core.slugs import slugify
from ..core.yamltext import load_mapping
from ..site.authors import check_bylines, load_authors

WORKFLOW = ".github/workflows/deploy.yml"
GITIGNORE = ".gitignore"
REQUIREMENTS = "requirements.txt"
DEFAULT_TITLE = "My News Site"
DEFAULT_BASE_URL = "https://example.org/"

# Examples for the settings whose default is "left out" (a mapping): shown commented out in site.yaml.
EXAMPLES: dict[str, dict[str, Any]] = {
    "newsletter": {"heading": "The Morning Briefing", "text": "Today's headlines in your inbox at 7am, free.",
                   "action": "https://newsletter.example.org/subscribe", "button": "Sign up"},
    "fields": {"tags": ["tags", "topics", "categories"], "summary": ["summary", "excerpt", "description"],
               "author": ["author", "authors"], "photo": ["photo", "image", "featured_image"]},
    "menus": {"main": [{"title": "Front page", "url": "/"}, {"section": "News"}],
              "footer": [{"title": "Topics", "url": "/tags/"}]},
    "home": {"sections": ["News"], "per_section": 4},
    "check": {"ignore": ["/media/"]},
}

WELCOME_BODY = """\
This site was made by `newsgen init`. This article is a file: `{path}`. Edit it, or delete it
when the first real story is in.

## Writing

Start an article with `newsgen new "Headline here"`; it prints the file it wrote. The lines between the
two `---` lines are the front matter: `title` and `date` are required, `section`, `tags`, `author`,
`summary` and `photo` are the fields readers see most. Everything under them is Markdown.

## Publishing

- `newsgen serve --watch` previews the site at http://127.0.0.1:8000/ while you write.
- `newsgen check` builds the site into a temporary folder and reports broken links, broken feeds and
  drafts that would leak.
- `newsgen build` writes the site into `{output}/`, ready for any static host.

Push the folder to GitHub and the workflow in `.github/workflows/deploy.yml` publishes it on GitHub
Pages on every push and every hour, so articles dated in the future go live on time.
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class InitReport:
    """What `init` did: files created and files kept because they were already there (site-relative)."""

    created: tuple[str, ...]
    kept: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def starter_file(name: str) -> bytes:
    """A file shipped in the package for new sites, e.g. 'deploy.yml' (the GitHub Pages workflow)."""
    return resources.files("newsgen.scaffold").joinpath("files", name).read_bytes()


def init_site(target: Path, *, now: dt.datetime, force: bool = False, title: str = DEFAULT_TITLE,
              base_url: str = DEFAULT_BASE_URL, timezone: str = "UTC") -> InitReport:
    """Create a site in `target` that builds at once; never overwrite a file. Raises UserError before writing."""
    _check_text({"--title": title, "--base-url": base_url, "--timezone": timezone})
    title = " ".join(title.split())  # a line break or tab in a site name is never meant, and breaks <title>
    _check_target(target)
    try:
        existing = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    except OSError as exc:  # a folder without read permission
        raise UserError(str(target), f"cannot read the folder: {exc.strerror or exc}") from None
    if existing and not force:
        shown = ", ".join(existing[:5]) + (", ..." if len(existing) > 5 else "")
        raise UserError(str(target), f"folder is not empty ({shown}): newsgen init starts a site in a new or "
                        "empty folder. Pass --force to add the starter files that are missing (existing files "
                        "are kept, never overwritten)")
    config_text = site_yaml(title=title, base_url=base_url, timezone=timezone)
    mapping = load_mapping(config_text, CONFIG_NAME, what="site.yaml")
    config = parse_config(mapping.data, mapping.lines)  # a bad --base-url or --timezone stops here
    when = now.astimezone(config.zone)
    welcome = f"{CONTENT_DIR}/{when.year:04d}/welcome.md"
    requirement = installed_requirement()
    files = {
        CONFIG_NAME: config_text.encode(),
        welcome: article_text(f"Welcome to {title}", when, section="News", tags=("newsgen",),
                              body=WELCOME_BODY.format(path=welcome, output=config.output)).encode(),
        GITIGNORE: gitignore_text(config.output, config.cache_dir).encode(),
        REQUIREMENTS: requirement.text.encode(),
        WORKFLOW: starter_file("deploy.yml"),
    }
    created, kept = [], []
    for rel, data in files.items():
        (created if create_file(target / rel, data) else kept).append(rel)
    # A requirements.txt that was already there is the user's: its newsgen line is none of init's business.
    warnings = (f"{target / REQUIREMENTS}: {requirement.warning}",) if requirement.warning and REQUIREMENTS in \
        created else ()
    return InitReport(created=tuple(created), kept=tuple(kept), warnings=warnings)


def _check_target(target: Path) -> None:
    """Refuse a target that is, or sits below, something other than a folder (a file, a dangling link)."""
    blocked = next((p for p in (target, *target.parents) if p.exists() or p.is_symlink()), None)
    if blocked is None or blocked.is_dir():
        return
    what = f"is a link to {os.readlink(blocked)}, which does not exist" if blocked.is_symlink() else "is a file"
    if blocked != target:
        what += f", so it cannot hold the folder {target}"
    raise UserError(str(blocked), f"{what}: give `newsgen init` a new or empty folder")


def create_file(path: Path, data: bytes) -> bool:
    """Write `data` to a new file; False (and nothing written) when the file already exists."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where a folder should be, no permission...
        raise UserError(str(path.parent), f"cannot create the folder: {exc.strerror or exc}") from None
    try:
        with open(path, "xb") as handle:  # "x": fails if the file exists, even if it appeared a moment ago
            handle.write(data)
    except FileExistsError:
        return False
    except OSError as exc:
        raise UserError(str(path), f"cannot write: {exc.strerror or exc}") from None
    return True


def site_yaml(*, title: str, base_url: str, timezone: str) -> str:
    """A site.yaml with every setting documented; only title, base_url, timezone and search are set."""
    chosen = {"title": title, "base_url": base_url, "timezone": timezone, "search": True}  # a reader expects search
    parts = ["# The settings of this newsgen site. Every setting is listed with what it does; a line starting",
             "# with '# ' shows the default: remove the '# ' to change it. Check your edits with `newsgen check`.",
             ""]
    for name, setting in SETTINGS.items():
        parts += textwrap.wrap(setting.doc, width=100, initial_indent="# ", subsequent_indent="# ",
                               break_on_hyphens=False)  # `pt-BR` stays one word
        if name in chosen:
            parts.append(_yaml_line(name, chosen[name]))
        elif name in EXAMPLES or isinstance(setting.default, dict):
            parts.append(f"# {name}:")
            parts += [f"#   {_yaml_line(key, value)}" for key, value in EXAMPLES.get(name, {}).items()]
        else:
            parts.append("# " + _yaml_line(name, setting.default))
        parts.append("")
    return "\n".join(parts)


def _yaml_line(name: str, value: object) -> str:
    """`name: value` on one line (lists in [a, b] form)."""
    if isinstance(value, list):
        return f"{name}: " + yaml.safe_dump(value, allow_unicode=True, width=1000, default_flow_style=True).strip()
    return yaml.safe_dump({name: value}, allow_unicode=True, width=1000, default_flow_style=False).rstrip("\n")


def gitignore_text(output: str, cache_dir: str) -> str:
    out = output.strip("/")
    return (
        "# Made again by every build: never commit them.\n"
        f"/{out}/\n"
        f"/.{out}.newsgen/\n"
        f"/{cache_dir.strip('/')}/\n"
        "/.newsgen-preview/\n"
        "/.newsgen-schedule.json\n"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """requirements.txt for the deploy workflow, and a warning when its newsgen line installs only here."""

    text: str
    warning: str = ""


_REQUIREMENTS_HEAD = "# What the deploy workflow (.github/workflows/deploy.yml) installs to build this site.\n"


def requirement_for(direct_url: dict[str, Any] | None, version: str) -> Requirement:
    """The requirements.txt that installs the same newsgen as `direct_url` describes: pip's direct_url.json
    (PEP 610), None for an install from a package index. Pure: never reads the installation itself."""
    if direct_url is None:
        return Requirement(text=f"{_REQUIREMENTS_HEAD}newsgen=={version}\n")
    url = _without_password(str(direct_url.get("url", "")))
    fragment = f"#subdirectory={direct_url['subdirectory']}" if direct_url.get("subdirectory") else ""
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict) and not url.startswith("file:"):
        revision = vcs.get("commit_id") or vcs.get("requested_revision")
        line = f"newsgen @ {vcs.get('vcs', 'git')}+{url}" + (f"@{revision}" if revision else "") + fragment
        return Requirement(text=f"{_REQUIREMENTS_HEAD}# The commit of newsgen's repository this site was started with.\n{line}\n")
    if isinstance(direct_url.get("archive_info"), dict) and urlsplit(url).scheme in ("http", "https"):
        return Requirement(text=f"{_REQUIREMENTS_HEAD}newsgen @ {url}{fragment}\n")
    folder = direct_url.get("dir_info")
    return _local_requirement(url, fragment, version, directory=not isinstance(direct_url.get("archive_info"), dict),
                              editable=isinstance(folder, dict) and bool(folder.get("editable")))


def _local_requirement(url: str, fragment: str, version: str, *, directory: bool, editable: bool) -> Requirement:
    """A newsgen installed from this computer: a line that works here, and why it will not on a runner."""
    from urllib.request import url2pathname  # noqa: PLC0415 - urllib.request is slow to import, rarely needed

    where = url2pathname(urlsplit(url).path) if url.startswith("file:") else (url or "an unknown place")
    what = "folder" if directory else "file"
    text = (
        f"{_REQUIREMENTS_HEAD}"
        f"# REPLACE THE LAST LINE before you push. newsgen was installed from a {what} on this computer\n"
        f"# ({where}{', editable' if editable else ''}), which the workflow's runner cannot reach: use where\n"
        "# newsgen can be installed from instead, one of\n"
        f"#   newsgen=={version}  (if a package index has this version)\n"
        "#   newsgen @ git+https://github.com/OWNER/newsgen@COMMIT  (its Git repository at a commit)\n"
        + (f"newsgen @ {url}{fragment}\n" if url else "")
    )
    warning = (f"newsgen is installed from {where} on this computer, which the deploy workflow cannot install "
               f"from: replace the last line with newsgen=={version} (if a package index has it) or "
               "newsgen @ git+https://github.com/OWNER/newsgen@COMMIT before you push")
    return Requirement(text=text, warning=warning)


def _without_password(url: str) -> str:
    """The URL without a password: requirements.txt is committed, and pip left any token in direct_url.json."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    return urlunsplit(parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")))


def installed_requirement() -> Requirement:
    """requirement_for() of the newsgen that is running, read from its installation's direct_url.json."""
    from importlib.metadata import PackageNotFoundError, distribution  # noqa: PLC0415 - only for `init`

    try:
        raw = distribution("newsgen").read_text("direct_url.json")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return requirement_for({"url": "", "dir_info": {}}, __version__)
    if raw is None:
        return requirement_for(None, __version__)
    try:
        data = json.loads(raw)
    except ValueError:
        data = {"url": "", "dir_info": {}}
    return requirement_for(data if isinstance(data, dict) else {"url": "", "dir_info": {}}, __version__)


def article_text(title: str, date: dt.datetime, *, section: str = "", tags: tuple[str, ...] = (),
                 author: str = "", draft: bool = False, body: str = "") -> str:
    """An article file: front matter with the given fields (JSON-quoted, which YAML reads as is) and a body."""
    lines = ["---", f"title: {_quoted(title)}", f"date: {rfc3339(date)}"]
    if section:
        lines.append(f"section: {_quoted(section)}")
    if tags:
        lines.append(f"tags: [{', '.join(_quoted(tag) for tag in tags)}]")
    if author:
        lines.append(f"author: {_quoted(author)}")
    if draft:
        lines.append("draft: true")
    lines += ["---", "", body or "Write the article here, in Markdown. Its first paragraph is the summary in "
              "listings and feeds, unless you add a `summary:` line above.\n"]
    return "\n".join(lines)


# Characters YAML refuses in a file (controls, U+FFFE/FFFF) or reads as a line break inside quotes (U+0085):
# written as escapes, which YAML's double quotes turn back into the same characters.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\ufffe\uffff]")


def _quoted(text: str) -> str:
    """`text` as a double-quoted YAML string that reads back as exactly `text` (JSON escapes are YAML's)."""
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}",
                                   json.dumps(text, ensure_ascii=False))


def new_article(site_dir: Path, headline: str, *, now: dt.datetime, date: str | None = None, slug: str = "",
                section: str = "", tags: tuple[str, ...] = (), author: str = "", draft: bool = False) -> Path:
    """Write content/<year>/<slug>.md and return its path; raise UserError rather than overwrite anything."""
    if not (site_dir / CONFIG_NAME).is_file():
        raise UserError(str(site_dir), f"not a newsgen site (no {CONFIG_NAME}): run `newsgen new` in a site "
                        "folder or pass --site DIR; start a site with `newsgen init DIR`")
    config = load_config(site_dir)
    _check_text({"headline": headline, "--section": section, "--tags": ", ".join(tags), "--author": author,
                 "--slug": slug})
    title = " ".join(headline.split())
    if not title:
        raise UserError("headline", "is empty: give the headline in quotes, e.g. newsgen new \"Ferry fares rise\"")
    if slug and (set(slug) & {"/", "\\"} or slug.strip(". ") == ""):
        raise UserError("--slug", f"{slug!r} is a path, not a name: give one file and URL name such as "
                        "council-2027-01-04 (letters, digits and dashes; the folder is the year)")
    name = slugify(slug or title)
    if not name:
        raise UserError("--slug" if slug else "headline", f"{slug or title!r} has no letters or digits to make a "
                        "file name and URL from: pass --slug some-name")
    try:
        when = parse_when(date, config.zone) if date else now
    except DateError as exc:
        raise UserError("--date", str(exc)) from None
    when = when.astimezone(config.zone).replace(microsecond=0)
    author = " ".join(author.split())
    if author:
        _check_author(site_dir, author)
    rel = f"{CONTENT_DIR}/{when.year:04d}/{name}.md"
    text = article_text(title, when, section=" ".join(section.split()), tags=tags, author=author, draft=draft)
    if not create_file(site_dir / rel, text.encode()):
        raise UserError(rel, "already exists; newsgen new never overwrites an article: choose another file name "
                        "with --slug, or edit the existing one")
    return site_dir / rel


def _check_text(values: dict[str, str]) -> None:
    """Refuse text (option name -> value) that cannot be saved as UTF-8: a terminal passing other bytes."""
    for option, value in values.items():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise UserError(option, f"{value.encode('utf-8', 'replace').decode()!r} is not valid text (the "
                            "terminal passed bytes that are not UTF-8): set a UTF-8 locale, e.g. "
                            "LANG=C.UTF-8") from None


def _check_author(site_dir: Path, author: str) -> None:
    """With an authors.yaml, the byline must be in it (by name or slug), as the build will require."""
    profiles = load_authors(site_dir)
    if profiles is None:  # no staff list: any byline is fine
        return
    for problem in check_bylines({author: [("--author", None)]}, profiles):
        raise UserError(problem.path, f"{problem.message}: nothing was written")
