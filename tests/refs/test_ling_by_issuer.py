"""A short reference to a 令 (市政府令第5号, 第5号令, 政府令第12号) names the 令 of the citing
document's own government, whatever other government's 令 of that number the library holds;
one naming its issuer (白沙市人民政府令第5号, 国务院第707号令) names that issuer's. A short
reference the citing document cannot place (a county citing a 市政府令) is the library's only
令 that fits, and stays as cited when several do. Two made-up cities' issues
(tests/fixtures/ling_gazettes.py), through the command line's JSON and the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from core.extract.citations import citing_government, extract_refs
from core.importer import parse_text
from core.model import Block, Document
from core.refs import DocFact, RefGraph
from tests.conftest import CORPUS_DIR
from tests.fixtures.gazettes import render
from tests.fixtures.ling_gazettes import baisha_text, qingxi_text
from tests.fixtures.other_gazettes import PROVINCE, PROVINCE_HEADER
from tests.refs.test_incremental_refresh import _full, _tables

DAY = "2024-08-01"


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    assert code == 0, cap.err
    return json.loads(cap.out) if "--json" in argv else cap.out


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


@pytest.fixture
def files(tmp_path):
    return {"qingxi": write(tmp_path, "qingxi-2024-03.txt", qingxi_text()),
            "baisha": write(tmp_path, "baisha-2024-06.txt", baisha_text()),
            "province": write(tmp_path, "yunchuan-2024-06.txt",
                              render(PROVINCE, header=PROVINCE_HEADER))}


class Lib:
    """The command line over one data folder."""

    def __init__(self, capsys, data: str):
        self.capsys, self.data = capsys, data

    def __call__(self, *argv):
        return run(self.capsys, *argv, "--json", "--data", self.data, *(
            ["--today", DAY] if argv[0] in ("refs", "status", "cited") else []))

    def doc(self, doc_no: str) -> str:
        return self("show", doc_no)["document"]["id"]

    def cites(self, doc_no: str) -> list[tuple[str, str | None, int]]:
        view = self("refs", self.doc(doc_no))
        return sorted((c["key"], c["doc_id"], len(c["places"])) for c in view["cites"])

    def cited_by(self, doc_no: str) -> list[str]:
        return sorted(c["doc_id"] for c in self("refs", self.doc(doc_no))["cited_by"])


@pytest.fixture
def lib(capsys, data_dir):
    return Lib(capsys, str(data_dir))


@pytest.mark.parametrize("order", [("qingxi", "baisha"), ("baisha", "qingxi")])
def test_each_citys_short_references_name_its_own_ling(lib, files, order):
    for name in order:
        lib("import", files[name])
    qx5, bs5 = lib.doc("青溪市人民政府令第5号"), lib.doc("白沙市人民政府令第5号")
    # 青溪市's notice: 市政府令第 5 号 and 第 5 号令 are 青溪市's; 白沙市's is named in full
    assert lib.cites("青政办〔2024〕7号") == [
        ("国务院令第707号", None, 1),
        ("白沙市人民政府令第5号", bs5, 1),
        ("青溪市人民政府令第5号", qx5, 2)]
    # 白沙市's notice: 市政府第 5 号令 is 白沙市's; 省政府令第 12 号 is no 令 of the library
    assert lib.cites("白政〔2024〕21号") == [("白沙市人民政府令第5号", bs5, 1),
                                          ("省政府令第12号", None, 1)]
    assert lib.cited_by("青溪市人民政府令第5号") == [lib.doc("青政办〔2024〕7号")]
    assert lib.cited_by("白沙市人民政府令第5号") == sorted(
        [lib.doc("白政〔2024〕21号"), lib.doc("青政办〔2024〕7号")])


def test_a_short_reference_the_citing_document_cannot_place_stays_unresolved_when_ambiguous(
        lib, files):
    """云岭县's 市政府令第 5 号 (a level not its own) fits both cities' 令: it links to
    neither and is listed as cited, not in the library."""
    lib("import", files["qingxi"])
    lib("import", files["baisha"])
    assert lib.cites("云政〔2024〕6号") == [("市政府令第5号", None, 1)]
    cited = {c["key"]: c for c in lib("cited")["cited"]}
    assert cited["市政府令第5号"]["citing_docs"] == [lib.doc("云政〔2024〕6号")]
    assert cited["市政府令第5号"]["status"] == "未知"
    # with one city's 令 left, the county's reference is that one
    issue = next(i["id"] for i in lib("list")["issues"] if i["gazette"].startswith("青溪"))
    lib("remove", issue)
    assert lib.cites("云政〔2024〕6号") == [
        ("白沙市人民政府令第5号", lib.doc("白沙市人民政府令第5号"), 1)]


def test_a_repeal_of_a_short_ling_never_repeals_another_citys_ling(lib, files):
    """青溪市's 令 repeals its own 市政府令第 2 号, which is not in the library: 白沙市's 令第2号
    (the only 市 令 第2号 of the library) stays in force."""
    lib("import", files["baisha"])
    lib("import", files["qingxi"])
    bs2 = lib.doc("白沙市人民政府令第2号")
    assert lib("status", bs2)["status"] == "现行有效"
    qx5 = lib("refs", lib.doc("青溪市人民政府令第5号"))
    assert [(r["kind"], r["target_key"]) for r in qx5["relations"]] == [
        ("repeals", "青溪市人民政府令第2号")]
    assert [(c["key"], c["doc_id"]) for c in qx5["cites"]] == [("青溪市人民政府令第2号", None)]
    gone = lib("status", "青溪市人民政府令第2号")
    assert (gone["in_library"], gone["status"], gone["issuer"]) == (False, "已废止", "青溪市人民政府")


def test_a_short_reference_of_another_level_is_the_librarys_only_ling_of_that_level(lib, files):
    """白沙市's 省政府令第 12 号: the province's 令 once its gazette is in the library."""
    lib("import", files["baisha"])
    lib("import", files["province"])
    assert lib.cites("白政〔2024〕21号") == [
        ("云川省人民政府令第12号", lib.doc("云川省人民政府令第12号"), 1),
        ("白沙市人民政府令第5号", lib.doc("白沙市人民政府令第5号"), 1)]


@pytest.mark.skipif(not (CORPUS_DIR / "state-council" / "国令-707.txt").is_file(),
                    reason="the shared corpus is absent")
def test_a_state_council_ling_cited_as_guowuyuan_di_n_hao_ling(lib, files):
    """青溪市's 国务院第 707 号令 is the State Council's 令 of the corpus, not a city's."""
    lib("import", files["qingxi"])
    lib("import", str(CORPUS_DIR / "state-council" / "国令-707.txt"))
    keys = {k: d for k, d, _ in lib.cites("青政办〔2024〕7号")}
    assert keys["国务院令第707号"] == lib.doc("国务院令第707号")
    assert lib.cited_by("国务院令第707号") == [lib.doc("青政办〔2024〕7号")]


