"""Status of documents (效力): derived from the library, never typed by hand.

The facts are what each stored document says (its citations, relations and term, see
``core.extract.citations``); :class:`RefGraph` puts them together:

* a cited document is identified by its normalised 文号, else by its folded 《title》; a title
  cited alone that is cited with its 文号 elsewhere in the library is the same document; a
  short 令 reference is keyed by the citing document's government at extraction (市政府令第5号
  in a 江岭市 document is 江岭市人民政府令第5号), one it could not place names the library's
  only 令 that fits;
* a cited document that is in the library (same 文号, or same title, with or without its
  issuer, or the title of the text a 印发 notice issues) links to it;
* the status of a document, in this order:
  - **已废止** when a document of the library repeals or replaces it (a relation of
    confidence ≥ 0.7) from a date not after today (the repeal's own date, else the 施行 date
    of the repealing document, else its 成文日期); a repealing document older than the
    document named is ignored (it names an earlier text of the same title);
  - **已到期** when its own term ended before today;
  - **尚未施行** when its 施行 date is after today;
  - **已修改** when a document of the library amends it;
  - **现行有效** for a document of the library with none of the above; **未知** for a cited
    document that is not in the library and that nothing in the library repeals or amends.

The result depends only on the set of stored documents, never on the order in which they
were imported. ``today`` is a parameter everywhere (tests pass their own); the default is
the environment variable ``GAZETTE_TODAY`` (``YYYY-MM-DD``) when set, else the system date.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .extract.citations import DECISIVE, LEVELS, SAME_LEVEL, title_key

IN_FORCE, REPEALED, AMENDED, EXPIRED, NOT_YET, UNKNOWN = (
    "现行有效", "已废止", "已修改", "已到期", "尚未施行", "未知")
STATUSES = (IN_FORCE, AMENDED, NOT_YET, EXPIRED, REPEALED, UNKNOWN)
# The search filter 状态:有效 matches these.
IN_FORCE_LIKE = (IN_FORCE, AMENDED)

# The gazette's own sections (目录, 领导活动, 政务动态 …, ``kind == "gazette_section"``) are not
# official documents: nothing shows a status (效力) for them.
NO_STATUS = "本期公报自身的栏目（目录、领导活动、政务动态等），不是公文，没有效力状态。"


def has_status(doc) -> bool:
    """Whether a document of the library has a status to show: a 公文 does, a section of
    the gazette itself (目录 …) does not."""
    return getattr(doc, "kind", "document") == "document"

# 机关代字 of national bodies and the provinces' one-character names: issuer when a cited
# document's own title does not say it and the library has no document of that agency.
_NATIONAL = {
    "国发": "国务院", "国函": "国务院", "国发明电": "国务院", "国令": "国务院",
    "国办发": "国务院办公厅", "国办函": "国务院办公厅", "国办发明电": "国务院办公厅",
    "中发": "中共中央 国务院", "中办发": "中共中央办公厅 国务院办公厅",
    "厅字": "中共中央办公厅 国务院办公厅",
}
_PROVINCES = {
    "京": "北京市", "津": "天津市", "冀": "河北省", "晋": "山西省", "蒙": "内蒙古自治区",
    "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "沪": "上海市", "苏": "江苏省",
    "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省",
    "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "桂": "广西壮族自治区",
    "琼": "海南省", "渝": "重庆市", "川": "四川省", "黔": "贵州省", "滇": "云南省",
    "藏": "西藏自治区", "陕": "陕西省", "甘": "甘肃省", "青": "青海省", "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
_ISSUER_IN_TITLE = re.compile(r"^(.{2,40}?)关于")

# A 令 cited by the short form of its issuer's level (省政府令第12号, 市政府令第5号) and the
# 令 of the library whose full 文号 names an issuer of that level (××省人民政府令第12号). The
# citing document's own government's are qualified at extraction (core.extract.citations:
# ling_number); what is left short here is a reference the citing document could not place
# (another level, no government among its issuers), resolved when only one 令 fits.
_SHORT_LING = re.compile(rf"^(?P<level>{LEVELS})(?:人民)?政府令第(?P<n>\d+)号$")
_FULL_LING = re.compile(rf"^[\u4e00-\u9fff]{{1,20}}?(?P<level>{LEVELS})人民政府令第(?P<n>\d+)号$")
# bare: 政府令第12号 (a government's, of any level), 第5号令 (any 令 of the library)
_GOV_LING = re.compile(r"^政府令第(?P<n>\d+)号$")
_BARE_LING = re.compile(r"^第(?P<n>\d+)号令$")
_ANY_LING = re.compile(r"^[\u4e00-\u9fff]{2,30}令第(?P<n>\d+)号$")


def short_ling_key(key: str) -> tuple[str, int] | None:
    """(level, serial) of a short 令 reference: ``市政府令第5号`` → (市, 5); bare ones:
    ``政府令第12号`` → (政府, 12), ``第5号令`` → (令, 5)."""
    m = _SHORT_LING.match(key)
    if m:
        return SAME_LEVEL.get(m["level"], m["level"]), int(m["n"])
    m = _GOV_LING.match(key)
    if m:
        return "政府", int(m["n"])
    m = _BARE_LING.match(key)
    return ("令", int(m["n"])) if m else None


def full_ling_key(doc_no: str | None) -> tuple[str, int] | None:
    """(level, serial) of a 令's full 文号: ``江岭市人民政府令第5号`` → (市, 5)."""
    m = _FULL_LING.match(doc_no or "")
    return (SAME_LEVEL.get(m["level"], m["level"]), int(m["n"])) if m else None


