"""The README's examples run as written (docs that are tested)."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_first_two_commands_are_the_whole_setup():
    first, second = blocks("bash")[:2]
    assert first.strip() == "pip install -e . && kg build data/papers.txt -o out/"
    assert second.strip() == "pip install -e '.[test]' && pytest -rs"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("readme")
    res = CliRunner().invoke(main, ["build", str(ROOT / "data/papers.txt"), "-o", str(d / "out"), "--no-html"])
    assert res.exit_code == 0, res.output
    return d


def test_tour_commands_run(workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    tour = blocks("bash")[2]
    ran = 0
    for line in tour.splitlines():
        cmd = line.split("#", 1)[0].strip()
        if not cmd.startswith("kg ") or cmd.startswith("kg build"):
            continue
        args = [str(ROOT / a) if a.startswith(("data/", "tests/")) else a for a in shlex.split(cmd)[1:]]
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 0, (cmd, res.output)
        ran += 1
    assert ran >= 8


def test_python_api_example_runs(workdir, monkeypatch, capsys):
    monkeypatch.chdir(workdir)
    (code,) = [b for b in blocks("python") if "kg.run_query" in b]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    rows = namespace["rows"]
    assert {r["title"] for r in rows} and all(r["datasetName"] for r in rows)
    assert "coauthors" in capsys.readouterr().out
