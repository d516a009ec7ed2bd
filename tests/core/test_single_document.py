"""A file holding one official document (a web page's text), not a gazette issue: it is an
entry named after the document (单篇文件 · 发文机关 · 文号), with no issue number invented from
the 文号 or the file name, and its document is listed, searched and shown like any other."""

import json

import pytest

import main
from core.importer import parse_text
from tests.fixtures.gazettes import LINCHENG, render
from tests.fixtures.single_documents import DECISION, DECISION_NAME, NOTICE, NOTICE_NAME


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_a_single_document_is_named_after_itself_without_an_issue_number():
    parsed = parse_text(DECISION, source_name=DECISION_NAME, sha256="a" * 64)
    issue = parsed.issue
    assert issue.kind == "single"
    assert issue.number is None
    assert issue.year == 2021
    assert issue.label == "单篇文件 · 南川市人民政府 · 南政〔2021〕7号"
    assert "未知公报" not in issue.label and "第7期" not in issue.label
    assert [d.doc_no.normalized for d in parsed.documents] == ["南政〔2021〕7号"]


def test_a_gazette_issue_is_not_a_single_document(tmp_path):
    text = render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）")
    issue = parse_text(text, source_name="lincheng-2024-04.txt", sha256="b" * 64).issue
    assert issue.kind == "gazette" and issue.number == 4