def ling_keys(doc_no: str | None) -> list[tuple[str, int]]:
    """The short references a 令 of the library answers to when only it fits:
    ``江岭市人民政府令第5号`` → (市, 5), (政府, 5), (令, 5); ``国务院令第707号`` → (令, 707)."""
    m = _ANY_LING.match(doc_no or "")
    if m is None:
        return []
    serial = int(m["n"])
    full = full_ling_key(doc_no)
    return ([full, ("政府", serial)] if full else []) + [("令", serial)]


def today() -> _dt.date:
    """Today for status: ``$GAZETTE_TODAY`` (YYYY-MM-DD) when set, else the system date."""
    value = os.environ.get("GAZETTE_TODAY", "").strip()
    if value:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    return _dt.date.today()


def as_date(value: _dt.date | str | None) -> _dt.date:
    if value is None:
        return today()
    if isinstance(value, str):
        return _dt.date.fromisoformat(value)
    return value


def issuer_from_agency(agency: str | None) -> str | None:
    """The issuer a 机关代字 stands for, from the national and provincial conventions."""
    if not agency:
        return None
    if agency in _NATIONAL:
        return _NATIONAL[agency]
    if agency.endswith("令") and (agency.endswith("人民政府令") or agency == "国务院令"):
        return agency[:-1]          # a 令 cited with its issuer: 江岭市人民政府令 → 江岭市人民政府
    province = _PROVINCES.get(agency[0])
    if province and len(agency) >= 2:
        rest = agency[1:]
        if rest in ("政", "政发", "政文", "政函"):
            return f"{province}人民政府"
        if rest in ("政办", "政办发", "政办文", "政办函", "政办明电"):
            return f"{province}人民政府办公厅"
    return None


@lru_cache(maxsize=8192)
def issuer_from_title(title: str | None) -> str | None:
    """许昌市人民政府关于……的通知 → 许昌市人民政府."""
    if not title:
        return None
    m = _ISSUER_IN_TITLE.match(title)
    if not m:
        return None
    name = m[1]
    if re.search(r"[《》<>，。、]", name) or not re.search(r"(政府|办公厅|办公室|委员会|委|部|局|厅|院|会|署|行|总局|中心)$",
                                                           name):
        return None
    return name


