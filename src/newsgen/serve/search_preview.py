"""The dev server's search index: made after each good preview build, on a thread of its own, so that the
browser reloads as soon as the pages are built and the index follows a moment later.

The preview build leaves the index out (BuildOptions.search_later). This thread runs Pagefind over the built
preview into a folder beside it (`.newsgen-preview/search/pagefind/`), which the HTTP server serves at
`<base path>/pagefind/`. Requests that arrive while an index is being made are folded into one more run, so
the index always ends up matching the last build. A failure is printed and the preview goes on.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from ..core import urls
from ..core.errors import UserError
from ..output.search_index import IndexReport, index_folder


class SearchPreview:
    """One indexing thread for one preview folder; `request()` after a good build, `stop()` at the end."""

    def __init__(self, preview_dir: Path, target: Path, *, report: Callable[[str], None] = lambda line: None,
                 index: Callable[[Path, Path], IndexReport] = index_folder) -> None:
        self.preview_dir = preview_dir
        self.target = target
        self._report = report
        self._index = index
        self._wanted = 0  # builds asked for
        self._done = 0  # the last build indexed
        self._closed = False
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="newsgen-search-index", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """A good build is on disk: index it (once the run in progress, if any, is over)."""
        with self._condition:
            self._wanted += 1
            self._condition.notify_all()

    def wait_until_indexed(self, timeout: float) -> bool:
        """True once every requested build is indexed (for tests and the first build)."""
        with self._condition:
            return self._condition.wait_for(lambda: self._done == self._wanted or self._closed, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._wanted != self._done or self._closed)
                if self._closed:
                    return
                wanted = self._wanted
            self._index_once()
            with self._condition:
                self._done = wanted
                self._condition.notify_all()

    def _index_once(self) -> None:
        # The search page exists exactly when site.yaml says `search: true` (see site.plan).
        if not (self.preview_dir / urls.output_file(urls.SEARCH)).is_file():
            shutil.rmtree(self.target, ignore_errors=True)
            return
        try:
            done = self._index(self.preview_dir, self.target)
        except UserError as exc:
            self._report(f"search index not updated: {exc.problem}")
        except OSError as exc:
            self._report(f"search index not updated: {exc}")
        else:
            self._report(f"search index: {done.pages} pages in {done.seconds:.2f} s")
