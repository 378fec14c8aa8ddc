#!/usr/bin/env python3
"""Deterministic synthetic news corpus for benchmarking newsgen.

    python benchmarks/gen_corpus.py N OUTDIR [--seed S] [--engine commonmark]
    python benchmarks/gen_corpus.py --edit-body FILE [--mark K]
    python benchmarks/gen_corpus.py --edit-title FILE [--mark K]

The first form writes OUTDIR/site.yaml and OUTDIR/content/<year>/<slug>.md for N
articles: newsgen front matter (title, date with a UTC offset, sometimes
`updated`, section, 1-5 Zipf-skewed tags, author, summary and the photo fields)
and a 500-1,200-word Markdown body of invented pseudo-English.

The only source of randomness is random.Random(int).random(), whose sequence
Python keeps stable across versions, and no set or dict order reaches the
output, so the same N and seed give byte-identical files everywhere.

The edit forms change one article in place (newsgen YAML front matter or
Pelican `Key: value` metadata): --edit-body appends a sentence to the last
paragraph, --edit-title appends " (Update K)" to the headline; K makes each edit
distinct so that repeated edits always change the bytes.
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import sys
from datetime import datetime, timedelta, timezone

VOCAB_SEED = 7_2024  # the vocabulary, tags and names never depend on --seed
FIRST = datetime(2018, 1, 1, tzinfo=timezone.utc)
LAST = datetime(2026, 1, 1, tzinfo=timezone.utc)  # dates are in [FIRST, LAST)
OFFSETS_MIN = (0, 0, 0, 60, 60, 120, -300, -240, -420, 330, 480, 540, 600)
SECTIONS = ("World", "Politics", "Business", "Technology", "Science", "Sport", "Culture", "Opinion")
GLUE = ("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "at",
        "from", "it", "was", "be", "are", "this", "which", "or", "an", "has", "have", "not", "but",
        "were", "its", "their", "they", "will", "after", "over", "more", "than", "into", "about",
        "also", "new", "said", "who", "been", "would", "other", "some", "could", "while", "when")
ONSET = ("b", "bl", "br", "c", "ch", "cr", "d", "dr", "f", "fr", "g", "gl", "h", "j", "k", "l",
         "m", "n", "p", "pr", "qu", "r", "s", "sc", "sh", "sl", "st", "t", "th", "tr", "v", "w", "y", "z", "")
NUCLEUS = ("a", "e", "i", "o", "u", "ae", "ea", "ee", "ia", "io", "oa", "ou", "y")
CODA = ("", "", "", "", "n", "l", "r", "s", "t", "m", "nd", "nt", "rk", "ss", "st", "x", "ng", "ck")
# Photos live on an image host, as in most newsrooms: a /images/... path would have to exist in static/
# (newsgen warns about every missing one) and would add N files to copy to every tool's build.
IMAGES = "https://images.bench.example.org"
HOSTS = ("example.com", "example.org", "example.net", "news.example.com")


class Rand:
    """Everything is derived from Random.random(): randint/choice/shuffle are not version-stable."""

    def __init__(self, seed: int):
        self._r = random.Random(seed)

    def u(self) -> float:
        return self._r.random()

    def below(self, n: int) -> int:
        return min(int(self._r.random() * n), n - 1)

    def between(self, lo: int, hi: int) -> int:  # both ends included
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, p: float) -> bool:
        return self._r.random() < p


class Skewed:
    """Zipf-weighted choice: item i has weight 1 / (i + 1) ** s."""

    def __init__(self, items, s: float):
        self.items = list(items)
        self.cum, total = [], 0.0
        for i in range(len(self.items)):
            total += 1.0 / (i + 1) ** s
            self.cum.append(total)

    def draw(self, rnd: Rand):
        return self.items[min(bisect.bisect_right(self.cum, rnd.u() * self.cum[-1]), len(self.items) - 1)]


def invent(rnd: Rand, count: int, syllables: tuple[int, int], taken: set) -> list[str]:
    words = []
    while len(words) < count:
        w = "".join(rnd.pick(ONSET) + rnd.pick(NUCLEUS) + rnd.pick(CODA) for _ in range(rnd.between(*syllables)))
        if len(w) >= 3 and w not in taken:
            taken.add(w)
            words.append(w)
    return words


class Vocabulary:
    def __init__(self):
        rnd = Rand(VOCAB_SEED)
        taken = set(GLUE)
        # Frequent words are short: rank the invented words by length (a stable sort), and put the
        # English glue words at the top of the ranking, one in every three up to rank 150.
        content = sorted(invent(rnd, 5000, (1, 3), taken), key=len)
        ranked = []
        for i, w in enumerate(content):
            if i < 2 * len(GLUE) and i % 2 == 0:
                ranked.append(GLUE[i // 2])
            ranked.append(w)
        self.words = Skewed(ranked, 1.0)
        self.names = invent(rnd, 400, (2, 3), taken)  # places, people, organisations
        tag_words = invent(rnd, 420, (2, 3), taken)
        tags = []
        for i in range(300):  # every fifth tag is two words ("klorn vesta" -> /tags/klorn-vesta/)
            tags.append(f"{tag_words[i]} {tag_words[300 + i // 5]}" if i % 5 == 4 else tag_words[i])
        self.tags = Skewed(tags, 1.0)
        first, last = invent(rnd, 40, (2, 2), taken), invent(rnd, 40, (2, 3), taken)
        self.authors = [f"{a.capitalize()} {b.capitalize()}" for a, b in zip(first, last)]


class Writer:
    def __init__(self, rnd: Rand, vocab: Vocabulary):
        self.rnd, self.v = rnd, vocab

    def words(self, lo: int, hi: int, names: float = 0.07) -> list[str]:
        r, out = self.rnd, []
        for _ in range(r.between(lo, hi)):
            out.append(r.pick(self.v.names).capitalize() if r.chance(names) else self.v.words.draw(r))
        out[0] = out[0].capitalize()
        return out

    def sentence(self, lo: int = 7, hi: int = 24) -> str:
        w = self.words(lo, hi)
        if len(w) > 9 and self.rnd.chance(0.45):
            k = self.rnd.between(2, len(w) - 4)
            w[k] += ","
        return " ".join(w) + self.rnd.pick((".", ".", ".", ".", ".", "?", "!"))

    def inline(self, text: str) -> str:
        """Bold, italic and a link on some plain words of a paragraph."""
        r, w = self.rnd, text.split(" ")
        plain = lambda i: w[i].isalpha()  # noqa: E731  (no punctuation, no markup yet)
        for marks in ("**", "*", "**", "*"):
            i = r.below(len(w) - 1)
            if r.chance(0.5) and plain(i):
                w[i] = f"{marks}{w[i]}{marks}"
        if r.chance(0.5):
            i, span = r.below(len(w) - 3), r.between(1, 3)
            if all(plain(j) for j in range(i, i + span)):
                path = "/".join(x.lower() for x in w[i:i + span])
                w[i] = "[" + w[i]
                w[i + span - 1] += f"](https://{r.pick(HOSTS)}/{path})"
        return " ".join(w)

    def paragraph(self, most: int) -> str:
        sentences, n, size = [], min(self.rnd.between(35, 130), max(most, 12)), 0
        while size < n:
            s = self.sentence(7, max(7, min(24, n - size)))
            sentences.append(s)
            size += len(s.split())
        return self.inline(" ".join(sentences))

    def heading(self) -> str:
        return "## " + " ".join(self.words(2, 6, names=0.2))

    def bullet_list(self) -> str:
        numbered = self.rnd.chance(0.3)
        items = [" ".join(self.words(3, 12)) for _ in range(self.rnd.between(3, 6))]
        return "\n".join(f"{i + 1}. {t}" if numbered else f"- {t}" for i, t in enumerate(items))

    def quote(self) -> str:
        who = " ".join(self.words(2, 2, names=1.0))
        return f"> {self.sentence(12, 30)}\n>\n> — {who}"

    def table(self) -> str:
        r = self.rnd
        cols = r.between(3, 4)
        head = [" ".join(self.words(1, 2)) for _ in range(cols)]
        rows = ["| " + " | ".join(head) + " |", "|" + "---|" * (cols - 1) + "--:|"]
        for _ in range(r.between(3, 6)):
            cells = [self.words(1, 1, names=0.5)[0]] + [" ".join(self.words(1, 3)).lower() for _ in range(cols - 2)]
            cells.append(f"{r.between(1, 9999):,}")
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def code(self) -> str:
        r = self.rnd
        lines = [f"{self.v.words.draw(r)}_{r.pick(self.v.names)} = {r.between(0, 500)}" for _ in range(r.between(2, 5))]
        return "```text\n" + "\n".join(lines) + "\n```"

    def image(self) -> str:
        alt = " ".join(self.words(3, 7)).lower()
        return f"![{alt}]({IMAGES}/inline/{self.rnd.below(1 << 24):06x}.jpg)"

    def body(self) -> str:
        r = self.rnd
        goal = r.between(500, 1170)  # counted in whitespace-separated tokens, markup included
        # Which optional blocks this article gets, and after how many paragraphs.
        extras = {"list": r.chance(0.35), "quote": r.chance(0.35), "table": r.chance(0.12),
                  "code": r.chance(0.06), "image": r.chance(0.12)}
        slots = {name: r.between(1, 6) for name in ("list", "quote", "table", "code", "image")}
        next_heading = r.between(2, 4)
        blocks, words, paras = [], 0, 0
        while words < goal:
            blocks.append(self.paragraph(goal - words))
            words, paras = words + len(blocks[-1].split()), paras + 1
            if words >= goal - 12:
                break  # always end on a paragraph (the body edit appends to it)
            for name in ("list", "quote", "table", "code", "image"):
                if extras[name] and slots[name] == paras:
                    blocks.append(getattr(self, {"list": "bullet_list"}.get(name, name))())
                    words += len(blocks[-1].split())
            if paras == next_heading:
                blocks.append(self.heading())
                words += len(blocks[-1].split())
                next_heading += r.between(3, 5)
        return "\n\n".join(blocks) + "\n"


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def site_yaml(engine: str | None) -> str:
    lines = ["title: Newsgen Bench Daily", "base_url: https://bench.example.org/",
             "description: A synthetic news archive for benchmarking", "timezone: Europe/London", "per_page: 10",
             f"logo: {IMAGES}/logo.png"]
    if engine and engine != "python-markdown":
        lines.append(f"markdown_engine: {engine}")
    return "\n".join(lines) + "\n"


def generate(n: int, outdir: str, seed: int = 1, engine: str | None = None) -> list[str]:
    """Write the site; return the article paths relative to OUTDIR, in generation order."""
    vocab, rnd = Vocabulary(), Rand(seed)
    wr = Writer(rnd, vocab)
    span = int((LAST - FIRST).total_seconds())
    instants, seen = [], set()
    while len(instants) < n:  # distinct publication instants
        s = rnd.below(span)
        if s not in seen:
            seen.add(s)
            instants.append(s)
    os.makedirs(os.path.join(outdir, "content"), exist_ok=True)
    with open(os.path.join(outdir, "site.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(site_yaml(engine))
    paths = []
    for idx in range(n):
        title_words = wr.words(4, 11, names=0.2)
        title = " ".join(w if i == 0 or len(w) <= 3 else w.capitalize() for i, w in enumerate(title_words))
        slug = "-".join(w.lower() for w in title_words[:6]) + f"-{idx + 1}"
        zone = timezone(timedelta(minutes=rnd.pick(OFFSETS_MIN)))
        date = (FIRST + timedelta(seconds=instants[idx])).astimezone(zone)
        updated = None
        if rnd.chance(0.18):
            updated = min(date + timedelta(minutes=rnd.between(20, 4 * 24 * 60)), LAST.astimezone(zone))
        tags = []
        for _ in range(rnd.between(1, 5)):
            t = vocab.tags.draw(rnd)
            if t not in tags:
                tags.append(t)
        author = rnd.pick(vocab.authors)
        section = rnd.pick(SECTIONS)
        summary = wr.sentence(14, 28)
        photo = f"{IMAGES}/{date.year}/{rnd.below(1 << 32):08x}.jpg"
        caption = wr.sentence(6, 16)
        alt = " ".join(wr.words(4, 9)).lower().capitalize()
        credit = "Photo: " + " ".join(wr.words(2, 2, names=1.0))
        fm = ["---", f"title: {q(title)}", f"date: {stamp(date)}"]
        if updated:
            fm.append(f"updated: {stamp(updated)}")
        fm += [f"section: {section}",
               "tags: [" + ", ".join(q(t) for t in tags) + "]",
               f"author: {q(author)}",
               f"summary: {q(summary)}",
               f"photo: {photo}",
               f"photo_caption: {q(caption)}",
               f"photo_alt: {q(alt)}",
               f"photo_credit: {q(credit)}",
               "---", ""]
        rel = f"content/{date.year}/{slug}.md"
        os.makedirs(os.path.join(outdir, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(outdir, rel), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(fm) + wr.body())
        paths.append(rel)
    return paths


# ----------------------------------------------------------------- reading and editing articles
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def read_front_matter(text: str) -> tuple[dict, str]:
    """Parse the front matter this module writes (one `key: value` per line) without YAML."""
    m = FRONT.match(text)
    meta = {}
    for line in m.group(1).split("\n"):
        key, _, value = line.partition(": ")
        if key == "tags":
            meta[key] = json.loads(value)
        else:
            meta[key] = json.loads(value) if value.startswith('"') else value
    return meta, text[m.end():]


def edited_body(text: str, mark: int) -> str:
    return text.rstrip("\n") + f" An earlier version of this article misstated a detail; correction {mark}.\n"


_TITLE = re.compile(r"^(title|Title): (.*)$", re.M)


def edited_title(text: str, mark: int) -> str:
    m = _TITLE.search(text)
    if not m:
        raise ValueError("no title line")
    value = m.group(2)
    if value.startswith('"'):
        new = q(json.loads(value) + f" (Update {mark})")
    else:
        new = value + f" (Update {mark})"
    return text[:m.start(2)] + new + text[m.end(2):]


def edit_file(path: str, how, mark: int) -> None:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(how(text, mark))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Deterministic synthetic news corpus for newsgen benchmarks.")
    ap.add_argument("n", nargs="?", type=int, help="number of articles")
    ap.add_argument("outdir", nargs="?", help="site folder to write (site.yaml + content/)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engine", choices=("python-markdown", "commonmark"), default=None,
                    help="write `markdown_engine:` into site.yaml (default: leave it out)")
    ap.add_argument("--edit-body", metavar="FILE", help="append a sentence to FILE's last paragraph")
    ap.add_argument("--edit-title", metavar="FILE", help="change FILE's headline")
    ap.add_argument("--mark", type=int, default=1, help="number that makes each edit distinct")
    a = ap.parse_args(argv)
    if a.edit_body or a.edit_title:
        if a.edit_body:
            edit_file(a.edit_body, edited_body, a.mark)
        if a.edit_title:
            edit_file(a.edit_title, edited_title, a.mark)
        return 0
    if a.n is None or a.outdir is None:
        ap.error("N and OUTDIR are required")
    generate(a.n, a.outdir, a.seed, a.engine)
    print(f"wrote {a.n} articles to {a.outdir} (seed {a.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
