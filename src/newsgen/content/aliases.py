"""`aliases:` and `url:` values: site paths checked to stay on the site. Pure."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fieldreader import Fields


def clean_site_path(text: str) -> str | None:
    """'/contact/' or 'contact' -> 'contact/'; None for a URL with a scheme, a query or '..'."""
    text = text.strip()
    if not text or "://" in text or text.startswith("//") or any(c in text for c in "?#\\ \t\"'<>"):
        return None
    parts = [p for p in text.strip("/").split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None
    if not parts:
        return ""
    last = parts[-1]
    return "/".join(parts) if "." in last else "/".join(parts) + "/"


# Files and folders the build writes at the root whatever the content: an alias there would overwrite them
# (and a host reading `_redirects` would send their requests away).
_MADE_BY_THE_BUILD = frozenset(("pagefind", "_redirects"))


def aliases_of(f: Fields) -> tuple[str, ...]:
    """`aliases: [/old/path/, ...]` -> ('old/path/', ...), each checked to be a site path."""
    out: list[str] = []
    for item in f.names("aliases"):
        path = clean_site_path(item)
        if not path:
            f.fail("aliases", f"expected old site paths such as /2025/01/02/old-slug/, found {item!r}")
        elif path.split("/")[0] in _MADE_BY_THE_BUILD:
            f.fail("aliases", f"{item!r} is where the build writes {path.split('/')[0]} itself (search index, "
                              "redirect map): an old address cannot be there")
        elif path not in out:
            out.append(path)
    return tuple(out)
