"""Site folders shaped like three real archives (Hugo, Jekyll/Eleventy, a custom generator), written on demand.

Each generator is deterministic (a seeded `random.Random`, no network, no clock) and writes the features those
archives really had, in about the proportions they had them: shortcodes and Liquid tags, TOML and YAML front
matter, page bundles, `_index.md` sections, drafts, empty bodies, tags that slugify alike, very long titles,
unicode, CRLF files and byte-order marks, odd dates, notes without front matter, authors as mappings.
A `Corpus` says how many of its posts should be published, so a test can hold the build to 98% of them.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# A 1x1 GIF: an image beside a Hugo bundle's index.md (a real archive's bundles hold photos).
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def photo_bytes(fmt: str) -> bytes:
    """A small real photo file: an archive's images are copied into static/ with it (a missing one is an
    error), and every JPEG and PNG there goes through the photo pipeline."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 150)).save(out, fmt)
    return out.getvalue()

WORDS = ("harbour", "ferry", "council", "budget", "storm", "school", "bridge", "market", "quay", "fishing", "tide",
         "election", "library", "museum", "festival", "rail", "bus", "climate", "river", "island", "shipyard",
         "census", "hospital", "police", "strike", "night", "café", "über", "naïve", "Zürich", "São", "Paulo",
         "Kraków", "東京", "Ελλάδα", "Россия")
# Tag spellings that fold to one slug (Hugo merges them), and unicode tags.
TAGS = ("news", "News", "NEWS", "artificial intelligence", "artificial-intelligence", "Artificial Intelligence",
        "café", "cafe", "Café", "go", "Go", "c++", "c#", "open source", "open-source", "weather", "Weather", "日本語",
        "Ελληνικά", "emoji 🎉", "zürich", "Zurich", "data & privacy", "a/b testing", "tags,with,commas")
LONG = "A very long headline about the harbour council's decision on the new ferry timetable " * 4


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(words(rng, 12, 40).capitalize() + "." for _ in range(count))


@dataclass
class Corpus:
    """One generated site: where it is, how many of its posts should be published, and the broken ones."""

    site: Path
    expected: int = 0  # posts that a correct build publishes (not drafts, not notes, not broken files)
    broken: list[str] = field(default_factory=list)  # files written to fail, as site-relative paths
    notes: list[str] = field(default_factory=list)  # files that are not articles (skipped with a note)
    drafts: int = 0

    def write(self, rel: str, text: str | bytes, *, crlf: bool = False, bom: bool = False) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        if crlf:
            data = data.replace(b"\n", b"\r\n")
        if bom:
            data = b"\xef\xbb\xbf" + data
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _site_yaml(corpus: Corpus, config: dict[str, object]) -> None:
    corpus.write("site.yaml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def _yaml_front(data: dict[str, object], end: str = "---") -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + end + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_front(data: dict[str, object]) -> str:
    lines = []
    for key, value in data.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(_toml_string(str(v)) for v in value)}]")
        elif key in ("date", "lastmod"):
            lines.append(f"{key} = {value}")  # a TOML date-time, unquoted, as Hugo writes it
        else:
            lines.append(f"{key} = {_toml_string(str(value))}")
    return "+++\n" + "\n".join(lines) + "\n\n[params]\n  subtitle = \"kept in extra\"\n+++\n"


# ------------------------------------------------------------------------------------------ Hugo

HUGO_SHORTCODES = ('{{< figure src="/images/storm.jpg" title="Storm" >}}', "{{< youtube w7Ft2ymGmfc >}}",
                   "{{% note %}}Shortcodes stay in the text.{{% /note %}}", '{{< tweet user="x" id="1" >}}',
                   "{{< highlight go >}}\nfmt.Println(1)\n{{< /highlight >}}", "{{< gist user 123 >}}")


