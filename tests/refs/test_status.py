"""Status derived in the library: import order, removal, today, cited documents."""

from __future__ import annotations

import pytest

from core.refs import AMENDED, EXPIRED, IN_FORCE, NOT_YET, REPEALED, UNKNOWN
from tests.refs.conftest import doc_id, parsed_issue

DAY = "2024-06-01"


def _statuses(lib, day=DAY):
    """文号 → (status, deciding document's 文号 or None) for every document and cited document."""
    by_id = {d.id: d.doc_no.normalized for d in lib.documents() if d.doc_no}
    out = {by_id[k]: (s.status, by_id.get(s.by_doc_id)) for k, s in lib.status_map(day).items()}
    for cited, s in lib.cited_documents(today=day):
        out[cited.key] = (s.status, by_id.get(s.by_doc_id))
    return out


def test_status_of_each_kind(refs_library):
    st = _statuses(refs_library)
    assert st["南政〔2023〕2号"] == (REPEALED, "南政〔2024〕5号")
    assert st["南政办〔2023〕3号"] == (AMENDED, "南政〔2024〕6号")
    assert st["南政〔2023〕4号"][0] == IN_FORCE            # term ends 2025-02-28
    assert st["南政〔2023〕5号"][0] == NOT_YET             # 施行 2024-09-01
    assert st["南政〔2024〕5号"][0] == IN_FORCE
    # cited documents not in the library
    assert st["南政〔2018〕12号"] == (REPEALED, "南政〔2024〕7号")
    assert st["南政〔2017〕3号"] == (REPEALED, "南政〔2024〕7号")   # 代替
    assert st["南政〔2015〕4号"] == (REPEALED, "南政〔2024〕8号")   # listed under 予以废止的文件
    assert st["《南川市城区房屋拆迁管理办法》"][0] == REPEALED        # 原《…》停止执行
    assert st["南政〔2016〕9号"][0] == UNKNOWN             # repealed only from 2099
    assert st["国发〔2023〕1号"][0] == UNKNOWN             # implemented, not repealed


def test_today_decides_expiry_and_entry_into_force(refs_library):
    before = _statuses(refs_library, "2024-02-20")
    assert before["南政〔2023〕2号"][0] == IN_FORCE       # the repeal takes effect on 2024-03-01
    later = _statuses(refs_library, "2026-01-01")
    assert later["南政〔2023〕4号"][0] == EXPIRED
    assert later["南政〔2023〕5号"][0] == IN_FORCE
    s = refs_library.status(doc_id(refs_library, "南政〔2023〕4号"), "2026-01-01")
    assert "有效期 2 年" in s.sentence and s.since == "2025-02-28"
    s = refs_library.status(doc_id(refs_library, "南政〔2023〕5号"), "2024-06-01")
    assert s.since == "2024-09-01" and "2024 年 9 月 1 日起施行" in s.sentence
    s = refs_library.status(doc_id(refs_library, "南政〔2023〕2号"), DAY)
    assert "同时废止" in s.sentence and s.since == "2024-03-01"


def test_same_status_in_both_import_orders(library, data_dir, tmp_path):
    from core.store import Library

    for n in (1, 2):
        library.import_issue(parsed_issue(n))
    forward = _statuses(library)
    with Library(tmp_path / "reverse.sqlite") as other:
        for n in (2, 1):
            other.import_issue(parsed_issue(n))
        backward = _statuses(other)
        assert backward == forward
        assert backward["南政〔2023〕2号"][0] == REPEALED


def test_removing_the_repealing_issue_restores_the_status(refs_library):
    assert _statuses(refs_library)["南政〔2023〕2号"][0] == REPEALED
    issue2 = refs_library.find_issue("2024-5")
    refs_library.remove_issue(issue2.id)
    st = _statuses(refs_library)
    assert st["南政〔2023〕2号"] == (IN_FORCE, None)
    assert st["南政办〔2023〕3号"] == (IN_FORCE, None)
    assert "南政〔2018〕12号" not in st                     # nobody cites it any more
    refs_library.import_issue(parsed_issue(2))
    assert _statuses(refs_library)["南政〔2023〕2号"][0] == REPEALED


