"""Missing images named in a content file are build errors, not link warnings.

The link check (check/) already finds every image a page shows that the site does not publish, and places
it at the line of the article or page source that names it (the `photo:` front-matter line, the body line
of `![alt](/images/x.jpg)`). A missing photo is a hole on the front page, not a typo in a link: whatever
`--strict` says, the build must not publish it. Remote (http/https) images are never fetched, so the link
check never reports them.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from ..core.errors import BuildFailed, Problem

# What a page can show as an image; a broken link to one of these from a content file is a missing image.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg")
_BROKEN = "broken link "


def missing_image(problem: Problem, content_prefix: str) -> Problem | None:
    """The error for `problem` when it is a missing image named in a file under `content_prefix`, else None."""
    if not problem.path.startswith(content_prefix) or not problem.message.startswith(_BROKEN):
        return None
    url = problem.message[len(_BROKEN):].split(": ", 1)[0]
    path = unquote(urlsplit(url).path)
    if not path.lower().endswith(IMAGE_SUFFIXES):
        return None
    rel = path.lstrip("/")
    return Problem(path=problem.path, line=problem.line, message=(
        f"missing image {url}: there is no static/{rel}; add the file there or fix the path "
        "(http and https images are not checked)"))


def missing_logo(problem: Problem, logo: str, line: int | None) -> Problem | None:
    """The site.yaml error for `problem` when it is the `logo:` file missing (on every page that shows it)."""
    if not logo.startswith("/") or logo.startswith("//") or not problem.message.startswith(_BROKEN):
        return None
    url = problem.message[len(_BROKEN):].split(": ", 1)[0]
    if not unquote(urlsplit(url).path).endswith(logo):  # under a subpath the page names /news/images/...
        return None
    return Problem(path="site.yaml", line=line, field="logo", message=(
        f"missing image {logo}: there is no static{logo}; add the file there or fix the path"))


def split_missing_images(problems: tuple[Problem, ...], content_prefix: str,
                         logo: tuple[str, int | None] = ("", None)
                         ) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    """(missing images named in content files or as the `logo`: errors, every other link problem: warnings
    unless --strict)."""
    errors: list[Problem] = []
    others: list[Problem] = []
    for problem in problems:
        found = missing_image(problem, content_prefix) or missing_logo(problem, *logo)
        if found is not None and found.path == "site.yaml" and found in errors:
            continue  # one error for the logo, whatever number of pages show it
        if found is None:
            others.append(problem)
        else:
            errors.append(found)
    return tuple(errors), tuple(others)


def link_errors(problems: tuple[Problem, ...], content_prefix: str, *, strict: bool,
                logo: tuple[str, int | None] = ("", None)) -> tuple[Problem, ...]:
    """The link check's warnings to publish with; raises BuildFailed with the missing images (and, with
    `strict`, every other link problem as well). `logo`: site.yaml's `logo:` and its line."""
    errors, others = split_missing_images(problems, content_prefix, logo)
    if errors or strict and others:
        raise BuildFailed(list(errors) + list(others), warnings=()) if strict else BuildFailed(
            list(errors), warnings=list(others))
    return others