@pytest.mark.parametrize("steps", [
    ["+q", "+b", "+p", "-q", "+q", "-b"],
    ["+b", "+q", "-b", "+p", "+b", "-q"],
])
def test_incremental_refresh_equals_full_derivation(library, tmp_path, monkeypatch, steps):
    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    texts = {"q": qingxi_text(), "b": baisha_text(),
             "p": render(PROVINCE, header=PROVINCE_HEADER)}
    ids = {}
    for step in steps:
        name = step[1]
        if step[0] == "+":
            parsed = parse_text(texts[name], source_name=f"{name}.txt", sha256=name * 64)
            ids[name] = library.import_issue(parsed).issue_id
        else:
            library.remove_issue(ids.pop(name))
        assert _tables(library.db.conn) == _full(library, tmp_path, DAY), step


# -- extraction and resolution without a library ------------------------------------------
def _keys(issuers: list[str], text: str) -> list[tuple[str, str]]:
    doc = Document("x-d01", "x", 1, "关于做好有关工作的通知", issuers)
    refs = extract_refs(doc, [Block("x-d01-b0001", "x-d01", 1, "paragraph", text)])
    return [(c.text, c.key) for c in refs.citations]


FORMS = ("按照市政府令第 5 号和市政府第5号令，依据第 5 号令、政府令第12号、本市政府令第6号、"
         "省政府令第12号，参照白沙市政府令第7号、国务院第707号令，认真学习第8号令。")


def test_short_forms_are_qualified_by_the_citing_government():
    assert _keys(["白沙市财政局"], FORMS) == [
        ("市政府令第 5 号", "白沙市人民政府令第5号"), ("市政府第5号令", "白沙市人民政府令第5号"),
        ("第 5 号令", "白沙市人民政府令第5号"), ("政府令第12号", "白沙市人民政府令第12号"),
        ("市政府令第6号", "白沙市人民政府令第6号"), ("省政府令第12号", "省政府令第12号"),
        ("白沙市政府令第7号", "白沙市人民政府令第7号"), ("国务院第707号令", "国务院令第707号"),
        ("第8号令", "白沙市人民政府令第8号")]
    # a province's document: 省政府令 is its own, 市政府令 another level's
    province = dict(_keys(["云川省人民政府办公厅"], FORMS))
    assert province["省政府令第12号"] == "云川省人民政府令第12号"
    assert province["市政府令第 5 号"] == "市政府令第5号"
    # no government among the issuers: every short form stays short
    bare = dict(_keys([], FORMS))
    assert (bare["第 5 号令"], bare["政府令第12号"], bare["市政府第5号令"]) == (
        "第5号令", "政府令第12号", "市政府令第5号")