# -- facts ---------------------------------------------------------------------------------
@dataclass(slots=True)
class DocFact:
    """What the status needs of a library document."""

    id: str
    issue_id: str
    title: str
    doc_no: str | None              # normalised 文号
    agency: str | None
    issuers: list[str]
    date: str | None                # 成文日期
    title_keys: set[str] = field(default_factory=set)
    effective: str | None = None
    expires: str | None = None
    effective_text: str = ""
    expires_text: str = ""
    effective_block: str | None = None
    expires_block: str | None = None
    term_years: int | None = None


@dataclass(slots=True)
class RelFact:
    doc_id: str                     # the document that says it
    kind: str
    target_key: str
    target_doc_no: str | None
    target_title: str | None
    sentence: str
    block_id: str
    confidence: float
    date: str | None


@dataclass(slots=True)
class CiteFact:
    doc_id: str
    key: str
    doc_no: str | None
    title: str | None
    agency: str | None
    block_id: str
    start: int
    end_block_id: str
    end: int


@dataclass(slots=True)
class Status:
    subject: str                     # a document id, or the key of a cited document
    status: str                      # one of STATUSES
    reason: str                      # one Chinese sentence: why
    sentence: str = ""               # the sentence of a document that decides it
    block_id: str | None = None      # where that sentence is
    by_doc_id: str | None = None     # the deciding document (repealing, amending)
    since: str | None = None         # from when (repeal date, end of term, 施行 date)
    kind: str | None = None          # repeals | replaces | amends | term | effective
    amended_by: list[str] = field(default_factory=list)
    pending: str | None = None       # a repeal that takes effect after today

    def to_dict(self) -> dict:
        return {"status": self.status, "reason": self.reason, "sentence": self.sentence,
                "block_id": self.block_id, "by_doc_id": self.by_doc_id, "since": self.since,
                "kind": self.kind, "amended_by": list(self.amended_by), "pending": self.pending}


@dataclass(slots=True)
class CitedDoc:
    """A document cited somewhere in the library (in it or not)."""

    key: str
    doc_no: str | None
    title: str | None
    agency: str | None
    issuer: str | None
    doc_id: str | None               # the library document it is, if any
    cite_count: int = 0              # places that cite it
    citing_docs: list[str] = field(default_factory=list)


def _label(doc: DocFact) -> str:
    return f"《{doc.title}》" + (f"（{doc.doc_no}）" if doc.doc_no else "")


