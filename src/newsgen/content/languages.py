"""The language of an article or page and the key that links it to its translations. Pure.

A file is in a language by `lang: es` in its front matter or by its name (`story.es.md`, `index.es.md`);
without either it is in the site's default language. Its translations share its `translation_key:`, or,
without one, its file name apart from the language part (`story.md` and `story.es.md`), as Hugo links them.
A site without `languages:` reads neither: its files keep the names and addresses they always had.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from ..core.config import SiteConfig
from ..core.languagesettings import ISO_639_1

# Front-matter keys that only a site with `languages:` reads; on others they stay in `extra`, as they were
# before languages existed (a theme may show `article.extra.lang`).
LANGUAGE_FIELDS = frozenset(("lang", "translation_key"))


def extra_of(data: dict[str, object], known: Iterable[str], config: SiteConfig) -> dict[str, object]:
    """The front-matter keys newsgen does not read, for templates (`extra`)."""
    known = set(known) - (set() if config.languages else LANGUAGE_FIELDS)
    return {key: value for key, value in data.items() if key not in known}


class _Fields(Protocol):
    def text(self, key: str, *, required: bool = False) -> str: ...
    def fail(self, key: str, message: str) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class FileLanguage:
    """What a file's language settles: its code ('' on a site without languages), the key its translations
    share, the site path prefix of its pages ('es/'), and its path without the language part."""

    code: str = ""
    key: str = ""
    prefix: str = ""
    rel: str = ""


def file_language(rel: str, f: _Fields, config: SiteConfig) -> FileLanguage:
    """The language of the file at `rel`; a problem on `f` for a language the site does not list (the
    default language is given then, so the rest of the file is still checked)."""
    if not config.languages:
        return FileLanguage(rel=rel)
    plain, named = _name_language(rel)
    given = f.text("lang")
    code = given or named or config.languages[0].code
    language = config.language_entry(code)
    if language is None and named and not given:  # `story.pt.md` on a site whose language is pt-BR
        language = next((entry for entry in config.languages if entry.code.split("-")[0] == named), None)
    if language is None:
        listed = ", ".join(entry.code for entry in config.languages)
        field = "lang" if given else "title"
        where = f"`lang: {given}`" if given else f"the file name's .{named}"
        f.fail(field, f"{where} is not one of the site's languages ({listed}): add it to `languages:` in "
                      f"site.yaml, or use one of them")
        language = config.languages[0]
    # Without a key of its own, a story's key is its path under content/ without `.md` and the language part
    # (`2026/ferry` for content/2026/ferry.es.md): what another file names with `translation_key: 2026/ferry`.
    # The folders stay in it, so that bundles (`post/x/index.md`) are not all translations of each other.
    key = f.text("translation_key") or plain.removeprefix("content/").removesuffix(".md")
    return FileLanguage(code=language.code, key=key, prefix=language.prefix, rel=plain)


def _name_language(rel: str) -> tuple[str, str]:
    """('content/story.md', 'es') for 'content/story.es.md'; (rel, '') when the name has no language part.
    Only a two-letter ISO 639-1 code counts ('v2.0.md' and 'notes.draft.md' are plain names)."""
    path = PurePosixPath(rel)
    stem = PurePosixPath(path.stem)
    code = stem.suffix.removeprefix(".")
    if path.suffix != ".md" or code.lower() not in ISO_639_1 or code != code.lower():
        return rel, ""
    return str(path.with_name(stem.stem + path.suffix)), code
