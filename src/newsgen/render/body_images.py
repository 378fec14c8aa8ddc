"""Body images through the photo pipeline: a Markdown image alone in its paragraph becomes a `<picture>`,
and one with a title a `<figure>` whose `<figcaption>` is the title.

Credit syntax: text after the last ` | ` in the title is the credit, shown in `<span class="credit">`:
`![Boats at dawn](/images/boats.jpg "The harbour at dawn. | Photo: Ana Reporter")`.
Done at render time (not in the parse cache) because the markup depends on the image file's bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markupsafe import Markup, escape

# Python-Markdown and cmark-gfm both write an image alone in a paragraph as <p><img ... /></p>.
_ALONE = re.compile(r"<p>\s*(<img\s[^>]*>)\s*</p>")
_ATTR = re.compile(r'([a-z]+)="([^"]*)"')


def with_pictures(body: str, base_path: str, picture: Callable[..., str]) -> Markup:
    """`body` with each image alone in a paragraph rendered by the theme's `picture` macro."""
    if "<img" not in body:
        return Markup(body)

    def replace(match: re.Match[str]) -> str:
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(match.group(1))}
        src = attrs.get("src", "")
        if base_path != "/" and src.startswith(base_path):
            src = "/" + src[len(base_path):]
        image = str(picture(src, alt=attrs.get("alt", ""), sizes="story"))
        title = attrs.get("title", "").strip()
        if not title:
            return f"<p>{image}</p>"
        caption, _, credit = title.rpartition(" | ") if " | " in title else (title, "", "")
        credit_html = f' <span class="credit">{escape(credit.strip())}</span>' if credit.strip() else ""
        return f'<figure class="body-photo">{image}<figcaption>{escape(caption.strip())}{credit_html}</figcaption></figure>'

    return Markup(_ALONE.sub(replace, body))
