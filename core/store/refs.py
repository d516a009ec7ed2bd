"""Storing citations, relations and terms, and the status derived from them.

Per document (written with its issue, deleted with it): ``citations``, ``relations``,
``doc_terms``. Derived from all of them (by ``refresh_refs`` whenever an issue is imported or
removed, in the same transaction: only the rows the issue's documents and the keys they cite
can change, every status once a day; the same rows as a full derivation, a test says so):
``ref_keys`` (what each cited key names), ``cited_docs`` and ``doc_status``. A library of an
older version gets its citations the first time they are asked for (``ensure_refs``).

Queries: ``status(doc_id)``, ``status_map()`` (every library document, for the tree and the
search filter), ``doc_citations``, ``doc_relations``, ``cited_by``, ``refs_view`` (everything
the 关联 panel and ``refs DOC`` show), ``cited_documents`` and ``issue_digest``.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field

from ..extract.citations import (
    Citation,
    DocRefs,
    Relation,
    Term,
    doc_title_keys,
    extract_issue_refs,
)
from ..model import Document, ParsedIssue
from ..refs import CitedDoc, CiteFact, DocFact, RefGraph, RelFact, Status, as_date, key_is_title
from . import rows
from .library import StorePart

# Bump when the extraction rules change: stored libraries are re-read on next use.
REFS_VERSION = "7"     # 2: gazette pages cite nothing; 3: a 令 cited after a date (…18日中华人民共和国国务院令第707号)
# 4: a short 令 reference (市政府令第5号, 第5号令) is keyed by the citing document's government
# 5: a list under 决定废止以下…：/ over 上述文件…停止执行 is repealed; a table row's title cell;
#    ﹝2024﹞ and 〔2024〕第 8 号; 交通运输部令 2017 年第 27 号
# 6: no government read from 国家市场监督管理总局 / 省市场监督管理局 (a level starting a word);
#    a relation decided by a list's lead shows the lead, not a heading that mentions 废止
# 7: a 公告/通告 cited by its number (2024 年第 3 号通告, 通告〔2024〕第 3 号); a ministry's 令
#    cited bare (第 12 号令, 2024 年第 3 号令) is its own
_PER_DOC = ("citations", "relations", "doc_terms")


@dataclass(slots=True)
class RefLink:
    """A citing or cited document as the 关联 panel lists it."""

    key: str                         # cited key (文号 or 《title》)
    doc_id: str | None               # the library document, if any
    doc_no: str | None
    title: str | None
    issuer: str | None
    date: str | None
    status: Status | None
    kinds: list[str] = field(default_factory=list)        # relation kinds, strongest first
    sentence: str = ""                                    # the strongest relation's sentence
    block_id: str | None = None                           # where it is said
    confidence: float = 1.0
    places: list[dict] = field(default_factory=list)      # [{doc_id, block_id, start, end}]

    def to_dict(self) -> dict:
        return {"key": self.key, "doc_id": self.doc_id, "doc_no": self.doc_no,
                "title": self.title, "issuer": self.issuer, "date": self.date,
                "status": self.status.status if self.status else None,
                "status_reason": self.status.reason if self.status else None,
                "relations": list(self.kinds), "sentence": self.sentence,
                "block_id": self.block_id, "confidence": self.confidence,
                "places": list(self.places)}


_KIND_ORDER = {"repeals": 0, "replaces": 1, "amends": 2, "implements": 3, "cites": 4}


class RefStore(StorePart):
    """Citations, relations, terms (per document) and the tables derived from all of them."""

    # -- writes -------------------------------------------------------------------------
    def insert_issue(self, parsed: ParsedIssue, replaced: Changed | None = None) -> None:
        """Store an issue's citations, relations and terms; derive the status again for
        what they (and ``replaced``, the documents of the issue it replaces) change."""
        refs = extract_issue_refs(parsed.documents, parsed.blocks, parsed.sections)
        self._insert_refs(refs)
        changed = Changed({d.id for d in parsed.documents})
        changed.keys |= self._doc_keys(sorted(changed.doc_ids))
        if replaced is not None:
            changed.doc_ids |= replaced.doc_ids
            changed.keys |= replaced.keys
        self.refresh_refs(changed=changed)
        if self.base.get_meta("refs_version") != REFS_VERSION:
            older = self.db.execute("SELECT 1 FROM documents WHERE issue_id != ? LIMIT 1",
                                    [parsed.issue.id]).fetchone()
            if older is None:            # nothing stored before: the library is up to date
                self.base.set_meta("refs_version", REFS_VERSION)

    def delete_documents(self, doc_ids: list[str]) -> Changed:
        """Delete the per-document rows; returns what the caller then passes to
        :meth:`refresh_refs` (the documents and the keys they cited)."""
        changed = Changed(set(doc_ids), self._doc_keys(doc_ids))
        for i in range(0, len(doc_ids), 500):
            chunk = doc_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for table in _PER_DOC:
                self.db.execute(f"DELETE FROM {table} WHERE doc_id IN ({marks})", chunk)
        return changed

    def _doc_keys(self, doc_ids: list[str]) -> set[str]:
        """The keys documents cite or name in a relation."""
        keys: set[str] = set()
        for i in range(0, len(doc_ids), 500):
            chunk = doc_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            keys |= {r[0] for r in self.db.execute(
                f"SELECT key FROM citations WHERE doc_id IN ({marks})", chunk)}
            keys |= {r[0] for r in self.db.execute(
                f"SELECT target_key FROM relations WHERE doc_id IN ({marks})", chunk)}
        return keys

    def _insert_refs(self, refs: dict[str, DocRefs]) -> None:
        cites, rels, terms = [], [], []
        for r in refs.values():
            cites += [_citation_row(c) for c in r.citations]
            rels += [_relation_row(x) for x in r.relations]
            if r.term is not None:
                terms.append(_term_row(r.term))
        self.db["citations"].insert_all(cites, batch_size=500)
        self.db["relations"].insert_all(rels, batch_size=500)
        self.db["doc_terms"].insert_all(terms, batch_size=500)

    def reextract_refs(self) -> int:
        """Re-read the citations of every stored document (after an upgrade of the rules)."""
        with self.db.atomic():
            for table in _PER_DOC:
                self.db.execute(f"DELETE FROM {table}")
            count = 0
            for issue in self.base.issues():
                docs = self.base.documents(issue.id)
                blocks = list(self.base.iter_issue_blocks(issue.id))
                sections = [s for d in docs for s in self.base.sections(d.id)]
                self._insert_refs(extract_issue_refs(docs, blocks, sections))
                count += len(docs)
            self.refresh_refs()
            self.db.execute("INSERT INTO meta(key, value) VALUES('refs_version', ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                            [REFS_VERSION])
        return count

    def ensure_refs(self) -> None:
        """Extract the citations of a library stored before they existed (once)."""
        if self.base.get_meta("refs_version") == REFS_VERSION:
            return
        has_docs = self.db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None
        if has_docs:
            self.reextract_refs()
        else:
            self.base.set_meta("refs_version", REFS_VERSION)

    # -- the graph ----------------------------------------------------------------------
    def ref_graph(self, all_citations: bool = True) -> RefGraph:
        """Every document, relation and citation of the library, resolved. Without
        ``all_citations``, the graph's ``citations`` are empty (the citations that resolve
        titles and name issuers are read): resolution and status, not :meth:`RefGraph.cited`
        (:meth:`_cited_of` aggregates the cited documents wanted)."""
        terms = {r["doc_id"]: r for r in self._rows("SELECT * FROM doc_terms")}
        docs = []
        for r in self._rows("SELECT id, issue_id, title, issuers, doc_no_norm, doc_no_agency, "
                            "date FROM documents"):
            t = terms.get(r["id"], {})
            fact = DocFact(r["id"], r["issue_id"], r["title"], r["doc_no_norm"],
                           r["doc_no_agency"], json.loads(r["issuers"] or "[]"), r["date"],
                           effective=t.get("effective"), expires=t.get("expires"),
                           effective_text=t.get("effective_text") or "",
                           expires_text=t.get("expires_text") or "",
                           effective_block=t.get("effective_block"),
                           expires_block=t.get("expires_block"), term_years=t.get("term_years"))
            fact.title_keys = doc_title_keys(Document(fact.id, fact.issue_id, 0, fact.title,
                                                      fact.issuers))
            docs.append(fact)
        rels = [RelFact(r["doc_id"], r["kind"], r["target_key"], r["target_doc_no"],
                        r["target_title"], r["sentence"], r["block_id"], r["confidence"],
                        r["date"])
                for r in self._rows("SELECT doc_id, kind, target_key, target_doc_no, "
                                    "target_title, sentence, block_id, confidence, date "
                                    "FROM relations WHERE kind != 'cites'")]
        if all_citations:
            return RefGraph(docs, rels, self._cite_facts(_CITES_SELECT))
        titled = self._cite_facts(_CITES_SELECT + " WHERE title IS NOT NULL AND title != '' AND "
                                  "((doc_no_norm IS NOT NULL AND doc_no_norm != '') OR "
                                  "(agency IS NOT NULL AND agency != ''))")
        return RefGraph(docs, rels, [], titled)

    def _cited_of(self, graph: RefGraph, keys: list[str],
                  agency_issuer: dict[str, str]) -> dict[str, CitedDoc]:
        """``graph.cited()`` over every citation of ``keys`` (by canonical key), aggregated
        in one pass over the columns it needs, without a sort or an object per citation: the
        same rows (a test compares them with a full derivation). Per key: the count, the
        citing documents, and the first citation (in the order (doc_id, block_id, start)),
        the first with a 文号 and the first of the longest titles."""
        per: dict[str, dict] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            for key, doc_id, block_id, start, no, agency, title in self.db.execute(
                    "SELECT key, doc_id, block_id, start, doc_no_norm, agency, title FROM "
                    f"citations WHERE key IN ({','.join('?' * len(chunk))})", chunk):
                at = (doc_id, block_id, start)
                p = per.get(key)
                if p is None:
                    p = per[key] = {"n": 0, "docs": set(), "first": (at, no, agency, title)}
                elif at < p["first"][0]:
                    p["first"] = (at, no, agency, title)
                p["n"] += 1
                p["docs"].add(doc_id)
                if no and ("no" not in p or at < p["no"][0]):
                    p["no"] = (at, no, agency)
                if title:
                    t = p.get("title")
                    if t is None or len(title) > len(t[1]) or \
                            (len(title) == len(t[1]) and at < t[0]):
                        p["title"] = (at, title)
        groups: dict[str, list[dict]] = {}
        for key in sorted(per):
            groups.setdefault(graph.canonical(key), []).append(per[key])
        out: dict[str, CitedDoc] = {}
        for canon, parts in groups.items():
            first = min((p["first"] for p in parts), key=lambda f: f[0])
            nos = [p["no"] for p in parts if "no" in p]
            titles = [p["title"] for p in parts if "title" in p]
            src = min(nos, key=lambda f: f[0]) if nos else None
            title = (min(titles, key=lambda t: (-len(t[1]), t[0]))[1] if titles
                     else first[3])
            docs = sorted({d for p in parts for d in p["docs"]})
            cd = CitedDoc(canon, src[1] if src else None, title,
                          src[2] if src else first[2], None, graph.resolve(canon),
                          sum(p["n"] for p in parts), docs)
            if cd.doc_no is None and not key_is_title(cd.key):
                cd.doc_no = cd.key
            cd.issuer = graph.cited_issuer(cd, agency_issuer)
            out[canon] = cd
        return out

    def _cite_facts(self, sql: str, params: list | None = None) -> list[CiteFact]:
        return [CiteFact(*r) for r in self.db.execute(sql, params or []).fetchall()]

    def refresh_refs(self, today: _dt.date | str | None = None,
                     changed: Changed | None = None) -> None:
        """Derive the tables ref_keys, cited_docs and doc_status again for ``today``: all of
        them, or with ``changed`` (documents added or removed, and the keys they cite) only
        the rows that change can change. The result is the same either way (a test says
        so)."""
        day = as_date(today)
        if changed is not None:
            self._refresh_changed(day, changed)
            return
        graph = self.ref_graph()
        cited = graph.cited()
        statuses = graph.statuses(day, list(graph.docs) + [k for k, c in cited.items()
                                                          if c.doc_id is None])
        keys = {r[0] for r in self.db.execute("SELECT DISTINCT key FROM citations")}
        keys |= {r[0] for r in self.db.execute("SELECT DISTINCT target_key FROM relations")}
        conn = self.db.conn
        with self.db.atomic():
            for table in ("ref_keys", "cited_docs", "doc_status"):
                self.db.execute(f"DELETE FROM {table}")
            conn.executemany("INSERT INTO ref_keys(key, subject, canonical) VALUES (?, ?, ?)",
                             [(k, graph.subject(k), graph.canonical(k)) for k in keys])
            conn.executemany(_CITED_INSERT, [_cited_row(c) for c in cited.values()])
            self._write_statuses([_status_row(s, s.subject if s.subject in graph.docs else None,
                                              day) for s in statuses.values()])

    def _write_statuses(self, status_rows: list[dict]) -> None:
        if status_rows:
            names = list(status_rows[0])
            self.db.conn.executemany(
                f"INSERT OR REPLACE INTO doc_status({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                [tuple(r[n] for n in names) for r in status_rows])

    def _refresh_changed(self, day: _dt.date, changed: Changed) -> None:
        """:meth:`refresh_refs` for the rows ``changed`` can change, and, when the stored
        statuses were derived for another day, the statuses that change of day can change.

        What depends on what: a key's subject and canonical key depend on every document
        (文号, titles) and on the titled citations, so every key is resolved again and only
        the keys whose (subject, canonical) differ are written; a cited document's row
        depends on its citations (rebuilt for the canonical keys of the changed documents'
        keys and of the keys that moved) and on its linked document and the 机关代字's
        issuer (checked for every row); a status depends on the subject's own facts and on
        the relations naming it and their documents (derived again for the changed
        documents, the subjects of the changed documents' keys and of the keys that moved,
        and the cited documents that appeared, vanished or were linked; when the stored
        statuses were derived for another day, also those a date between the two days can
        change)."""
        conn = self.db.conn
        other_day = conn.execute("SELECT 1 FROM doc_status WHERE computed_on != ? LIMIT 1",
                                 [day.isoformat()]).fetchone() is not None
        old_keys = {k: (s, c) for k, s, c in conn.execute(
            "SELECT key, subject, canonical FROM ref_keys")}
        all_keys = {r[0] for r in conn.execute("SELECT DISTINCT key FROM citations")}
        all_keys |= {r[0] for r in conn.execute("SELECT DISTINCT target_key FROM relations")}
        # resolution needs every document and titled citation, not the other citations
        graph = self.ref_graph(all_citations=False)
        new_keys = {k: (graph.subject(k), graph.canonical(k)) for k in all_keys}
        moved = {k for k in old_keys.keys() | new_keys.keys()
                 if old_keys.get(k) != new_keys.get(k)}
        touched = moved | changed.keys
        canon = {v[1] for k in touched for v in (old_keys.get(k), new_keys.get(k)) if v}
        subjects = set(changed.doc_ids)
        subjects |= {v[0] for k in touched for v in (old_keys.get(k), new_keys.get(k)) if v}
        # cited documents: rebuilt from their citations where those may have changed
        agency_issuer = graph.agency_issuers()
        rebuilt = self._cited_of(graph, sorted(k for k, (_s, c) in new_keys.items()
                                               if c in canon), agency_issuer)
        old_cited = {r["key"]: r for r in self._rows("SELECT * FROM cited_docs")}
        final_unlinked = {k for k, c in rebuilt.items() if c.doc_id is None}
        cited_rows = [_cited_row(c) for c in rebuilt.values()]
        gone_cited = [k for k in canon if k in old_cited and k not in rebuilt]
        for key, r in old_cited.items():
            if key in canon:
                continue
            cd = CitedDoc(key, r["doc_no"], r["title"], r["agency"], None, graph.resolve(key),
                          r["cite_count"], json.loads(r["citing_docs"]))
            cd.issuer = graph.cited_issuer(cd, agency_issuer)
            if cd.doc_id is None:
                final_unlinked.add(key)
            if (cd.doc_id, cd.issuer) != (r["doc_id"], r["issuer"]):
                cited_rows.append(_cited_row(cd))
                subjects |= {key, cd.doc_id or key, r["doc_id"] or key}
        for key in canon:
            subjects.add(key)
            if key in old_cited and old_cited[key]["doc_id"]:
                subjects.add(old_cited[key]["doc_id"])
            if key in rebuilt and rebuilt[key].doc_id:
                subjects.add(rebuilt[key].doc_id)
        if other_day:
            # the stored statuses were derived for another day: again those a date between
            # that day and this one can change (the rest hold; their day is moved below)
            stored_days = [r[0] for r in conn.execute(
                "SELECT DISTINCT computed_on FROM doc_status")] + [day.isoformat()]
            subjects |= graph.dated_between(min(stored_days), max(stored_days))
            stored = {r[0] for r in conn.execute("SELECT subject FROM doc_status")}
            subjects |= (set(graph.docs) | final_unlinked) - stored
        live = {s for s in subjects if s in graph.docs or s in final_unlinked}
        statuses = graph.statuses(day, sorted(live))
        with self.db.atomic():
            gone_keys = [(k,) for k in moved if k not in new_keys]
            conn.executemany("DELETE FROM ref_keys WHERE key = ?", gone_keys)
            conn.executemany("INSERT OR REPLACE INTO ref_keys(key, subject, canonical) "
                             "VALUES (?, ?, ?)",
                             [(k, *new_keys[k]) for k in moved if k in new_keys])
            conn.executemany("DELETE FROM cited_docs WHERE key = ?", [(k,) for k in gone_cited])
            conn.executemany(_CITED_INSERT.replace("INSERT", "INSERT OR REPLACE", 1), cited_rows)
            conn.executemany("DELETE FROM doc_status WHERE subject = ?",
                             [(s,) for s in sorted(subjects - live)])
            self._write_statuses([_status_row(s, s.subject if s.subject in graph.docs else None,
                                              day) for s in statuses.values()])
            if other_day:
                conn.execute("UPDATE doc_status SET computed_on = ? WHERE computed_on != ?",
                             [day.isoformat(), day.isoformat()])

    # -- status -------------------------------------------------------------------------
    def status_map(self, today: _dt.date | str | None = None) -> dict[str, Status]:
        """Status of every library document by id (derived again when ``today`` differs
        from the day the stored status was derived for)."""
        day = as_date(today)
        found = self._rows("SELECT * FROM doc_status WHERE doc_id IS NOT NULL")
        if found and all(r["computed_on"] == day.isoformat() for r in found):
            return {r["doc_id"]: _status_from(r) for r in found}
        graph, statuses = self._derived(day)
        return {d: statuses[d] for d in graph.docs}

    def status(self, doc_or_key: str, today: _dt.date | str | None = None) -> Status:
        """Status of a library document (by id) or of a cited document (by key)."""
        day = as_date(today)
        found = self._rows("SELECT * FROM doc_status WHERE subject = ?", [doc_or_key])
        if found and found[0]["computed_on"] == day.isoformat():
            return _status_from(found[0])
        graph, statuses = self._derived(day)
        subject = doc_or_key if doc_or_key in graph.docs else graph.subject(doc_or_key)
        if subject not in statuses:
            return graph.statuses(day, [subject])[subject]
        return statuses[subject]

    def _derived(self, day: _dt.date):
        """The graph and every status for a day the stored statuses were not derived for
        (another day than the last import or removal), kept until the library changes."""
        conn = self.db.conn
        token = (day, conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
        cached = getattr(self, "_derived_cache", None)
        if cached is not None and cached[0] == token:
            return cached[1], cached[2]
        graph = self.ref_graph()
        cited = graph.cited()
        statuses = graph.statuses(day, list(graph.docs) + [k for k, c in cited.items()
                                                           if c.doc_id is None])
        self._derived_cache = (token, graph, statuses)
        return graph, statuses

    # -- citations and relations of one document ----------------------------------------
    def doc_citations(self, doc_id: str) -> list[Citation]:
        return [_citation_from(r) for r in self._rows(
            "SELECT * FROM citations WHERE doc_id = ? ORDER BY ord", [doc_id])]

    def doc_relations(self, doc_id: str) -> list[Relation]:
        return [_relation_from(r) for r in self._rows(
            "SELECT * FROM relations WHERE doc_id = ? ORDER BY ord", [doc_id])]

    def doc_term(self, doc_id: str) -> Term | None:
        found = self._rows("SELECT * FROM doc_terms WHERE doc_id = ?", [doc_id])
        return Term(**found[0]) if found else None

    def citation_targets(self, doc_id: str) -> dict[str, dict]:
        """For each citation key of a document: what it names (doc_id or None), its title,
        文号, issuer, date and status — what the reader's links and tooltips show."""
        out = {}
        for r in self._rows(
                "SELECT DISTINCT c.key, k.subject, k.canonical, cd.doc_no, cd.title, cd.issuer, "
                "cd.cite_count, cd.citing_docs, d.title AS d_title, d.doc_no_norm AS d_no, "
                "d.date AS d_date, d.issuers AS d_issuers, s.status, s.reason "
                "FROM citations c LEFT JOIN ref_keys k ON k.key = c.key "
                "LEFT JOIN cited_docs cd ON cd.key = k.canonical "
                "LEFT JOIN documents d ON d.id = k.subject "
                "LEFT JOIN doc_status s ON s.subject = k.subject "
                "WHERE c.doc_id = ?", [doc_id]):
            in_lib = r["d_title"] is not None
            out[r["key"]] = {
                "key": r["key"], "doc_id": r["subject"] if in_lib else None,
                "title": r["d_title"] if in_lib else r["title"],
                "doc_no": r["d_no"] if in_lib else r["doc_no"],
                "issuer": "、".join(json.loads(r["d_issuers"])) if in_lib else r["issuer"],
                "date": r["d_date"] if in_lib else None,
                "status": r["status"], "status_reason": r["reason"],
                "cite_count": r["cite_count"] or 0,
                "citing_docs": json.loads(r["citing_docs"] or "[]"),
            }
        return out

    def refs_view(self, doc_id: str, today: _dt.date | str | None = None) -> dict:
        """Everything the 关联 panel and ``refs DOC`` show for one document:

        ``status`` (Status), ``term`` (Term or None), ``cites`` (list of RefLink: what it
        cites, once per cited document, strongest relation first), ``cited_by`` (RefLink of
        the documents that cite it, with the relation and sentence), ``relations`` (its own
        repeals/amends/replaces relations)."""
        day = as_date(today)
        doc = self.base.document(doc_id)
        targets = self.citation_targets(doc_id)
        statuses = self._status_rows([t["doc_id"] or self._canonical(k)
                                      for k, t in targets.items()], day)
        # outgoing
        by_key: dict[str, RefLink] = {}
        canon_of = {r["key"]: r["canonical"] for r in self._rows(
            "SELECT k.key, k.canonical FROM ref_keys k JOIN citations c ON c.key = k.key "
            "WHERE c.doc_id = ?", [doc_id])}
        for c in self.doc_citations(doc_id):
            t = targets.get(c.key, {})
            group = t.get("doc_id") or canon_of.get(c.key, c.key)
            link = by_key.get(group)
            if link is None:
                subject = t.get("doc_id") or canon_of.get(c.key, c.key)
                link = by_key[group] = RefLink(
                    canon_of.get(c.key, c.key), t.get("doc_id"), t.get("doc_no") or c.doc_no_norm,
                    t.get("title") or c.title, t.get("issuer"), t.get("date"),
                    statuses.get(subject))
            link.places.append({"doc_id": doc_id, "block_id": c.block_id, "start": c.start,
                                "end_block_id": c.end_block_id, "end": c.end})
        rels = self.doc_relations(doc_id)
        for r in rels:
            t = targets.get(r.target_key, {})
            group = t.get("doc_id") or canon_of.get(r.target_key, r.target_key)
            link = by_key.get(group)
            if link is None:
                continue
            link.kinds.append(r.kind)
            if _KIND_ORDER[r.kind] < min((_KIND_ORDER[k] for k in link.kinds[:-1]), default=9):
                link.sentence, link.block_id, link.confidence = r.sentence, r.block_id, r.confidence
        for link in by_key.values():
            link.kinds.sort(key=lambda k: _KIND_ORDER[k])
        cites = sorted(by_key.values(), key=lambda lk: (_KIND_ORDER[lk.kinds[0]] if lk.kinds else 9,
                                                        lk.places[0]["block_id"] if lk.places else ""))
        # incoming
        cited_by = self._cited_by(doc_id, day)
        return {"document": doc, "status": self.status(doc_id, day), "term": self.doc_term(doc_id),
                "cites": cites, "cited_by": cited_by,
                "relations": [r for r in rels if r.kind != "cites"]}

    def _canonical(self, key: str) -> str:
        row = self.db.execute("SELECT canonical FROM ref_keys WHERE key = ?", [key]).fetchone()
        return row[0] if row else key

    def _status_rows(self, subjects: list[str], day: _dt.date) -> dict[str, Status]:
        subjects = sorted(set(subjects))
        out: dict[str, Status] = {}
        stale = []
        for i in range(0, len(subjects), 500):
            chunk = subjects[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._rows(f"SELECT * FROM doc_status WHERE subject IN ({marks})", chunk):
                if r["computed_on"] == day.isoformat():
                    out[r["subject"]] = _status_from(r)
                else:
                    stale.append(r["subject"])
        if stale:
            graph, statuses = self._derived(day)
            out.update({s: statuses[s] if s in statuses else graph.statuses(day, [s])[s]
                        for s in stale})
        return out

    def _cited_by(self, doc_id: str, day: _dt.date) -> list[RefLink]:
        """Documents of the library that cite ``doc_id``, strongest relation first."""
        links: dict[str, RefLink] = {}
        for r in self._rows(
                'SELECT c.doc_id, c.block_id, c.start, c.end_block_id, c."end", d.title, '
                "d.doc_no_norm, d.issuers, d.date FROM citations c "
                "JOIN ref_keys k ON k.key = c.key JOIN documents d ON d.id = c.doc_id "
                "WHERE k.subject = ? AND c.doc_id != ? ORDER BY c.doc_id, c.ord",
                [doc_id, doc_id]):
            link = links.get(r["doc_id"])
            if link is None:
                link = links[r["doc_id"]] = RefLink(
                    r["doc_id"], r["doc_id"], r["doc_no_norm"], r["title"],
                    "、".join(json.loads(r["issuers"] or "[]")), r["date"], None)
            link.places.append({"doc_id": r["doc_id"], "block_id": r["block_id"],
                                "start": r["start"], "end_block_id": r["end_block_id"],
                                "end": r["end"]})
        for r in self._rows(
                "SELECT r.* FROM relations r JOIN ref_keys k ON k.key = r.target_key "
                "WHERE k.subject = ? AND r.doc_id != ? ORDER BY r.doc_id, r.ord",
                [doc_id, doc_id]):
            link = links.get(r["doc_id"])
            if link is None:
                continue
            if r["kind"] not in link.kinds:
                link.kinds.append(r["kind"])
            best = min((_KIND_ORDER[k] for k in link.kinds if k != r["kind"]), default=9)
            if _KIND_ORDER[r["kind"]] <= best:
                link.sentence, link.block_id, link.confidence = (r["sentence"], r["block_id"],
                                                                 r["confidence"])
        statuses = self._status_rows(list(links), day)
        for link in links.values():
            link.kinds.sort(key=lambda k: _KIND_ORDER[k])
            link.status = statuses.get(link.doc_id or "")
        return sorted(links.values(), key=lambda lk: (_KIND_ORDER[lk.kinds[0]] if lk.kinds else 9,
                                                      (lk.date or ""), lk.doc_id))

    # -- cited documents ----------------------------------------------------------------
    def cited_documents(self, include_library: bool = False,
                        today: _dt.date | str | None = None) -> list[tuple[CitedDoc, Status | None]]:
        """Cited documents, most cited first; without ``include_library`` only those that are
        not in the library."""
        sql = "SELECT * FROM cited_docs"
        if not include_library:
            sql += " WHERE doc_id IS NULL"
        found = [CitedDoc(r["key"], r["doc_no"], r["title"], r["agency"], r["issuer"],
                          r["doc_id"], r["cite_count"], json.loads(r["citing_docs"]))
                 for r in self._rows(sql)]
        found.sort(key=lambda c: (-c.cite_count, -len(c.citing_docs), c.key))
        statuses = self._status_rows([c.doc_id or c.key for c in found], as_date(today))
        return [(c, statuses.get(c.doc_id or c.key)) for c in found]

    def cited_doc(self, key: str) -> CitedDoc | None:
        found = self._rows("SELECT * FROM cited_docs WHERE key = ?", [self._canonical(key)])
        if not found:
            return None
        r = found[0]
        return CitedDoc(r["key"], r["doc_no"], r["title"], r["agency"], r["issuer"], r["doc_id"],
                        r["cite_count"], json.loads(r["citing_docs"]))

    def citing_places(self, key: str) -> list[dict]:
        """Every place that cites a cited document (by any of its keys)."""
        canonical = self._canonical(key)
        return self._rows(
            'SELECT c.doc_id, c.block_id, c.start, c.end_block_id, c."end", c.text, '
            "d.title AS doc_title, d.doc_no AS doc_no, d.doc_no_norm AS doc_no_norm FROM citations c "
            "JOIN ref_keys k ON k.key = c.key JOIN documents d ON d.id = c.doc_id "
            "WHERE k.canonical = ? ORDER BY c.doc_id, c.ord", [canonical])


@dataclass
class Changed:
    """Documents added or removed, and the keys they cite or name in relations (read before
    a removal): what an incremental :meth:`RefStore.refresh_refs` starts from."""

    doc_ids: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)