def hugo(root: Path, posts: int = 400, seed: int = 2084) -> Corpus:
    """A Hugo site: `content/post/` files and bundles, TOML and YAML, shortcodes in 82% of posts, 13% empty."""
    rng = random.Random(seed)
    corpus = Corpus(site=root)
    _site_yaml(corpus, {"title": "Coastline Weekly", "base_url": "https://example.org/", "timezone": "Europe/Berlin",
                        "permalink": "/{year}/{month}/{slug}/",
                        "fields": {"tags": ["tags", "categories"], "summary": ["summary", "description"],
                                   "updated": ["updated", "lastmod"]}})
    corpus.write("static/images/storm.jpg", photo_bytes("JPEG"))  # the figure shortcode's image
    corpus.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
    corpus.write("content/post/_index.md", "---\ntitle: Posts\n---\nAll posts.\n")
    corpus.notes += ["content/_index.md", "content/post/_index.md"]
    slugs = [f"{'-'.join(words(rng, 1, 3).split())}-{n}" for n in range(posts)]
    published: list[str] = []  # `{{< ref >}}` names earlier published posts, as in an archive Hugo built
    for n, slug in enumerate(slugs):
        year, month, day = rng.randint(2009, 2025), rng.randint(1, 12), rng.randint(1, 28)
        front: dict[str, object] = {
            "title": LONG[: rng.randint(200, 330)] if rng.random() < 0.03 else words(rng, 2, 9).title(),
            "date": f"{year}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
                    + rng.choice(["+01:00", "-05:00", "Z", ""]),
            "tags": rng.sample(TAGS, rng.randint(0, 4)),
            "categories": rng.sample(["news", "sport", "culture", "opinion"], rng.randint(0, 2)),
        }
        if rng.random() < 0.3:
            front["lastmod"] = f"{year + 1}-01-0{rng.randint(1, 9)}T10:00:00+01:00"
        if rng.random() < 0.2:
            front["description"] = words(rng, 5, 20)
        if rng.random() < 0.25:
            front["images"] = [f"/images/{slug}.jpg"]  # Hugo's list of social images: kept in extra
        if rng.random() < 0.15:
            front["aliases"] = [f"/old/{slug}/", f"/p/{n}/"]
        if rng.random() < 0.02:
            front["tags"] = [LONG[:300]]  # a tag longer than any file name may be
        draft = rng.random() < 0.03
        if draft:
            front["draft"] = True
            corpus.drafts += 1
        elif rng.random() < 0.1:
            front["draft"] = False
        body = "" if rng.random() < 0.13 else _hugo_body(rng, published)
        head = _toml_front(front) if rng.random() < 0.4 else _yaml_front(front)
        bundle = rng.random() < 0.2
        rel = f"content/post/{slug}/index.md" if bundle else f"content/post/{slug}.md"
        if bundle:
            corpus.write(f"content/post/{slug}/photo.jpg", GIF)
            body += "\n\n![The scene](photo.jpg)\n" if body else ""
        corpus.write(rel, head + body, crlf=rng.random() < 0.1, bom=rng.random() < 0.03)
        corpus.expected += 0 if draft else 1
        published += [] if draft else [slug]
    return corpus


def _hugo_body(rng: random.Random, slugs: list[str]) -> str:
    parts = [paragraphs(rng, rng.randint(1, 4))]
    if rng.random() < 0.82:  # 1,710 of 2,084 posts had shortcodes
        parts.append(rng.choice(HUGO_SHORTCODES))
        if rng.random() < 0.4 and slugs:
            parts.append(f'See [the earlier story]({{{{< ref "post/{rng.choice(slugs)}.md" >}}}}).')
    if rng.random() < 0.1:
        parts.append("Ünïcödé paragraph — “quotes”, ‘apostrophes’, emoji 🌊, 中文, עברית.")
    return "\n\n".join(parts) + "\n"


# ------------------------------------------------------------------------------------------ Jekyll

LIQUID = ("{% highlight ruby %}\nputs 'hi'\n{% endhighlight %}", "![logo]({{ site.baseurl }}/images/logo.png)",
          "{% include figure.html src='x.jpg' %}", "{{ page.title }}", "{% raw %}{{ x }}{% endraw %}")


