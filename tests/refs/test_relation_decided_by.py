"""A relation decided by the words around a list (a section heading, or the sentence that
leads the list) shows those words before the item, and takes its date from them: the words
that decided it, not another heading that merely mentions 废止."""

from __future__ import annotations

from core.extract.citations import extract_issue_refs
from core.importer import parse_text
from tests.fixtures.gazettes import L, P, render

NOTICE = [
    L(" 临城市人民政府 "),
    L("关于进一步规范行政规范性文件管理的通知"),
    L("临政〔2024〕9 号"),
    L("各县（区）人民政府，市人民政府各部门："),
    P("为加强行政规范性文件管理，现将有关事项通知如下。"),
    L("一、加强审核"),
    P("各部门要严格执行合法性审核制度。"),
    L("二、修改和废止的文件"),
    P("经市政府同意，决定废止以下文件："),
    P("1．《临城市企业投资项目管理办法》（临政〔2016〕3 号）"),
    P("2．《临城市城市道路管理规定》（临政〔2017〕12 号）"),
    P("上述文件自 2024 年 5 月 1 日起停止执行。"),
    L("临城市人民政府"),
    L("2024 年 4 月 2 日"),
]


def test_a_list_repealed_by_its_lead_shows_the_lead_not_the_heading():
    parsed = parse_text(render(NOTICE, header="临城市人民政府公报（2024 年第 4 期）"),
                        source_name="lincheng-2024-04.txt", sha256="d" * 64)
    refs = extract_issue_refs(parsed.documents, parsed.blocks, parsed.sections)
    repeals = {r.target_key: r for doc in refs.values() for r in doc.relations
               if r.kind == "repeals"}
    assert set(repeals) == {"临政〔2016〕3号", "临政〔2017〕12号"}
    for r in repeals.values():
        assert not r.sentence.startswith("修改和废止的文件"), r.sentence
        assert "废止以下文件" in r.sentence