def test_refs_view_lists_both_directions(refs_library):
    old = doc_id(refs_library, "南政〔2023〕2号")
    view = refs_library.refs_view(old, DAY)
    cited_by = {link.doc_no: link for link in view["cited_by"]}
    assert set(cited_by) == {"南政〔2024〕5号", "南政办〔2023〕6号"}
    assert cited_by["南政〔2024〕5号"].kinds[0] == "repeals"
    assert "同时废止" in cited_by["南政〔2024〕5号"].sentence
    assert view["status"].status == REPEALED
    new = doc_id(refs_library, "南政〔2024〕5号")
    view = refs_library.refs_view(new, DAY)
    (link,) = view["cites"]
    assert link.doc_id == old and link.kinds[0] == "repeals" and link.status.status == REPEALED
    assert [r.kind for r in view["relations"]] == ["repeals"]


def test_cited_document_not_in_library_keeps_its_places_and_issuer(refs_library):
    cited = {c.key: c for c, _ in refs_library.cited_documents()}
    c = cited["南政〔2019〕16号"]
    assert c.title == "南川市人民政府关于改革完善应急管理体系的通知"
    assert c.issuer == "南川市人民政府"
    assert c.doc_id is None and c.cite_count == 1
    places = refs_library.citing_places("南政〔2019〕16号")
    assert [p["doc_no_norm"] for p in places] == ["南政办〔2023〕6号"]
    assert cited["国发〔2023〕1号"].issuer == "国务院"
    # in the library: not listed without include_library
    assert "南政〔2023〕2号" not in cited
    everything = {c.key for c, _ in refs_library.cited_documents(include_library=True)}
    assert "南政〔2023〕2号" in everything


def test_title_only_citation_links_to_the_library_document(refs_library):
    cites = refs_library.refs_view(doc_id(refs_library, "南政办〔2023〕6号"), DAY)["cites"]
    linked = [link for link in cites if link.doc_id]
    assert [link.doc_no for link in linked] == ["南政〔2023〕2号"]


def test_old_library_gets_its_citations_on_first_use(refs_library):
    refs_library.db.execute("DELETE FROM citations")
    refs_library.db.execute("DELETE FROM relations")
    refs_library.set_meta("refs_version", None)
    refs_library.ensure_refs()
    assert _statuses(refs_library)["南政〔2023〕2号"][0] == REPEALED


@pytest.mark.parametrize("day", ["2024-06-01", "2030-01-01"])
def test_status_map_matches_single_status(refs_library, day):
    for k, s in refs_library.status_map(day).items():
        assert refs_library.status(k, day).status == s.status


def test_status_filter_syntax():
    from index.status_filter import split_status

    assert split_status("管理办法 状态:有效") == ("管理办法", {"现行有效", "已修改"}, None)
    assert split_status("状态：已废止")[1] == {"已废止"}
    assert split_status("状态:已到期 数据")[:2] == ("数据", {"已到期"})
    assert split_status("管理办法") == ("管理办法", None, None)
    rest, wanted, error = split_status("状态:好的")
    assert wanted == set() and "无法识别的状态" in error


def test_an_imported_library_is_marked_up_to_date(library):
    from core.store.refs import REFS_VERSION

    library.import_issue(parsed_issue(1))
    assert library.get_meta("refs_version") == REFS_VERSION


def test_service_reextract_and_remove_keep_statuses_derived(refs_library, data_dir):
    from service import LibraryService

    service = LibraryService(refs_library, data_dir / "index")
    before = _statuses(refs_library)
    refs_library.db.execute("DELETE FROM citations")         # as if the rules had changed
    service.reextract()
    assert _statuses(refs_library) == before
    service.remove_issue(refs_library.find_issue("2024-5").id)
    assert _statuses(refs_library)["南政〔2023〕2号"] == (IN_FORCE, None)
