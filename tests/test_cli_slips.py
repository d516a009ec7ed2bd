"""Slips a newcomer makes at the command line get a Chinese message, not a silent wrong result:
a year that is not one (`search --year abc` found nothing and said so as if searched), a PDF
export named .txt (written as a PDF under that name; digest -o already refused it). And
`list` says 页数不详 for an entry whose page count is unknown (it printed `? 页`)."""

from __future__ import annotations

import pytest

import main
from tests.fixtures.gazettes import LINCHENG, render
from tests.fixtures.single_documents import DECISION, DECISION_NAME, NOTICE, NOTICE_NAME


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def lincheng(capsys, tmp_path, data_dir):
    src = tmp_path / "lincheng-2024-02.txt"
    src.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 2 期）"), encoding="utf-8")
    assert run(capsys, "import", str(src))[0] == 0
    return data_dir


@pytest.mark.parametrize("year", ["2024", "２０２４", "2024年", " 2024 "])
def test_search_year_in_the_forms_a_clerk_writes(capsys, lincheng, year):
    code, out, err = run(capsys, "search", "数字经济", "--year", year)
    assert code == 0 and "共 1 个文件" in out, err


@pytest.mark.parametrize("year", ["abc", "24", "二〇二四", "2024-2025"])
def test_search_year_that_is_not_one_is_an_error(capsys, lincheng, year):
    with pytest.raises(SystemExit) as e:
        main.main(["search", "数字经济", "--year", year])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "不是年份" in err and "2023" in err
    code, out, _ = run(capsys, "search", "数字经济", "--year", "2023")
    assert code == 0 and "没有找到" in out          # a real year without documents: no error


def test_export_refuses_an_output_that_is_not_a_pdf(capsys, lincheng, tmp_path):
    target = tmp_path / "摘录.txt"
    code, _, err = run(capsys, "export", "临政办〔2024〕11号", "-o", str(target))
    assert code == 1 and "应以 .pdf 结尾" in err and not target.exists()
    code, out, err = run(capsys, "export", "临政办〔2024〕11号", "-o", str(tmp_path / "摘录.PDF"))
    assert code == 0 and (tmp_path / "摘录.PDF").read_bytes().startswith(b"%PDF"), err


def test_list_says_when_the_page_count_is_unknown(capsys, tmp_path, lincheng):
    (tmp_path / DECISION_NAME).write_text(DECISION, encoding="utf-8")
    assert run(capsys, "import", str(tmp_path / DECISION_NAME))[0] == 0
    code, out, _ = run(capsys, "list")
    lines = {line.split("  ")[1]: line for line in out.splitlines()}
    single = next(v for k, v in lines.items() if k.startswith("单篇文件"))
    gazette = next(v for k, v in lines.items() if "临城" in k)
    assert "页数不详" in single and "?" not in single
    assert "页数不详" not in gazette and " 页  " in gazette


@pytest.mark.parametrize("argv, name", [
    (["tasks", "--csv"], "台账.txt"),       # wrote an Excel file under that name
    (["tasks", "--xlsx"], "台账.csv"),      # wrote a CSV file under that name
    (["tables", "--xlsx"], "表格.xls"),
    (["annotations", "--md"], "批注.txt"),
    (["annotations", "--xlsx"], "批注.md"),
])
def test_an_output_name_that_is_not_its_format_is_refused(capsys, lincheng, tmp_path, argv,
                                                          name):
    target = tmp_path / name
    with pytest.raises(SystemExit) as e:
        main.main([*argv, str(target)])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "文件名应以" in err and "文件未写入" in err
    assert not target.exists()


def test_the_format_follows_the_option(capsys, lincheng, tmp_path):
    for option, name, magic in (("--csv", "台账.CSV", "\ufeff序号".encode()),
                                ("--xlsx", "台账.xlsx", b"PK")):
        code, _, err = run(capsys, "tasks", option, str(tmp_path / name))
        assert code == 0, err
        assert (tmp_path / name).read_bytes().startswith(magic)


def test_role_responsible_lists_the_tasks_naming_a_unit_as_responsible(capsys, lincheng):
    """临政办〔2024〕11号: （责任单位：市通信发展管理办公室、市工业和信息化局） — neither lead nor
    support; `--role lead` does not list it, `--role responsible` does."""
    import json

    def ids(*argv):
        code, out, err = run(capsys, "tasks", "--json", *argv)
        assert code == 0, err
        return [t["id"] for t in json.loads(out)["tasks"]]

    every = ids("--unit", "市通信发展管理办公室")
    assert len(every) == 1
    assert ids("--unit", "市通信发展管理办公室", "--role", "lead") == []
    assert ids("--unit", "市通信发展管理办公室", "--role", "responsible") == every
    assert ids("--unit", "市财政局", "--role", "responsible") == []      # 配合单位 there
    assert len(ids("--unit", "市财政局", "--role", "support")) == 1


