"""The package layout is the architecture: imports run one way, from higher layers down (issue 12).

Every module under src/newsgen is read with `ast` (not imported), so a function-level import counts as
much as one at the top of a file.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from conftest import BASIC_CONFIG, REPO

SRC = REPO / "src"
PACKAGE = SRC / "newsgen"

# Lowest first. A module may import from its own layer or a lower one, never a higher one; the layers
# that share a rank (serve and scaffold) may not import each other. "top" is the modules beside cli.py.
LAYERS: dict[str, int] = {
    "core": 0, "photos": 1, "content": 1, "site": 2, "render": 3, "output": 4, "incremental": 5, "check": 6, "build": 7,
    "serve": 8, "scaffold": 8, "top": 9,
}
ROOT = "newsgen"  # the package's own __init__ (the version): anyone may import it, it imports nothing


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing module, e.g. newsgen.core.config
    line: int
    target: str  # the imported module, e.g. newsgen.content.commonmark

    def __str__(self) -> str:
        path = Path(*self.module.split(".")).with_suffix(".py")
        return f"src/{path}:{self.line}: imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def layer_of(module: str) -> str:
    """'core' for newsgen.core.x, 'top' for newsgen.cli, ROOT for newsgen itself."""
    parts = module.split(".")
    if len(parts) == 1:
        return ROOT
    return parts[1] if (PACKAGE / parts[1]).is_dir() else "top"


def node_of(module: str) -> str:
    """What the cycle check sees: a sub-package, or a top-level module on its own."""
    parts = module.split(".")
    return ".".join(parts[:2])


def exists(module: str) -> bool:
    path = SRC.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def resolve(node: ast.ImportFrom, module: str, package: bool) -> str:
    """The absolute module a `from ... import` reads from."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if package else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path: Path) -> list[Import]:
    """Every newsgen module `path` imports, at any depth of the file."""
    module, found = module_name(path), []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [Import(module, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = resolve(node, module, is_package(path))
            # `from newsgen.core import dates` imports the module newsgen.core.dates.
            subs = [f"{source}.{alias.name}" for alias in node.names if exists(f"{source}.{alias.name}")]
            found += [Import(module, node.lineno, target) for target in subs or [source]]
    return [i for i in found if i.target == ROOT or i.target.startswith(ROOT + ".")]


def all_imports() -> list[Import]:
    return [i for path in sorted(PACKAGE.rglob("*.py")) for i in imports_of(path)]


def layer_order() -> str:
    """'core < content < ... < serve, scaffold < top'."""
    ranks: dict[int, list[str]] = {}
    for name, rank in LAYERS.items():
        ranks.setdefault(rank, []).append(name)
    return " < ".join(", ".join(names) for _, names in sorted(ranks.items()))


def breaks_layering(i: Import) -> bool:
    source, target = layer_of(i.module), layer_of(i.target)
    if target == ROOT or source == target:
        return False
    if source == ROOT:
        return True  # the root package holds the version and nothing else
    return LAYERS[target] >= LAYERS[source]


def package_cycles(imports: list[Import]) -> list[list[str]]:
    """Each cycle of imports between sub-packages (and top-level modules), as the nodes around it."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        source, target = node_of(i.module), node_of(i.target)
        if source != target and target != ROOT:
            graph.setdefault(source, set()).add(target)
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycles.append(path[path.index(node):] + [node])
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, path + [node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return cycles


def test_every_sub_package_has_a_place_in_the_layers() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages - LAYERS.keys() == set(), "add the new package to LAYERS in tests/test_architecture.py"


def test_every_sub_package_says_its_job_in_a_docstring() -> None:
    silent = [str(p.relative_to(REPO)) for p in sorted(PACKAGE.glob("*/__init__.py"))
              if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert silent == []


def test_no_module_imports_from_a_higher_layer() -> None:
    wrong = [f"{i} ({layer_of(i.module)} may not import {layer_of(i.target)})"
             for i in all_imports() if breaks_layering(i)]
    assert wrong == [], f"layering broken (order: {layer_order()}):\n" + "\n".join(wrong)


def test_no_import_cycle_between_packages() -> None:
    cycles = package_cycles(all_imports())
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_checker_sees_relative_and_function_level_imports() -> None:
    targets = {i.target for i in imports_of(PACKAGE / "cli.py")}
    assert {"newsgen", "newsgen.build", "newsgen.core.config"} <= targets  # `from . import __version__`, ...
    assert "newsgen.serve.session" in targets  # imported inside the function that runs `serve`


def test_a_core_module_importing_content_is_a_violation() -> None:
    wrong = Import("newsgen.core.config", 13, "newsgen.content.commonmark")
    assert breaks_layering(wrong)
    assert str(wrong) == "src/newsgen/core/config.py:13: imports newsgen.content.commonmark"
    assert not breaks_layering(Import("newsgen.content.parse", 1, "newsgen.core.config"))
    assert breaks_layering(Import("newsgen.serve.session", 1, "newsgen.scaffold.starter"))
    assert not breaks_layering(Import("newsgen.cli", 1, "newsgen.serve.session"))


def test_a_cycle_between_packages_is_found() -> None:
    imports = [Import("newsgen.site.plan", 1, "newsgen.render.feeds"), Import("newsgen.render.feeds", 1,
                                                                              "newsgen.site.plan")]
    assert package_cycles(imports) == [["newsgen.render", "newsgen.site", "newsgen.render"]]


# What a rebuild loads: a build that finds nothing changed needs neither Markdown, Jinja, the link checker
# nor the photo stage; one that finds only a body edited needs its Markdown engine and Jinja, not the photo
# library, not the other engine and not urllib.request (which pulls in http, ssl and email).
_LOADED = """
import sys
from newsgen.cli import main
code = main(["build", "--site", sys.argv[1], "--now", "2026-06-01T00:00", "--quiet"])
heavy = ("jinja2", "markdown", "cmarkgfm", "PIL", "newsgen.check.links", "newsgen.build.full_build",
         "newsgen.build.body_edit", "urllib.request")
print(code, " ".join(name for name in heavy if name in sys.modules))
"""


def _loaded_by_a_build(site: Path) -> str:
    import subprocess
    import sys

    from conftest import clean_env

    proc = subprocess.run([sys.executable, "-c", _LOADED, str(site)], capture_output=True, text=True,
                          env=clean_env(), timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_a_rebuild_loads_only_what_its_route_needs(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"content/2026/a.md": {"title": "A", "date": "2026-05-01T10:00:00Z", "tags": ["x"]},
                      "content/2026/b.md": {"title": "B", "date": "2026-05-02T10:00:00Z", "tags": ["x"]}})
    first = _loaded_by_a_build(site)
    assert first.startswith("0 ") and "newsgen.build.full_build" in first and "jinja2" in first
    assert _loaded_by_a_build(site) == "0"  # nothing changed: nothing of rendering is loaded
    path = site / "content/2026/a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    edited = _loaded_by_a_build(site).split()
    assert edited[0] == "0" and "newsgen.build.body_edit" in edited and "jinja2" in edited
    assert "markdown" in edited and "cmarkgfm" not in edited
    assert not {"newsgen.build.full_build", "PIL", "urllib.request"} & set(edited)


def test_an_edit_on_the_commonmark_engine_never_loads_python_markdown(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"content/2026/a.md": {"title": "A", "date": "2026-05-01T10:00:00Z", "photo": "a.jpg",
                                            "photo_alt": "A harbour"},
                      "content/2026/a.jpg": _small_jpeg()}, {**BASIC_CONFIG, "markdown_engine": "commonmark"})
    assert _loaded_by_a_build(site).startswith("0 ")
    path = site / "content/2026/a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    edited = _loaded_by_a_build(site).split()
    assert edited[0] == "0" and "cmarkgfm" in edited and "newsgen.build.body_edit" in edited
    assert not {"markdown", "PIL", "urllib.request"} & set(edited)  # the photo is known from the first build


def _small_jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()