@pytest.fixture
def library_of_singles(capsys, tmp_path, data_dir):
    for name, text in ((DECISION_NAME, DECISION), (NOTICE_NAME, NOTICE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", str(tmp_path / DECISION_NAME),
                         str(tmp_path / NOTICE_NAME), "--data", str(data_dir))
    assert code == 0, err
    return data_dir


def test_single_documents_import_list_search_and_show(capsys, library_of_singles):
    data = str(library_of_singles)
    code, out, _ = run(capsys, "list", "--json", "--data", data)
    issues = {i["label"]: i for i in json.loads(out)["issues"]}
    assert set(issues) == {"单篇文件 · 南川市人民政府 · 南政〔2021〕7号",
                           "单篇文件 · 北岭县人民政府办公室 · 北政办〔2022〕12号"}
    for i in issues.values():
        assert i["kind"] == "single" and i["number"] is None and i["documents"] == 1

    code, out, _ = run(capsys, "list", "--data", data)
    assert "单篇文件 · 南川市人民政府 · 南政〔2021〕7号" in out and "未知公报" not in out
    assert "期" not in out

    code, out, _ = run(capsys, "search", "河道采砂", "--json", "--data", data)
    found = json.loads(out)
    assert [d["doc_no"] for d in found["documents"]] == ["南政〔2021〕7号"]
    code, out, _ = run(capsys, "search", "河道采砂", "--data", data)
    assert "None" not in out

    code, out, _ = run(capsys, "show", "南政[2021]7号", "--json", "--data", data)
    shown = json.loads(out)
    assert shown["issue"]["kind"] == "single"
    assert shown["document"]["title"].startswith("南川市人民政府关于调整")

    code, out, _ = run(capsys, "tasks", "--doc", "北政办〔2022〕12号", "--json", "--data", data)
    assert {t["issue_label"] for t in json.loads(out)["tasks"]} == {
        "单篇文件 · 北岭县人民政府办公室 · 北政办〔2022〕12号"}



def _rows(folder):
    import sqlite3

    db = sqlite3.connect(str(folder / "library.sqlite"))
    try:
        return {r[0]: r[1:] for r in db.execute("SELECT id, gazette, year, number FROM issues")}
    finally:
        db.close()


def test_an_older_version_s_unknown_gazette_entry_is_named_once_with_its_index(
        capsys, library_of_singles, tmp_path):
    """A library stored before single documents had entries of their own listed them as
    《未知公报》 with the number of the file name (南政-2021-7.txt → 第7期): the first open
    by this version names them, and the index's entries follow (search results carry no
    invented number). A gazette issue without a name is left alone."""
    import sqlite3

    from core.store import Library
    from index import open_index

    data = library_of_singles
    (tmp_path / "noname-2024-04.txt").write_text(
        render(LINCHENG, header="（2024 年第 4 期）"), encoding="utf-8")
    code, out, err = run(capsys, "import", str(tmp_path / "noname-2024-04.txt"),
                         "--data", str(data))
    assert code == 0, err
    # the library and its index as the older version left them
    db = sqlite3.connect(str(data / "library.sqlite"))
    with db:
        db.execute("UPDATE issues SET gazette = '', number = 7 WHERE gazette LIKE '%南政%'")
        db.execute("UPDATE issues SET gazette = '' WHERE gazette LIKE '%北政办%'")
        db.execute("DELETE FROM meta WHERE key = 'single_names'")
    db.close()
    lib = Library(data / "library.sqlite")
    open_index(data / "index").rebuild(lib)
    lib.close()
    code, out, _ = run(capsys, "search", "河道采砂", "--json", "--data", str(data))
    assert [d["number"] for d in json.loads(out)["documents"]] == [None]   # already renamed
    old = _rows(data)

    db = sqlite3.connect(str(data / "library.sqlite"))
    with db:
        db.execute("UPDATE issues SET gazette = '', number = 7 WHERE gazette LIKE '%南政%'")
        db.execute("DELETE FROM meta WHERE key = 'single_names'")
    db.close()
    lib = Library(data / "library.sqlite")
    open_index(data / "index").rebuild(lib)
    assert [i.label for i in lib.issues() if i.number == 7] == ["《未知公报》2021年第7期"]
    lib.close()

    code, out, _ = run(capsys, "list", "--json", "--data", str(data))
    issues = {i["label"]: i for i in json.loads(out)["issues"]}
    assert set(issues) >= {"单篇文件 · 南川市人民政府 · 南政〔2021〕7号",
                           "单篇文件 · 北岭县人民政府办公室 · 北政办〔2022〕12号"}
    assert not any("未知公报" in label and "第7期" in label for label in issues)
    gazette = [i for i in issues.values() if i["kind"] != "single"]
    assert len(gazette) == 1 and gazette[0]["number"] == 4 and gazette[0]["documents"] > 1
    code, out, _ = run(capsys, "search", "河道采砂", "--json", "--data", str(data))
    assert [(d["doc_no"], d["number"]) for d in json.loads(out)["documents"]] == [
        ("南政〔2021〕7号", None)]
    assert _rows(data) == old
    # once: the flag is kept, a later open changes nothing
    run(capsys, "list", "--data", str(data))
    assert _rows(data) == old


def test_a_single_document_s_name_uses_its_normalised_wenhao():
    """A 文号 printed with a space (许政〔2023〕99 号) names the entry as the others are
    named: 南政〔2021〕7号, no space."""
    spaced = DECISION.replace("南政〔2021〕7号", "南政〔2021〕7 号")
    assert "南政〔2021〕7 号" in spaced
    issue = parse_text(spaced, source_name="decision.txt", sha256="c" * 64).issue
    assert issue.label == "单篇文件 · 南川市人民政府 · 南政〔2021〕7号"


@pytest.mark.parametrize("name,label", [
    ("临城市人民政府公报2024年第6期.txt", "《临城市人民政府公报》2024年第6期"),
    ("2024年第6期临城市人民政府公报.txt", "《临城市人民政府公报》2024年第6期"),
    ("临城市人民政府公报（2024-06）.txt", "《临城市人民政府公报》2024年第6期"),
    ("临城-2024-06.txt", "《未知公报》2024年第6期"),          # no name in it: none invented
    ("公报-2024-06.txt", "《未知公报》2024年第6期"),
])
def test_an_issue_without_running_headers_is_named_by_its_file(name, label):
    """An issue whose text prints no running header or cover (so no gazette name) takes the
    name from the file's when it holds one (…公报), as it takes the year and number; it was
    《未知公报》 whatever the file was called."""
    text = render(LINCHENG)
    assert "公报" not in text
    issue = parse_text(text, source_name=name, sha256="d" * 64).issue
    assert issue.kind == "gazette"
    assert issue.label == label


def test_an_older_librarys_unnamed_issues_take_their_files_names_once(capsys, tmp_path):
    """Issues an older version stored as 《未知公报》 although their file's name holds the
    gazette's are named by it when this version first opens the library (once: a name given
    later by hand stays); an issue whose file holds no name stays 《未知公报》."""
    import sqlite3

    data = tmp_path / "data"
    named = tmp_path / "临城市人民政府公报2024年第6期.txt"
    plain = tmp_path / "lincheng-2024-7.txt"
    named.write_text(render(LINCHENG), encoding="utf-8")
    plain.write_text(render(LINCHENG).replace("临政〔2024〕2 号", "临政〔2024〕9 号"),
                     encoding="utf-8")
    for path in (named, plain):
        code, _out, err = run(capsys, "import", str(path), "--data", str(data))
        assert code == 0, err

    def labels() -> list[str]:
        code, out, _ = run(capsys, "list", "--json", "--data", str(data))
        return sorted(i["label"] for i in json.loads(out)["issues"])

    assert labels() == ["《临城市人民政府公报》2024年第6期", "《未知公报》2024年第7期"]
    db = sqlite3.connect(str(data / "library.sqlite"))
    with db:                                    # as the older version left it
        db.execute("UPDATE issues SET gazette = ''")
        db.execute("DELETE FROM meta WHERE key = 'file_gazette_names'")
    db.close()
    assert labels() == ["《临城市人民政府公报》2024年第6期", "《未知公报》2024年第7期"]
    db = sqlite3.connect(str(data / "library.sqlite"))
    with db:                                    # the flag stays: a later open renames nothing
        db.execute("UPDATE issues SET gazette = ''")
    db.close()
    assert labels() == ["《未知公报》2024年第6期", "《未知公报》2024年第7期"]
