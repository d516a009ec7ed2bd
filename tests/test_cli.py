"""The command line, run in-process through main.main() on a temporary data folder."""

import json

import pytest

import main
from tests.fixtures.gazettes import LINCHENG, render


@pytest.fixture
def gazette(tmp_path):
    p = tmp_path / "lincheng-2024-04.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    return p


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_import_list_show_remove(capsys, data_dir, gazette, tmp_path):
    code, out, err = run(capsys, "import", str(gazette), "--data", str(data_dir))
    assert code == 0 and "已导入《临城市人民政府公报》2024年第4期：2份文件" in out.replace(" ", "")

    code, out, _ = run(capsys, "list", "--json", "--data", str(data_dir))
    issues = json.loads(out)["issues"]
    assert [(i["gazette"], i["year"], i["number"], i["documents"]) for i in issues] == [
        ("临城市人民政府公报", 2024, 4, 2)]
    issue_id = issues[0]["id"]

    code, out, _ = run(capsys, "list", "--issue", "2024-4", "--json")
    docs = json.loads(out)["documents"]
    assert [d["doc_no"] for d in docs] == ["临政〔2024〕2 号", "临政办〔2024〕11 号"]
    assert set(docs[0]) >= {"id", "doc_no", "title", "issuer", "doc_type", "date", "pages"}

    code, out, _ = run(capsys, "show", "临政办[2024]11号")
    assert code == 0 and "临城市数字经济发展行动方案" in out and "推进 5G 网络建设" in out

    code, out, _ = run(capsys, "show", "临政办〔2024〕11号", "--sections", "--json")
    secs = json.loads(out)["sections"]
    assert [s["numbering"] for s in secs][:3] == ["", "一、", "二、"]

    code, out, err = run(capsys, "show", "临政〔2099〕1号")
    assert code == 1 and "没有" in err and "Traceback" not in err

    code, out, _ = run(capsys, "remove", issue_id)
    assert code == 0 and "已删除" in out
    code, out, _ = run(capsys, "list")
    assert "资料库是空的" in out


def test_import_reports_each_failure_and_goes_on(capsys, data_dir, gazette, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "import", str(empty), str(gazette), str(tmp_path / "missing.pdf"),
                         "--json")
    assert code == 1
    result = json.loads(out)
    assert len(result["imported"]) == 1
    assert [f["file"].rsplit("/", 1)[-1] for f in result["failed"]] == ["empty.txt", "missing.pdf"]
    assert "Traceback" not in err
    code, out, err = run(capsys, "import", str(gazette), "--json")
    assert code == 0 and "已导入" in err           # the same file: nothing to do
    assert json.loads(out)["unchanged"][0]["same_file"] is True


def test_data_option_beats_environment(capsys, data_dir, gazette, tmp_path):
    other = tmp_path / "other"
    run(capsys, "import", str(gazette), "--data", str(other))
    assert (other / "library.sqlite").exists()
    code, out, _ = run(capsys, "info", "--json")
    assert json.loads(out)["issues"] == 0
    code, out, _ = run(capsys, "info", "--json", "--data", str(other))
    assert json.loads(out)["documents"] == 2


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main.main(["--help"])
    assert "公报阅读器" in capsys.readouterr().out


def test_common_options_work_before_and_after_the_command(capsys, data_dir, gazette, tmp_path):
    other = tmp_path / "before"
    code, out, _ = run(capsys, "--data", str(other), "--json", "import", str(gazette))
    assert code == 0 and json.loads(out)["imported"][0]["documents"] == 2
    code, out, _ = run(capsys, "--data", str(other), "info", "--json")
    assert json.loads(out)["issues"] == 1
    code, out, _ = run(capsys, "--json", "info")            # $GAZETTE_DATA: still empty
    assert json.loads(out)["issues"] == 0


def test_usage_errors_are_chinese(capsys):
    with pytest.raises(SystemExit) as e:
        main.main(["show"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数" in err and "用法" in err