class RefGraph:
    """Documents, citations and relations of the whole library, resolved."""

    def __init__(self, docs: list[DocFact], relations: list[RelFact], citations: list[CiteFact],
                 titled: list[CiteFact] | None = None):
        """``citations``: those :meth:`cited` aggregates (all of them, or every citation of
        the cited documents wanted). ``titled``: the citations with a title and a 文号 or
        机关代字 (they resolve titles and name issuers); default: ``citations``, which then
        must be all of them."""
        self.docs = {d.id: d for d in docs}
        self.relations = relations
        self.citations = citations
        self.titled = citations if titled is None else titled
        self._incoming: dict[str, list[RelFact]] | None = None
        self.by_key: dict[str, str] = {}
        # stable: older documents first, so a 文号 or title shared by two texts goes to the
        # first; the order never depends on the order of import
        for d in sorted(docs, key=lambda d: (d.date or "", d.id)):
            if d.doc_no:
                self.by_key.setdefault(d.doc_no, d.id)
        for d in sorted(docs, key=lambda d: (d.date or "", d.id)):
            for k in d.title_keys:
                self.by_key.setdefault(k, d.id)
        # 令 by issuer level and serial: a short reference left short at extraction
        # (市政府令第5号 cited by a county, 第5号令 by a document of no government) names the
        # one 令 of that level and number in the library, none when there are several
        self.ling: dict[tuple[str, int], set[str]] = {}
        for d in docs:
            for lk in ling_keys(d.doc_no):
                self.ling.setdefault(lk, set()).add(d.doc_no)
        # titles cited with their 文号 somewhere: the title stands for the 文号
        self.title_no: dict[str, str] = {}
        for c in sorted(self.titled, key=lambda c: (c.doc_id, c.block_id, c.start)):
            if c.title and c.doc_no:
                self.title_no.setdefault(title_key(c.title), c.doc_no)

    # -- resolution ----------------------------------------------------------------------
    def canonical(self, key: str) -> str:
        if key.startswith("《"):
            return self.title_no.get(key, key)
        short = short_ling_key(key)
        if short is not None:
            full = self.ling.get(short)
            if full and len(full) == 1:
                return next(iter(full))
        return key

    def resolve(self, key: str) -> str | None:
        """The library document a citation key names, if any."""
        found = self.by_key.get(key)
        if found is None:
            canon = self.canonical(key)
            found = self.by_key.get(canon)
        return found

    def subject(self, key: str) -> str:
        """A document id when the key names a library document, else the canonical key."""
        return self.resolve(key) or self.canonical(key)

    def incoming(self) -> dict[str, list[RelFact]]:
        """The relations aimed at each subject (none at its own source); computed once per
        graph (a graph's relations never change), shared by :meth:`dated_between` and
        :meth:`statuses`: do not mutate the result."""
        if self._incoming is None:
            out: dict[str, list[RelFact]] = {}
            for r in self.relations:
                subject = self.subject(r.target_key)
                if subject == r.doc_id:
                    continue
                out.setdefault(subject, []).append(r)
            self._incoming = out
        return self._incoming

    # -- status --------------------------------------------------------------------------
    def _since(self, r: RelFact) -> str | None:
        src = self.docs.get(r.doc_id)
        if r.date:
            return r.date
        if src is None:
            return None
        return src.effective or src.date

    def status(self, subject: str, rels: list[RelFact], day: _dt.date) -> Status:
        iso = day.isoformat()
        doc = self.docs.get(subject)
        repeals, amends, pending = [], [], None
        for r in rels:
            if r.confidence < DECISIVE or r.kind not in ("repeals", "replaces", "amends"):
                continue
            src = self.docs.get(r.doc_id)
            if src is None:
                continue
            if doc is not None and doc.date and src.date and doc.date > src.date:
                continue              # names an earlier text of the same title
            if r.kind == "amends":
                amends.append(r)
                continue
            since = self._since(r)
            if since and since > iso:
                if pending is None or since < pending[0]:
                    pending = (since, r)
                continue
            repeals.append((since or "", r.doc_id, r))
        pending_note = None
        if pending is not None:
            src = self.docs[pending[1].doc_id]
            pending_note = f"{_label(src)}规定其自 {pending[0]} 起废止"
        if repeals:
            since, _, r = min(repeals, key=lambda t: (t[0], t[1]))
            src = self.docs[r.doc_id]
            verb = "代替" if r.kind == "replaces" else "废止"
            reason = f"已被{_label(src)}{verb}" + (f"，自 {since} 起" if since else "")
            return Status(subject, REPEALED, reason + "。", r.sentence, r.block_id, r.doc_id,
                          since or None, r.kind,
                          [a.doc_id for a in sorted(amends, key=lambda a: a.doc_id)])
        amended_by = sorted({a.doc_id for a in amends})
        if doc is not None:
            if doc.expires and doc.expires < iso:
                return Status(subject, EXPIRED, f"有效期至 {doc.expires}，已届满。",
                              doc.expires_text, doc.expires_block, None, doc.expires, "term",
                              amended_by, pending_note)
            if doc.effective and doc.effective > iso:
                return Status(subject, NOT_YET, f"自 {doc.effective} 起施行，尚未到施行日期。",
                              doc.effective_text, doc.effective_block, None, doc.effective,
                              "effective", amended_by, pending_note)
        if amends:
            first = min(amends, key=lambda a: ((self.docs[a.doc_id].date or ""), a.doc_id))
            names = "、".join(_label(self.docs[d]) for d in amended_by)
            return Status(subject, AMENDED, f"已被{names}修改。", first.sentence, first.block_id,
                          first.doc_id, self._since(first), "amends", amended_by, pending_note)
        if doc is not None:
            parts = []
            if doc.effective:
                parts.append(f"自 {doc.effective} 起施行")
            if doc.expires:
                parts.append(f"有效期至 {doc.expires}")
            reason = ("，".join(parts) + "；" if parts else "") + "资料库中未见废止或修改它的文件。"
            sentence = doc.expires_text or doc.effective_text
            block = doc.expires_block if doc.expires_text else doc.effective_block
            return Status(subject, IN_FORCE, reason, sentence, block, None,
                          doc.effective, None, [], pending_note)
        return Status(subject, UNKNOWN, "不在资料库中，资料库中也未见废止或修改它的文件。",
                      pending=pending_note)

    def dated_between(self, first: str, last: str) -> set[str]:
        """The subjects whose status can differ between two days (ISO dates, ``first`` ≤
        ``last``): the day enters :meth:`status` only through comparisons with a
        document's 施行 and 届满 dates and its relations' dates, so a status derived for
        one day holds for the other unless one of those dates lies between them."""
        def inside(d: str | None) -> bool:
            return bool(d) and first <= d <= last

        out = {d.id for d in self.docs.values() if inside(d.effective) or inside(d.expires)}
        for subject, rels in self.incoming().items():
            if any(inside(self._since(r)) for r in rels):
                out.add(subject)
        return out

    def statuses(self, day: _dt.date | str | None = None,
                 subjects: list[str] | None = None) -> dict[str, Status]:
        """Status of every library document and every cited document (or of ``subjects``)."""
        day = as_date(day)
        incoming = self.incoming()
        if subjects is None:
            subjects = list(self.docs) + [k for k in self.cited() if self.resolve(k) is None]
        return {s: self.status(s, incoming.get(s, []), day) for s in subjects}

    # -- cited documents -----------------------------------------------------------------
    def agency_issuers(self) -> dict[str, str]:
        """The issuer each 机关代字 stands for in the library: the issuer most often seen with
        it (its documents' issuers, and the issuers named in the titles of its citations);
        ties go to the first name in sort order, so the result never depends on the order of
        import."""
        counts: dict[str, Counter] = {}
        for d in self.docs.values():
            if d.agency and d.issuers:
                counts.setdefault(d.agency, Counter())["、".join(d.issuers)] += 1
        for c in self.titled:
            name = issuer_from_title(c.title)
            if c.agency and name:
                counts.setdefault(c.agency, Counter())[name] += 1
        return {agency: min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                for agency, counter in counts.items()}

    def cited_issuer(self, cd: CitedDoc, agency_issuer: dict[str, str]) -> str | None:
        """The issuer of a cited document: the linked library document's, else the one its
        title names, else the one its 机关代字 stands for."""
        linked = self.docs.get(cd.doc_id or "")
        issuer = ("、".join(linked.issuers) or None) if linked is not None else None
        if issuer is None:
            issuer = issuer_from_title(cd.title)
        if issuer is None and cd.agency:
            issuer = agency_issuer.get(cd.agency) or issuer_from_agency(cd.agency)
        return issuer

    def cited(self) -> dict[str, CitedDoc]:
        """Every cited document of ``citations`` by canonical key, with its places and
        issuer."""
        agency_issuer = self.agency_issuers()
        out: dict[str, CitedDoc] = {}
        for c in sorted(self.citations, key=lambda c: (c.doc_id, c.block_id, c.start)):
            key = self.canonical(c.key)
            cd = out.get(key)
            if cd is None:
                cd = out[key] = CitedDoc(key, c.doc_no if c.doc_no else None, c.title, c.agency,
                                         None, self.resolve(key))
            if c.title and (not cd.title or len(c.title) > len(cd.title)):
                cd.title = c.title
            if c.doc_no and not cd.doc_no:
                cd.doc_no, cd.agency = c.doc_no, c.agency
            cd.cite_count += 1
            if c.doc_id not in cd.citing_docs:
                cd.citing_docs.append(c.doc_id)
        for cd in out.values():
            if cd.doc_no is None and not key_is_title(cd.key):
                cd.doc_no = cd.key
            cd.issuer = self.cited_issuer(cd, agency_issuer)
        return out


def key_is_title(key: str) -> bool:
    return key.startswith("《")
