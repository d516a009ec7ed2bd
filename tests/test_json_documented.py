"""`--json` output is an interface scripts rely on: every field any command prints is named in
README.md (in its JSON sections, between backticks). A field added without its line in the
README fails here, naming the command and the field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import main
from tests.fixtures import unseen_gazette
from tests.fixtures.gazettes import LINCHENG, render
from tests.fixtures.refs_gazettes import issue_text
from tests.fixtures.single_documents import DECISION, DECISION_NAME

ROOT = Path(__file__).resolve().parents[1]


def documented_words() -> set[str]:
    """Every identifier written between backticks in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)          # fenced blocks
    spans = re.findall(r"`([^`]+?)`", text)      # a span may wrap over lines
    return {w for s in spans for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", s)}


def keys(value, path: str = "") -> set[tuple[str, str]]:
    """(path, key) of every object key in a JSON value."""
    found: set[tuple[str, str]] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            found.add((path, k))
            found |= keys(v, f"{path}.{k}")
    elif isinstance(value, list):
        for v in value:
            found |= keys(v, path + "[]")
    return found


def run_json(capsys, *argv) -> tuple[int, object]:
    code = main.main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.fixture
def outputs(capsys, tmp_path, data_dir):
    """The --json output of every command over a small library (tables, tasks, relations,
    a term, a single document, annotations)."""
    files = {
        "lincheng-2024-02.txt": render(LINCHENG, header="临城市人民政府公报（2024 年第 2 期）"),
        "nanchuan-2023-2.txt": issue_text(1),
        "nanchuan-2024-5.txt": issue_text(2),
        DECISION_NAME: DECISION,
        "lanzhou-2025-4.txt": unseen_gazette.render_issue(unseen_gazette.award_list()[0]),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    paths = [str(tmp_path / n) for n in files]
    got: dict[str, list] = {}

    def take(name, *argv, codes=(0,)):
        code, value = run_json(capsys, *argv)
        assert code in codes, (name, value)
        got.setdefault(name, []).append(value)
        return value

    take("import", "import", *paths, str(tmp_path / "empty.txt"), paths[0], codes=(1,))
    issues = take("list", "list")["issues"]
    for issue in issues:
        listed = take("list --issue", "list", "--issue", issue["id"])
        for doc in listed["documents"]:
            take("show", "show", doc["id"])
            take("show --sections", "show", doc["id"], "--sections")
            take("refs", "refs", doc["id"], "--today", "2026-01-01")
            take("status", "status", doc["id"], "--today", "2026-01-01")
        take("digest", "digest", issue["id"], "--today", "2026-01-01")
    cited = take("cited", "cited", "--all")
    for c in cited["cited"][:3]:
        take("status", "status", c["key"])
    take("info", "info")
    take("search", "search", "数字经济")
    take("search", "search", "南政〔2023〕2号")
    take("reindex", "reindex")
    take("tasks", "tasks")
    take("units", "units")
    tables = take("tables", "tables")["tables"]
    assert tables
    take("table", "table", tables[0]["id"], "--csv", str(tmp_path / "t.csv"))
    take("reextract", "reextract")
    ann = take("annotate", "annotate", "临政办〔2024〕11号", "--quote", "新建5G基站2000个",
               "--note", "我局牵头")
    take("annotations", "annotations")
    take("annotation", "annotation", ann["id"], "--color", "red")
    take("export", "export", "临政办〔2024〕11号", "-o", str(tmp_path / "x.pdf"))
    take("annotation --delete", "annotation", ann["id"], "--delete")
    take("backup", "backup", "-o", str(tmp_path / "b.sqlite"))
    take("check", "check")
    take("remove", "remove", issues[0]["id"])
    return got


def test_every_json_field_is_named_in_the_readme(outputs):
    words = documented_words()
    missing = sorted({(cmd, f"{path}.{key}".lstrip("."))
                      for cmd, values in outputs.items() for v in values
                      for path, key in keys(v) if key not in words})
    assert not missing, f"--json fields not in README.md: {missing}"


def test_the_check_sees_the_fields_it_must(outputs):
    """The outputs hold the nested fields the README documents (so the check above is not
    vacuous): relations with their sentences, a term, places, table checks, the digest's
    changes and units, the import's three lists."""
    seen = {key for values in outputs.values() for v in values for _, key in keys(v)}
    for key in ("places", "effective_text", "kind_zh", "target_status", "checks", "counted",
                "snippet_spans", "deleted", "removed", "unchanged", "failed", "same_file",
                "responsible", "database_problems"):
        assert key in seen, key