# -- rows ----------------------------------------------------------------------------------
_CITES_SELECT = ('SELECT doc_id, key, doc_no_norm, title, agency, block_id, start, '
                 'end_block_id, "end" FROM citations')
_CITED_INSERT = ("INSERT INTO cited_docs(key, doc_no, title, agency, issuer, doc_id, "
                 "cite_count, citing_docs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _cited_row(c: CitedDoc) -> tuple:
    return (c.key, c.doc_no, c.title, c.agency, c.issuer, c.doc_id, c.cite_count,
            rows.dumps(c.citing_docs))


def _citation_row(c: Citation) -> dict:
    return {"id": f"{c.doc_id}-c{c.ordinal:03d}", "doc_id": c.doc_id, "ord": c.ordinal,
            "block_id": c.block_id, "start": c.start, "end_block_id": c.end_block_id,
            "end": c.end, "doc_no": c.doc_no, "doc_no_norm": c.doc_no_norm, "agency": c.agency,
            "title": c.title, "key": c.key, "text": c.text}


def _citation_from(r: dict) -> Citation:
    return Citation(r["doc_id"], r["ord"], r["block_id"], r["start"], r["end_block_id"],
                    r["end"], r["doc_no"], r["doc_no_norm"], r["agency"], r["title"], r["key"],
                    r["text"])


def _relation_row(x: Relation) -> dict:
    return {"id": f"{x.doc_id}-r{x.ordinal:03d}", "doc_id": x.doc_id, "ord": x.ordinal,
            "kind": x.kind, "target_key": x.target_key, "target_doc_no": x.target_doc_no,
            "target_title": x.target_title, "sentence": x.sentence, "block_id": x.block_id,
            "confidence": x.confidence, "date": x.date}


def _relation_from(r: dict) -> Relation:
    return Relation(r["doc_id"], r["ord"], r["kind"], r["target_key"], r["target_doc_no"],
                    r["target_title"], r["sentence"], r["block_id"], r["confidence"], r["date"])


def _term_row(t: Term) -> dict:
    return {"doc_id": t.doc_id, "effective": t.effective, "effective_text": t.effective_text,
            "effective_block": t.effective_block, "expires": t.expires,
            "term_years": t.term_years, "expires_text": t.expires_text,
            "expires_block": t.expires_block}


def _status_row(s: Status, doc_id: str | None, day: _dt.date) -> dict:
    return {"subject": s.subject, "doc_id": doc_id, "status": s.status, "reason": s.reason,
            "sentence": s.sentence, "block_id": s.block_id, "by_doc_id": s.by_doc_id,
            "since": s.since, "kind": s.kind, "amended_by": rows.dumps(s.amended_by),
            "pending": s.pending, "computed_on": day.isoformat()}


def _status_from(r: dict) -> Status:
    return Status(r["subject"], r["status"], r["reason"], r["sentence"], r["block_id"],
                  r["by_doc_id"], r["since"], r["kind"], json.loads(r["amended_by"]),
                  r["pending"])


__all__ = ["RefStore", "DigestQueries", "RefLink", "Changed", "REFS_VERSION", "key_is_title"]


class DigestQueries(StorePart):
    """What 本期概要 needs of an issue besides its documents (kept apart from RefStore)."""

    def issue_relations(self, issue_id: str, min_confidence: float = 0.7) -> list[dict]:
        """Repeals, replacements and amendments said by an issue's documents, with what they
        name (``target_doc_id`` when it is in the library)."""
        return self._rows(
            "SELECT r.doc_id, r.kind, r.target_key, r.target_doc_no, r.target_title, r.sentence, "
            "r.block_id, r.confidence, r.date, k.subject, d.title AS source_title, "
            "d.doc_no_norm AS source_doc_no, t.id AS target_doc_id, t.title AS target_doc_title, "
            "t.doc_no_norm AS target_doc_no_norm FROM relations r "
            "JOIN documents d ON d.id = r.doc_id "
            "LEFT JOIN ref_keys k ON k.key = r.target_key "
            "LEFT JOIN documents t ON t.id = k.subject "
            "WHERE d.issue_id = ? AND r.kind IN ('repeals', 'replaces', 'amends') "
            "AND r.confidence >= ? ORDER BY d.ord, r.ord", [issue_id, min_confidence])

    def issue_unit_counts(self, issue_id: str) -> list[dict]:
        """Tasks of an issue per unit (canonical name): those naming it lead, support,
        responsible (责任单位: neither), and in all; most first. Each counts tasks once (two
        printed names of one unit in a task are one)."""
        return self._rows(
            "SELECT u.canonical AS unit, "
            "count(DISTINCT CASE WHEN u.role = 'lead' THEN u.task_id END) AS lead, "
            "count(DISTINCT CASE WHEN u.role = 'support' THEN u.task_id END) AS support, "
            "count(DISTINCT CASE WHEN u.role = 'responsible' THEN u.task_id END) AS responsible, "
            "count(DISTINCT u.task_id) AS total FROM task_units u "
            "JOIN tasks t ON t.id = u.task_id JOIN documents d ON d.id = t.doc_id "
            "WHERE d.issue_id = ? GROUP BY u.canonical ORDER BY total DESC, u.canonical",
            [issue_id])

    def issue_counts(self, issue_id: str) -> dict:
        def one(sql: str) -> int:
            return self.db.execute(sql, [issue_id]).fetchone()[0]

        docs = "SELECT id FROM documents WHERE issue_id = ?"
        return {"tasks": one(f"SELECT count(*) FROM tasks WHERE doc_id IN ({docs})"),
                "tables": one(f"SELECT count(*) FROM doc_tables WHERE doc_id IN ({docs})"),
                "citations": one(f"SELECT count(*) FROM citations WHERE doc_id IN ({docs})")}

    def issue_tables(self, issue_id: str) -> list[dict]:
        return self._rows(
            "SELECT t.id, t.doc_id, t.caption, t.row_count, t.first_page, d.title AS doc_title "
            "FROM doc_tables t JOIN documents d ON d.id = t.doc_id WHERE d.issue_id = ? "
            "ORDER BY d.ord, t.ord", [issue_id])