def _doc_nos(capsys, *argv):
    code, out, err = run(capsys, "search", "--json", *argv)
    assert code == 0, err
    import json

    return [d["doc_no"] for d in json.loads(out)["documents"]]


def test_an_excluded_word_is_typed_as_the_readme_writes_it(capsys, lincheng):
    """README: `数字经济 -规划` leaves out documents containing 规划. Typed so on the command
    line, argparse took `-数字经济` for an unknown option (exit 2, 无法识别的参数); a word that
    starts with `-` and a Chinese character is a query word (every option is ASCII)."""
    expected = _doc_nos(capsys, "--", "发展", "-数字经济")
    assert expected == ["临政〔2024〕2 号"]
    assert _doc_nos(capsys, "发展", "-数字经济") == expected
    assert _doc_nos(capsys, "-数字经济", "发展") == expected
    assert _doc_nos(capsys, "发展", "-数字经济", "--limit", "5") == expected
    assert _doc_nos(capsys, "发展", "--limit", "5", "--", "-数字经济") == expected


def test_query_words_after_an_option_belong_to_the_query(capsys, lincheng):
    """`search 发展 --limit 5 数字经济` said 无法识别的参数：数字经济; the words around the
    options are one query, in the order typed."""
    assert _doc_nos(capsys, "发展", "--limit", "5", "数字经济") == ["临政办〔2024〕11 号"]
    assert _doc_nos(capsys, "--year", "2024", "数字经济", "--limit", "5", "OR", "表彰") == \
        _doc_nos(capsys, "数字经济", "OR", "表彰")


@pytest.mark.parametrize("argv", [["search", "发展", "--limt", "5"],
                                  ["search", "发展", "-x"],
                                  ["list", "多余"]])
def test_an_unknown_option_or_a_stray_word_is_still_refused(capsys, lincheng, argv):
    with pytest.raises(SystemExit) as e:
        main.main(argv)
    err = capsys.readouterr().err
    assert e.value.code == 2 and "无法识别的参数" in err and "Traceback" not in err


def test_a_single_documents_task_names_its_文号_once(capsys, tmp_path, data_dir):
    """A single document's label is 单篇文件 · 机关 · 文号; the task's 来源 printed it, then the
    文号 again, then the title. It says 单篇文件 and the 文号 once, as search does."""
    (tmp_path / NOTICE_NAME).write_text(NOTICE, encoding="utf-8")
    assert run(capsys, "import", str(tmp_path / NOTICE_NAME))[0] == 0
    code, out, err = run(capsys, "tasks")
    sources = [line.strip() for line in out.splitlines() if "来源：" in line]
    assert code == 0 and len(sources) == 2, out + err
    for line in sources:
        assert line.count("北政办〔2022〕12号") == 1, line
        assert line.startswith("来源：单篇文件 北政办〔2022〕12号 北岭县人民政府办公室关于"), line


@pytest.mark.parametrize("command", [["cited"], ["refs", "临政办〔2024〕11号"],
                                     ["status", "临政办〔2024〕11号"], ["digest", "2024-2"]])
def test_a_gazette_today_that_is_not_a_date_is_refused(capsys, lincheng, monkeypatch, command):
    """README: today is the system date, or --today, or $GAZETTE_TODAY. A GAZETTE_TODAY of
    2024-6-1 or 明天 was silently ignored (statuses judged on the system date); like a bad
    --today, it is refused with a message naming it."""
    monkeypatch.setenv("GAZETTE_TODAY", "2024-6-1")
    code, out, err = run(capsys, *command)
    assert code == 1 and "GAZETTE_TODAY" in err and "YYYY-MM-DD" in err, out + err
    assert "Traceback" not in err
    code, _, err = run(capsys, *command, "--today", "2024-06-01")     # --today comes first
    assert code == 0, err
    monkeypatch.setenv("GAZETTE_TODAY", "2024-06-01")
    code, out, err = run(capsys, *command, "--json")
    assert code == 0 and '"today": "2024-06-01"' in out.replace('":"', '": "'), err


def test_a_文号_with_a_slip_names_the_library_s_文号_of_that_agency(capsys, lincheng):
    """`show 临政办〔2024〕12号` (11 meant) said only that it was not there; the message now
    names the library's 文号 of that 机关代字 (its year first), so the slip is seen at once."""
    code, out, err = run(capsys, "show", "临政办〔2024〕12号")
    assert code == 1 and "临政办〔2024〕12号" in err and "临政办〔2024〕11号" in err, err
    assert "临政〔2024〕2号" not in err and "Traceback" not in err
    code, _, err = run(capsys, "refs", "临政[2023]2号")             # the year wrong
    assert code == 1 and "临政〔2024〕2号" in err, err
    code, _, err = run(capsys, "export", "东政〔2024〕2号", "-o", "x.pdf")   # no such agency
    assert code == 1 and "没有“东政〔2024〕2号”" in err and "〔2024〕2号、" not in err, err