def test_the_citing_government():
    def gov(*issuers):
        g = citing_government(list(issuers))
        return (g.name, g.level) if g else None

    assert gov("青溪市人民政府办公室") == ("青溪市人民政府", "市")
    assert gov("青溪市市场监督管理局") == ("青溪市人民政府", "市")
    assert gov("中共青溪市委", "青溪市人民政府") == ("青溪市人民政府", "市")
    assert gov("广州市人民政府") == ("广州市人民政府", "市")
    assert gov("云川省人民政府") == ("云川省人民政府", "省")
    assert gov("云岭县人民政府") == ("云岭县人民政府", "县")
    assert gov("黔东南苗族侗族自治州人民政府") == ("黔东南苗族侗族自治州人民政府", "州")
    assert gov("国务院办公厅") == ("国务院", "国")
    assert gov() is None
    # a level that begins a word names no place (市场, a ministry's 国家…): a ministry speaks
    # for itself (its 令 are its own: 第5号令 in its document is 国家税务总局令第5号)
    assert gov("国家税务总局") == ("国家税务总局", "部")
    assert gov("国家市场监督管理总局") == ("国家市场监督管理总局", "部")
    assert gov("中华人民共和国生态环境部") == gov("生态环境部办公厅") == ("生态环境部", "部")
    assert gov("省市场监督管理局") is None and gov("市市场监督管理局") is None
    assert gov("沛县教育局") == ("沛县人民政府", "县")


def test_bare_short_keys_resolve_only_when_one_ling_fits():
    def ling(doc_id, no):
        return DocFact(doc_id, "i1", "办法", no, no[:-4], ["x"], "2024-01-01")

    one = RefGraph([ling("a", "青溪市人民政府令第5号"), ling("g", "国务院令第6号")], [], [])
    assert one.resolve("第5号令") == "a" and one.resolve("政府令第5号") == "a"
    assert one.resolve("第6号令") == "g" and one.resolve("政府令第6号") is None
    two = RefGraph([ling("a", "青溪市人民政府令第5号"), ling("b", "白沙市人民政府令第5号")], [], [])
    assert two.resolve("第5号令") is None and two.resolve("市政府令第5号") is None
    assert two.resolve("青溪市人民政府令第5号") == "a"


def test_a_library_keyed_by_the_earlier_rules_is_read_again_on_first_use(library, tmp_path,
                                                                       monkeypatch):
    """A library whose short 令 references were stored library-wide (REFS_VERSION 3: 青溪市's
    市政府令第 5 号 kept as 市政府令第5号 and linked to no 令 with two in the library) gets them
    keyed by the citing government at its next use, and its derived tables as a full derivation."""
    from core.store.refs import REFS_VERSION

    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    for name, text in (("q", qingxi_text()), ("b", baisha_text())):
        library.import_issue(parse_text(text, source_name=f"{name}.txt", sha256=name * 64))
    notice = library.find_document("青政办〔2024〕7号").id
    library.db.execute("UPDATE citations SET key = '市政府令第5号', doc_no_norm = '市政府令第5号' "
                       "WHERE doc_id = ? AND key = '青溪市人民政府令第5号'", [notice])
    library.refresh_refs(DAY)
    library.set_meta("refs_version", "3")
    before = {link.key: link.doc_id for link in library.refs_view(notice, DAY)["cites"]}
    assert before["市政府令第5号"] is None and "青溪市人民政府令第5号" not in before
    library.ensure_refs()
    assert library.get_meta("refs_version") == REFS_VERSION
    linked = {link.key: link.doc_id for link in library.refs_view(notice, DAY)["cites"]}
    assert linked["青溪市人民政府令第5号"] == library.find_document("青溪市人民政府令第5号").id
    assert _tables(library.db.conn) == _full(library, tmp_path, DAY)


def test_status_of_a_short_ling_typed_names_the_librarys_only_ling_that_fits(lib, files, capsys):
    """On the command line a short 令 has no citing government: ``status 市政府令第2号`` is the
    library's one 市 令 第2号; ``市政府令第5号`` fits both cities' and says which to write."""
    lib("import", files["baisha"])
    lib("import", files["qingxi"])
    found = lib("status", "市政府令第 2 号")
    assert (found["in_library"], found["doc_id"], found["status"]) == (
        True, lib.doc("白沙市人民政府令第2号"), "现行有效")
    assert lib("status", "第2号令")["doc_id"] == lib.doc("白沙市人民政府令第2号")
    code = main.main(["--data", lib.data, "status", "市政府令第5号", "--today", DAY])
    err = capsys.readouterr().err
    assert code != 0
    assert "多份令" in err and "白沙市人民政府令第5号" in err and "青溪市人民政府令第5号" in err


def test_every_level_written_at_extraction_is_read_by_resolution():
    """The levels are one list (core.extract.citations.LEVELS): a 旗's or 自治县's short 令
    keyed at extraction is one resolution can read (旗 was written but never read)."""
    from core.extract.citations import Government, ling_number
    from core.refs import full_ling_key, short_ling_key

    assert short_ling_key("旗政府令第5号") == ("旗", 5)
    assert short_ling_key("自治县人民政府令第3号") == ("县", 3)
    assert full_ling_key("镶蓝旗人民政府令第5号") == ("旗", 5)
    own = ling_number("旗政府令", 5, Government("镶蓝旗人民政府", "旗"))
    assert own == ("镶蓝旗人民政府令第5号", "镶蓝旗人民政府令")
    other = ling_number("旗政府令", 5, Government("云川省人民政府", "省"))
    assert short_ling_key(other[0]) == ("旗", 5)