def jekyll(root: Path, posts: int = 200, seed: int = 509) -> Corpus:
    """An Eleventy/Jekyll site: `YYYY-MM-DD-slug.md` names, Liquid tags, `...` fence ends, `.markdown` files."""
    rng = random.Random(seed)
    corpus = Corpus(site=root)
    _site_yaml(corpus, {"title": "The Old Quay Gazette", "base_url": "https://example.org/gazette/",
                        "timezone": "America/New_York",
                        "fields": {"tags": ["tags", "categories"], "summary": ["summary", "excerpt"],
                                   "photo": ["photo", "image"]}})
    corpus.write("content/_drafts/unfinished.md", "---\ntitle: Not yet\n---\nDraft.\n")
    corpus.write("static/images/logo.png", photo_bytes("PNG"))  # the one LIQUID's `site.baseurl` image shows
    corpus.write("content/_layouts/post.html", "<html>{{ content }}</html>\n")
    corpus.write("content/about.html", "---\nlayout: page\n---\n<p>About</p>\n")
    corpus.notes += ["content/_drafts/unfinished.md", "content/_layouts/post.html", "content/about.html"]
    names: list[str] = []
    for n in range(posts):
        year, month, day = rng.randint(2010, 2020), rng.randint(1, 12), rng.randint(1, 28)
        short = rng.random() < 0.1  # 2014-1-5-slug.md
        stamp = f"{year}-{month}-{day}" if short else f"{year}-{month:02d}-{day:02d}"
        slug = f"{'-'.join(words(rng, 1, 4).split())}-{n}".lower()
        names.append(f"{year}-{month:02d}-{day:02d}-{slug}")
        front: dict[str, object] = {"layout": "post", "title": _jekyll_title(rng)}
        if rng.random() < 0.7:
            front["date"] = (f"{year}-{month:02d}-{day:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
                             f"{rng.randint(0, 59):02d} " + rng.choice(["-0400", "-0500", "+0000", "-5"]))
        cats = rng.sample(["news", "sport", "harbour", "city-hall", "arts"], rng.randint(0, 3))
        if cats:
            front["categories"] = " ".join(cats) if rng.random() < 0.5 else cats
        if rng.random() < 0.4:
            front["tags"] = rng.sample(TAGS, rng.randint(1, 3))
        if rng.random() < 0.2:
            front["permalink"] = f"/{year}/{slug}.html"
        if rng.random() < 0.3:
            front["excerpt_separator"] = "<!--more-->"
        if rng.random() < 0.15:
            front["image"] = f"/images/{slug}.png"
            corpus.write(f"static/images/{slug}.png", photo_bytes("PNG"))
        ext = ".markdown" if rng.random() < 0.25 else ".md"
        head = _yaml_front(front, end="..." if rng.random() < 0.1 else "---")
        corpus.write(f"content/{stamp}-{slug}{ext}", head + _jekyll_body(rng, names),
                     crlf=rng.random() < 0.05)
        corpus.expected += 1
    return corpus


def _jekyll_title(rng: random.Random) -> str:
    title = words(rng, 2, 8).title()
    return rng.choice([title, f"{title}: A Review", f'"{title}" and more', f"{title} &#8212; Part 2",
                       f"It's {title}", f"{title} &amp; Friends"])


def _jekyll_body(rng: random.Random, names: list[str]) -> str:
    parts = [paragraphs(rng, 1)]
    if rng.random() < 0.3:
        parts.append("<!--more-->")
    parts.append(paragraphs(rng, rng.randint(0, 3)))
    if rng.random() < 0.35:
        parts.append(rng.choice(LIQUID))
    if rng.random() < 0.2 and names:
        parts.append(f"Earlier: [this post]({{% post_url {rng.choice(names)} %}}).")
    if rng.random() < 0.2:
        parts.append("\tAn indented line with a tab.\n\tAnd another.")
    return "\n\n".join(p for p in parts if p) + "\n"


