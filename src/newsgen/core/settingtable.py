"""Every `site.yaml` key: its type, its default and what it does (the reference users read). The rules that
check the values are in config.py and the *settings.py modules; this is only the table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .searchsettings import CHECK_DOC, SEARCH_DOC


@dataclass(frozen=True, slots=True)
class Setting:
    """One `site.yaml` key: its type, its default (None = required) and what it does."""

    kind: type | tuple[type, ...]
    default: Any
    doc: str


# The single source of the site.yaml reference: README's table (`python scripts/readme_tables.py --write
# README.md`) and the comments of `newsgen init`'s site.yaml are generated from it.
SETTINGS: dict[str, Setting] = {
    "title": Setting(str, None, "Site name, shown in the masthead, page titles and feeds. Required."),
    "base_url": Setting(str, None, "Absolute URL the site is served from, e.g. `https://example.org/news/`. "
                        "A subpath is honoured in every link, feed and sitemap. ASCII only (a host in its `xn--` form, the path "
                        "percent-encoded), no user name or password. Required."),
    "description": Setting(str, "", "One-line description for the home page, meta tags and feeds."),
    "language": Setting(str, "en", "Language code of the content (`lang` on `<html>`, feed language); "
                        "with `languages:`, the first language's code is used instead."),
    "timezone": Setting(str, "UTC", "IANA time zone (e.g. `Europe/Berlin`) for dates written without an offset, "
                        "and for deciding which articles are in the future."),
    "per_page": Setting(int, 10, "Articles per listing page (home, tag, section, author pages), 1 to 1000."),
    "permalink": Setting(str, "/{year}/{month}/{day}/{slug}/", "URL pattern of article pages; tokens: "
                         "`{year}`, `{month}`, `{day}`, `{slug}`, `{section}`. Must contain `{slug}` and end with `/`; no part "
                         "between slashes may be empty or start or end with `.` (every page stays inside the output "
                         "folder)."),
    "output": Setting(str, "public", "Output folder, relative to the site folder (`../public-out` is fine). It may "
                      "not be, hold or sit inside the site folder itself, `content/`, `static/`, `templates/` or "
                      "the cache."),
    "feed_items": Setting(int, 20, "Number of newest articles in each feed, 1 to 1000."),
    "markdown_engine": Setting(str, "python-markdown", "`python-markdown` (default) or `commonmark` (needs "
                               "`pip install newsgen[fast]`, much faster on big archives)."),
    "cache_dir": Setting(str, ".newsgen-cache", "Build cache folder, relative to the site folder: parsed articles "
                         "by content hash. Safe to delete; keep it between CI runs for fast builds. Kept apart from the output folder "
                         "(it holds drafts) and the site's own folders, like `output`."),
    "logo": Setting(str, "", "Publisher logo (a file in `static/` such as `/images/logo.png`, or an absolute URL) "
                    "for the masthead and the `NewsArticle` structured data search engines read."),
    "twitter_site": Setting(str, "", "The site's X/Twitter handle for card tags, e.g. `@harbourledger`."),
    "images": Setting(dict, {}, "Photo pipeline: `widths` (responsive variant widths, default [480, 800, 1200, 1600], "
                      "never upscaled), `quality` (1 to 100, default 80), `keep_metadata` (default false: GPS "
                      "and device serials are removed from every published image; credit fields stay)."),
    "newsletter": Setting(dict, {}, "Optional signup block on article pages: `heading`, `text`, `action` (the "
                          "form URL of your newsletter provider; the form posts there), `button` (label), "
                          "`field` (e-mail input name, default `email`). Left out: no block."),
    "more_from": Setting(int, 0, "Show a \"More from <site title>\" list of this many recent headlines on "
                         "article pages (0: no block; at most 100)."),
    "policies": Setting(dict, {}, "Trust pages by kind, each naming a page under `content/pages/` "
                        "(without `.md`), e.g. `ethics: policies/ethics`: linked in the footer and named in "
                        "the publisher `Organization` JSON-LD (`ethics` -> `publishingPrinciples`, "
                        "`corrections`, `diversity`, `ownership`, `masthead`, `feedback`, `verification`, "
                        "`unnamed_sources`, `mission`, `contact`, `diversity_staffing`). A page that does "
                        "not exist is an error."),
    "fields": Setting(dict, {}, "For an imported archive: other front-matter names for newsgen's fields, e.g. "
                      "`tags: [tags, topics, categories]` or `photo: [photo, image, featured_image]`; each field "
                      "takes the first listed key an article has."),
    "theme": Setting(dict, {}, "Look of the built-in theme: `accent` (link and rule colour, `#rrggbb`, with a "
                     "contrast of at least 4.5:1 on the page background), `logo_display` (`icon`, the "
                     "default: the `logo` beside the title; `wordmark`: the logo instead of the title text; "
                     "either way at the shape its file gives), `date_format` and `time_format` (CLDR "
                     "patterns, see Strings), `head_html` (inserted at the end of every page's `<head>`) and "
                     "`body_end_html` (before `</body>`). The two HTML keys are inserted as written, NOT "
                     "escaped: put only markup you trust there."),
    "embeds": Setting(dict, {}, "Third-party embeds (`youtube`): `load: click` (default: a preview and a button, "
                      "nothing is requested from the provider until the reader presses it) or `load: "
                      "immediately` (the player itself)."),
    "menus": Setting(dict, {}, "Named link lists: `main` replaces the section bar, `footer` is added to the "
                     "footer. Each item is `{title: About, url: /about/}` (a site path or an absolute URL), "
                     "`{page: about}`, `{section: Sport}` or `{tag: elections}` (an optional `title` replaces "
                     "the name), in the order given, then pages joining by front matter (`menu: footer`). "
                     "An item pointing at nothing the build makes is an error."),
    "home": Setting(dict, {}, "Front-page blocks: `sections: [News, Sport]` gives page 1 of the home page a "
                    "block per section under the latest stories, each with its `per_section` newest articles "
                    "(default 4, at most 50) and a link to the section page. A section no published article "
                    "has is an error."),
    "sections": Setting(list, (), "Sections' descriptions and navigation order: a list of names or of "
                        "`{name: Sport, description: ..., order: 2}`. Without `menus.main` the navigation shows "
                        "the sections in this order (by `order`, else as listed), then any others A to Z; the "
                        "description is shown on the section's page."),
    "languages": Setting(list, (), "A multilingual site's languages, the first the default: "
                         "`[{code: en, title: The Courier}, {code: es, title: El Correo, path: es}]`. `code` is "
                         "an ISO 639-1 code (optionally with a region, `pt-BR`); `path` the folder of the "
                         "language's pages (required for all but the first); `title`, `description`, `menus`, "
                         "`home` and `newsletter` replace the site-level settings on that language's pages (a "
                         "language without its own `home` has no section blocks: sections are per language). "
                         "See \"Languages\" above."),
    "strings": Setting(dict, {}, "The theme's words, changed (`by: Words by`, `es: {by: Por}`): see Strings."),
    "warnings": Setting(dict, {}, "Warning kinds not to print: `ignore: [no-photo, no-author]` (each "
                        "warning is printed with its kind; the codes are listed under \"Warning kinds\"). An "
                        "unknown kind is an error."),
    "news_sitemap": Setting(dict, {}, "The Google News sitemap: `exclude_types: [opinion]` keeps articles of "
                            "those `type`s out of it (they stay in `sitemap.xml`, feeds and listings)."),
    "search": Setting(bool, False, SEARCH_DOC),
    "check": Setting(dict, {}, CHECK_DOC),
}
