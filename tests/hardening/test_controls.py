"""Item 12: ESC and BEL from a gazette's text are not stored, and never printed."""

from __future__ import annotations

import json

import main
from core.store import Library
from tests.fixtures.gazettes import LINCHENG, L, P, render

ESC = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"


def _hostile():
    items = []
    for item in LINCHENG:
        if isinstance(item, L) and "数字经济发展行动方案的通知" in item.text:
            item = L("关于印发临城市数字经济" + ESC + "发展行动方案的通知")
        elif isinstance(item, P) and "推进 5G 网络建设" in item.text:
            item = P(item.text.replace("推进", "推\x08进\x7f\x9b"))
        items.append(item)
    return render(items, header="临城市人民政府公报（2024 年第 4 期）")


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def _bad(text: str) -> list[str]:
    return sorted({c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) < 0xa0})


def test_controls_are_not_stored_nor_printed(capsys, data_dir, tmp_path):
    f = tmp_path / "lincheng-2024-04.txt"
    f.write_text(_hostile(), encoding="utf-8")
    code, out, err = run(capsys, "import", str(f), "--data", str(data_dir))
    assert code == 0, err
    with Library(data_dir / "library.sqlite") as lib:
        docs = lib.documents()
        assert any("行动方案" in d.title for d in docs)
        for d in docs:
            assert _bad(d.title) == []
            for b in lib.blocks(d.id):
                assert _bad(b.text) == []
        assert all(_bad(lib.source_text(i.id).replace("\f", "")) == [] for i in lib.issues())
    doc = next(d for d in docs if "行动方案" in d.title)
    for argv in (["list"], ["list", "--issue", "2024-4"], ["show", doc.id],
                 ["search", "推进"], ["tasks"]):
        code, out, err = run(capsys, *argv, "--data", str(data_dir))
        assert code == 0, (argv, err)
        assert _bad(out + err) == [], argv


def test_terminal_output_drops_controls_from_an_old_library(capsys, data_dir, tmp_path):
    """A library imported before the fix still holds ESC in a title: the command line never
    prints it."""
    f = tmp_path / "lincheng-2024-04.txt"
    f.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    assert run(capsys, "import", str(f), "--data", str(data_dir))[0] == 0
    with Library(data_dir / "library.sqlite") as lib:
        with lib.db.atomic():
            lib.db.execute("UPDATE documents SET title = title || ?", [ESC])
    code, out, err = run(capsys, "list", "--issue", "2024-4", "--data", str(data_dir))
    assert code == 0 and _bad(out + err) == [] and "pwned" in out
    code, out, err = run(capsys, "list", "--issue", "2024-4", "--json", "--data", str(data_dir))
    assert "\x1b" not in out and any("\x1b" in d["title"] for d in json.loads(out)["documents"])