# ------------------------------------------------------------------------------------------ custom

ODD_DATES = ("{y}-{m:02d}-{d:02d}", "{y}-{m}-{d} {h}:05", "{y}-{m:02d}-{d:02d}T{h:02d}:05:09.000Z",
             "{y}-{m:02d}-{d:02d} {h:02d}:05:09 +0100", "'{y}-{m:02d}-{d:02d}'", "{y}-{m:02d}-{d:02d}t{h:02d}:05z",
             "{y}-{m:02d}-{d:02d} {h:02d}:05 GMT", "{y}-{m:02d}-{d:02d}T{h:02d}:05:09-03:30")
UNREADABLE_DATES = ("02/01/{y}", "{d} March {y}", "last tuesday")  # the deliberately broken 1%


def custom(root: Path, posts: int = 200, seed: int = 584, broken: int = 2) -> Corpus:
    """A home-made generator's archive: odd dates, notes without front matter, HTML in fields, author mappings.

    `broken` posts have a date no generator reads (`02/01/2014`): with --keep-going they are left out with a
    `path:line:` error, and everything else is published."""
    rng = random.Random(seed)
    corpus = Corpus(site=root)
    _site_yaml(corpus, {"title": "Notes From The Quay", "base_url": "https://example.org/", "timezone": "UTC",
                        "permalink": "/{year}/{slug}/",
                        "fields": {"date": ["date", "published", "created"], "summary": ["summary", "abstract"],
                                   "photo": ["photo", "image", "cover"], "author": ["author", "authors", "by"]}})
    for n in range(posts):
        y, m, d, h = rng.randint(2003, 2024), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23)
        bad = n < broken
        formats = UNREADABLE_DATES if bad else ODD_DATES
        date_key = rng.choice(["date", "date", "published", "created"])
        lines = [f"title: {_custom_title(rng)}",
                 f"{date_key}: " + rng.choice(formats).format(y=y, m=m, d=d, h=h)]
        lines += _custom_author(rng)
        if rng.random() < 0.4:
            lines.append("summary: \"<p>A summary with <em>HTML</em> &amp; an entity.</p>\"")
        if rng.random() < 0.3:
            key = rng.choice(["image", "cover", "photo"])
            lines.append(f"{key}: https://cdn.example.net/{y}/{n}.jpg")
        if rng.random() < 0.3:
            lines.append(f"tags: {', '.join(rng.sample(TAGS[:18], rng.randint(1, 3)))}")
        rel = f"content/{y}/{n:04d}-{'-'.join(words(rng, 1, 3).split())}.md"
        corpus.write(rel, "---\n" + "\n".join(lines) + "\n---\n" + paragraphs(rng, rng.randint(0, 3)) + "\n",
                     crlf=rng.random() < 0.05)
        if bad:
            corpus.broken.append(rel)
        else:
            corpus.expected += 1
    for n in range(posts // 10):  # notes: plain Markdown, no front matter
        rel = f"content/notes/note-{n}.md"
        corpus.write(rel, f"# Note {n}\n\n{paragraphs(rng, 1)}\n")
        corpus.notes.append(rel)
    return corpus


def _custom_title(rng: random.Random) -> str:
    title = words(rng, 2, 8).title()
    return rng.choice([f'"{title}: the inquiry"', f"'{title} — \"quoted\"'", f'"{title} &#8217;s"',
                       f'"Q&amp;A: {title}"', f'"{title} <br> (HTML)"', f'"{title}"'])


def _custom_author(rng: random.Random) -> list[str]:
    """No byline, a name, a list of names, or a list of mappings (`[{name: x}]`), as the generator wrote them."""
    key = rng.choice(["author", "authors", "by"])
    return rng.choice([[], [f"{key}: Mara Quist"], [f"{key}: [Mara Quist, Ines Okafor]"],
                       [f"{key}:", "  - name: Mara Quist", "    email: mara@example.org"],
                       [f"{key}: [{{name: Ines Okafor}}]"]])
