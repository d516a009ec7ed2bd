"""本期概要's new tasks per unit say each unit's roles as the tasks give them: 牵头, 配合, and
责任 (a unit named as 责任单位, neither lead nor support), only those it has: a unit named as
责任单位 is not printed as 牵头 0，配合 0. The command's text and the one-page PDF alike."""

from __future__ import annotations

import pdfplumber

import main
from core.digest import unit_roles
from tests.fixtures.gazettes import LINCHENG, render


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_unit_roles_names_only_the_roles_a_unit_has():
    assert unit_roles({"lead": 1, "support": 0, "responsible": 0, "total": 1}) == "牵头 1"
    assert unit_roles({"lead": 0, "support": 0, "responsible": 2, "total": 2}) == "责任 2"
    assert unit_roles({"lead": 1, "support": 4, "responsible": 24, "total": 29}) \
        == "牵头 1，配合 4，责任 24"


def test_digest_text_and_pdf_give_each_unit_its_roles(capsys, tmp_path, data_dir):
    src = tmp_path / "lincheng-2024-02.txt"
    src.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 2 期）"), encoding="utf-8")
    assert run(capsys, "import", str(src))[0] == 0
    pdf = tmp_path / "概要.pdf"
    code, out, err = run(capsys, "digest", "2024-2", "-o", str(pdf))
    assert code == 0, err
    units = out.split("新增任务（按单位）：")[1].split("新增表格：")[0]
    assert "市大数据管理局　1 项（牵头 1）" in units      # canonical name
    assert "市财政局　1 项（配合 1）" in units
    assert "市通信发展管理办公室　1 项（责任 1）" in units
    assert "牵头 0" not in units and "配合 0" not in units
    with pdfplumber.open(pdf) as doc:
        text = "".join((p.extract_text() or "") for p in doc.pages).replace(" ", "")
    assert "市通信发展管理办公室1（责任1）" in text and "牵头0" not in text


def test_digest_json_counts_each_role_of_a_unit(capsys, tmp_path, data_dir):
    """``units[]`` count the tasks naming a unit in each role (责任 counted, not worked out
    as total − lead − support, which two names of one unit in a task made negative)."""
    import json

    src = tmp_path / "lincheng-2024-02.txt"
    src.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 2 期）"), encoding="utf-8")
    assert run(capsys, "import", str(src))[0] == 0
    code, out, err = run(capsys, "digest", "2024-2", "--json")
    assert code == 0, err
    units = {u["unit"]: u for u in json.loads(out)["units"]}
    assert (units["市通信发展管理办公室"]["responsible"], units["市大数据管理局"]["responsible"],
            units["市大数据管理局"]["lead"]) == (1, 0, 1)
    assert all(0 <= u[r] <= u["total"] for u in units.values()
               for r in ("lead", "support", "responsible"))
