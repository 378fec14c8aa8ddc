"""The CommonMark engine: GitHub-flavoured cmark-gfm (the C library the optional `cmarkgfm` package ships).

cmarkgfm's own helper (`github_flavored_markdown_to_html`) never frees the document tree nor the HTML string
cmark-gfm hands back: about 40 KB per article, which at 100,000 articles is gigabytes. This drives the same
C calls with the same options and extensions, and frees both.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import Any

from ..core.config import commonmark_available

# What github_flavored_markdown_to_html enables, so the HTML is the same.
EXTENSIONS = ("table", "autolink", "tagfilter", "strikethrough", "tasklist")


def available() -> bool:
    """True when cmark-gfm is installed: the settings check's own answer, so the two never disagree."""
    return commonmark_available()


def to_html(text: str) -> str:
    """HTML for Markdown `text`, raw HTML in it kept (newsgen's articles are the newsroom's own)."""
    return _engine().to_html(text)


class _Engine:
    def __init__(self) -> None:
        from cmarkgfm import _cmark
        from cmarkgfm.cmark import Options

        self._lib, self._ffi = _cmark.lib, _cmark.ffi
        self._options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_GITHUB_PRE_LANG
        self._lib.cmark_gfm_core_extensions_ensure_registered()
        self._extensions = [self._lib.cmark_find_syntax_extension(name.encode()) for name in EXTENSIONS]
        # The two functions cmarkgfm does not expose, from its own library: cmark_node_free, and the C
        # library's free (cmark-gfm's default allocator is malloc's). Through ctypes: a cffi declaration
        # would be parsed by pycparser at every start, a fortieth of a second of each edit's build.
        own = ctypes.CDLL(_cmark.__file__)
        self._node_free, self._c_free = own.cmark_node_free, own.free
        for function in (self._node_free, self._c_free):
            function.argtypes, function.restype = [ctypes.c_void_p], None

    def to_html(self, text: str) -> str:
        lib = self._lib
        data = text.encode("utf-8")
        parser = lib.cmark_parser_new(self._options)
        try:
            for extension in self._extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)
            try:
                html = lib.cmark_render_html(root, self._options, lib.cmark_parser_get_syntax_extensions(parser))
                try:
                    return self._ffi.string(html).decode("utf-8")
                finally:
                    self._c_free(self._pointer(html))
            finally:
                self._node_free(self._pointer(root))
        finally:
            lib.cmark_parser_free(parser)

    def _pointer(self, cdata: Any) -> int:
        """A pointer of cmarkgfm's FFI as an address for ctypes."""
        return int(self._ffi.cast("uintptr_t", cdata))


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    return _Engine()
