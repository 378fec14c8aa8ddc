"""The dev server and search: the preview is built and reloaded first, then the index follows, served at
<base path>/pagefind/ from beside the preview; an edit is searchable a moment after the reload."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from test_server import FERRY, WAIT, serve, write_small_site  # noqa: F401 (serve: the fixture)


def search_site(root: Path, base_url: str = "https://example.org/news/") -> Path:
    site = write_small_site(root, base_url)
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "search: true\n", encoding="utf-8")
    return site


def served_records(served) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """URL -> content of every record of the index the server serves (the fragment names from its folder).
    Asked again when a new index replaced the folder between listing it and fetching a record."""
    deadline = time.monotonic() + WAIT
    while True:
        found = {}
        folder = served.dev.server.search_root / "pagefind/fragment"
        for path in sorted(folder.glob("*.pf_fragment")):
            response = served.get(f"/news/pagefind/fragment/{path.name}")
            if response.status != 200:
                break
            record = json.loads(gzip.decompress(response.body).removeprefix(b"pagefind_dcd"))
            found[record["url"]] = record["content"]
        else:
            return found
        assert time.monotonic() < deadline, f"{path.name}: {response.status}"


def test_dev_server_serves_the_search_page_and_an_index_made_after_the_build(serve, tmp_path: Path) -> None:  # noqa: F811 (the fixture)
    served = serve(search_site(tmp_path / "site"))
    lines = served.wait_for_output(lambda line: "search index: 3 pages" in line)
    built = next(i for i, line in enumerate(lines) if "built the preview" in line)
    indexed = next(i for i, line in enumerate(lines) if "search index" in line)
    assert built < indexed  # the pages first, the index after
    page = served.get("/news/search/")
    assert page.status == 200 and 'data-index="/news/pagefind/"' in page.text
    entry = served.get("/news/pagefind/pagefind-entry.json")
    assert entry.status == 200 and json.loads(entry.body)["languages"]["en"]["page_count"] == 3
    assert served.get("/news/pagefind/pagefind.js").status == 200
    assert not (served.root / "pagefind").exists()  # never inside the preview the next build replaces
    assert served.get("/news/pagefind/../site.yaml").status in (400, 404)
    assert "/2026/11/20/ferry/" in served_records(served)


def test_an_edit_is_in_the_served_index_after_the_reload(serve, tmp_path: Path) -> None:  # noqa: F811 (the fixture)
    served = serve(search_site(tmp_path / "site"))
    served.wait_for_output(lambda line: "search index: 3 pages" in line)
    path = served.site / FERRY
    path.write_text(path.read_text(encoding="utf-8") + "\nThe capybara boards at noon.\n", encoding="utf-8")
    served.wait_for_page("/news/2026/11/20/ferry/", lambda r: "capybara" in r.text)
    deadline = time.monotonic() + WAIT
    while "capybara" not in served_records(served).get("/2026/11/20/ferry/", ""):
        assert time.monotonic() < deadline, served.out.getvalue()
        time.sleep(0.05)
    served.wait_for_output(lambda line: "search index: 3 pages" in line
                           and served.out.getvalue().count("search index: 3 pages") >= 2)


def test_search_turned_off_removes_the_dev_servers_index(serve, tmp_path: Path) -> None:  # noqa: F811 (the fixture)
    served = serve(search_site(tmp_path / "site"))
    served.wait_for_output(lambda line: "search index: 3 pages" in line)
    config = served.site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("search: true", "search: false"), encoding="utf-8")
    served.wait_for_page("/news/search/", lambda r: r.status == 404)
    served.wait_for_page("/news/pagefind/pagefind.js", lambda r: r.status == 404, timeout=WAIT)
