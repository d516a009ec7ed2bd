"""The library tree: 年 → 期 → 文件 (文号 + 标题, 批注 count) → 标题层级, loaded lazily per level."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from core.refs import has_status

from ..plaintext import tip
from . import DOC_ROLE, ID_ROLE, KIND_ROLE

if TYPE_CHECKING:
    from core.store import Library

Index = QModelIndex | QPersistentModelIndex


class Node:
    __slots__ = ("kind", "id", "text", "tip", "parent", "children", "loaded", "doc_id", "row",
                 "payload")

    def __init__(self, kind: str, id: str, text: str, parent: Node | None, tip: str = "",
                 doc_id: str | None = None, payload=None):
        self.kind, self.id, self.text, self.tip = kind, id, text, tip
        self.parent = parent
        self.children: list[Node] = []
        self.loaded = False
        self.doc_id = doc_id
        self.row = 0
        self.payload = payload


COUNT_ROLE = Qt.ItemDataRole.UserRole + 7     # a document's number of annotations
STATUS_ROLE = Qt.ItemDataRole.UserRole + 8    # a document's status (效力), see core/refs.py
KEEP_ROLE = Qt.ItemDataRole.UserRole + 9      # the end of a label never elided (a 文号)
_BADGES: dict[int, QPixmap] = {}


def count_badge(n: int) -> QPixmap:
    """A small amber badge with the number of annotations (before the document's name);
    every count from 100 on shares one (99+): the cache holds at most 100 badges."""
    n = min(n, 100)
    if n not in _BADGES:
        text = str(n) if n < 100 else "99+"
        pm = QPixmap(22 if n < 10 else 28, 16)
        pm.fill(QColor(0, 0, 0, 0))
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#e0a800"))
        p.drawRoundedRect(QRectF(0.5, 0.5, pm.width() - 1, 15), 7, 7)
        font = QFont()
        font.setPixelSize(11)
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("#ffffff"))
        p.drawText(QRectF(0, 0, pm.width(), 16), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        _BADGES[n] = pm
    return _BADGES[n]


def joined_badges(first: QPixmap, second: QPixmap | None) -> QPixmap:
    """Two badges side by side (status, then the annotation count)."""
    if second is None:
        return first
    pm = QPixmap(first.width() + 3 + second.width(), max(first.height(), second.height()))
    pm.fill(QColor(0, 0, 0, 0))
    p = QPainter(pm)
    p.drawPixmap(0, 0, first)
    p.drawPixmap(first.width() + 3, 0, second)
    p.end()
    return pm


SHELF_GROUPS = (("bookmarks", "收藏"), ("recent", "最近打开"))
_PLACE = re.compile(r"^(.+?(?:自治州|[省市县区旗盟]))")
_WRAPPERS = ("印发", "转发", "批转")


def short_title(doc) -> str:
    """The distinctive part of a document's title, for a narrow tree.

    Drops the issuer (``许昌市人民政府关于…``), ``关于``, the ``印发…的通知`` wrapper of a
    印发/转发 notice (keeping the enclosed text's title, without 《》) and the issuer's place
    before the rest (``许昌市“十四五”…规划`` → ``“十四五”…规划``). A title that would become
    too short to mean anything (``开封市人民政府令``) stays whole.
    """
    title = " ".join(doc.title.split())
    rest = title
    for issuer in sorted(doc.issuers, key=len, reverse=True):
        if issuer and rest.startswith(issuer):
            rest = rest[len(issuer):]
            break
    rest = rest.removeprefix("关于")
    for verb in _WRAPPERS:
        if rest.startswith(verb) and rest.endswith("的通知"):
            rest = rest[len(verb):-len("的通知")]
            if rest.startswith("《") and rest.endswith("》"):
                rest = rest[1:-1]
            break
    for issuer in doc.issuers:
        place = _PLACE.match(issuer)
        if place and rest.startswith(place.group(1)):
            after = rest[len(place.group(1)):]
            if not after.startswith(("人民政府", "人民代表大会", "政府")):
                rest = after
            break
    rest = rest.strip()
    return rest if len(rest) >= 4 else title


def section_label(numbering: str, title: str) -> str:
    """``一、总体要求``, ``专栏 2  2023 年…``, ``附件 1  许昌市…``: numbering and title apart
    unless the numbering ends with its own punctuation (、．. ）)."""
    numbering, title = (numbering or "").strip(), (title or "").strip()
    if not numbering:
        return title
    if not title:
        return numbering
    if numbering[-1] in "、．.）)〕】:：":
        return f"{numbering}{title}"
    return f"{numbering}  {title}"


def doc_label(doc) -> str:
    """``short title  文号``: what tells two documents of an issue apart comes first."""
    no = doc.doc_no.printed if doc.doc_no else ""
    short = short_title(doc)
    return f"{short}  {no}" if no else short


def doc_tip(doc) -> str:
    """The tooltip: the full title, then 文号 and 发文机关."""
    no = doc.doc_no.printed if doc.doc_no else ""
    who = "、".join(doc.issuers)
    return "\n".join(x for x in (doc.title, f"{no}  {who}".strip()) if x)


class LibraryTreeModel(QAbstractItemModel):
    """Years and issues load at :meth:`reload`; documents and sections when expanded."""

    def __init__(self, library: Library, parent=None):
        super().__init__(parent)
        self.library = library
        self.counts: dict[str, int] = {}        # document id -> annotations
        self.shelf: dict[str, list] | None = None   # 收藏 / 最近打开, when the window shows them
        self.root = Node("root", "", "", None)
        self._by_id: dict[str, Node] = {}
        self.reload()

    # -- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self.root = Node("root", "", "", None)
        self.root.loaded = True
        self._by_id = {}
        self.counts = self._counts()
        self.statuses = self._statuses()
        years: dict[str, Node] = {}
        for issue in self.library.issues():
            key = f"{issue.year}年" if issue.year else "年份不详"
            ynode = years.get(key)
            if ynode is None:
                ynode = years[key] = self._add(self.root, Node("year", key, key, self.root))
                ynode.loaded = True
            num = (f"第{issue.number}{issue.number_unit or '期'}" if issue.number
                   else issue.source_name)
            if issue.kind == "single":      # one document: its name says what it is
                text = issue.label
            else:
                text = f"{num}  {issue.gazette}" if issue.gazette else num
            self._add(ynode, Node("issue", issue.id, text, ynode, tip=issue.label,
                                  payload=issue))
        for key, title in SHELF_GROUPS if self.shelf is not None else ():
            group = Node("shelf", f"shelf:{key}", title, self.root)
            group.row, group.loaded = len(self.root.children), True
            self.root.children.append(group)
            self._by_id[group.id] = group
            group.children = self._shelf_nodes(group, self.shelf.get(key, []))
        self.endResetModel()

    # -- 收藏 and 最近打开 (the window's, below the years) --------------------------------
    def enable_shelf(self, bookmarks: list, recent: list) -> None:
        """Show 收藏 and 最近打开 after the years: entries ``(label, doc_id, block_id)``."""
        self.shelf = {"bookmarks": list(bookmarks), "recent": list(recent)}
        self.reload()

    def set_shelf(self, key: str, entries: list) -> None:
        """Replace the entries of one group (``bookmarks`` or ``recent``) in place."""
        if self.shelf is None:
            return
        self.shelf[key] = list(entries)
        group = next((n for n in self.root.children if n.id == f"shelf:{key}"), None)
        if group is None:
            return
        parent = self.createIndex(group.row, 0, group)
        if group.children:
            self.beginRemoveRows(parent, 0, len(group.children) - 1)
            group.children = []
            self.endRemoveRows()
        nodes = self._shelf_nodes(group, entries)
        if nodes:
            self.beginInsertRows(parent, 0, len(nodes) - 1)
            group.children = nodes
            self.endInsertRows()

    @staticmethod
    def _shelf_nodes(group: Node, entries: list) -> list[Node]:
        out = []
        for i, (label, doc_id, block_id) in enumerate(entries):
            n = Node("bookmark", f"{group.id}:{i}", label, group, tip=label, doc_id=doc_id,
                     payload=block_id or None)
            n.row, n.loaded = i, True
            out.append(n)
        return out

    def _counts(self) -> dict[str, int]:
        return self.library.annotation_counts()

    def _statuses(self) -> dict:
        """Document id → status (效力), for the badge and the greyed 已废止/已到期."""
        return self.library.status_map()

    def refresh_counts(self) -> None:
        """Re-read the annotation count of every document; repaint the ones that changed."""
        old, self.counts = self.counts, self._counts()
        for doc_id in set(old) | set(self.counts):
            node = self._by_id.get(doc_id)
            if old.get(doc_id) != self.counts.get(doc_id) and node is not None:
                index = self.createIndex(node.row, 0, node)
                self.dataChanged.emit(index, index)

    def _add(self, parent: Node, node: Node) -> Node:
        node.row = len(parent.children)
        parent.children.append(node)
        self._by_id[node.id] = node
        return node

    def _load_children(self, node: Node) -> list[Node]:
        out: list[Node] = []
        if node.kind == "issue":
            for doc in self.library.documents(node.id):
                out.append(Node("document", doc.id, doc_label(doc), node, tip=doc_tip(doc),
                                doc_id=doc.id, payload=doc))
        elif node.kind == "document":
            secs = self.library.sections(node.id)
            by_parent: dict[str | None, list] = {}
            for s in secs:
                by_parent.setdefault(s.parent_id, []).append(s)
            known = {s.id for s in secs}

            def build(parent_node: Node, parent_id: str | None) -> list[Node]:
                kids = []
                for s in by_parent.get(parent_id, []):
                    text = section_label(s.numbering, s.title)
                    n = Node("section", s.id, text, parent_node, tip=text, doc_id=node.id,
                             payload=s)
                    n.children = build(n, s.id)
                    for i, c in enumerate(n.children):
                        c.row = i
                    n.loaded = True
                    kids.append(n)
                return kids

            roots = [s for s in secs if s.parent_id is None or s.parent_id not in known]
            by_parent[None] = roots
            out = build(node, None)
        return out

    def canFetchMore(self, parent: Index) -> bool:
        node = self.node(parent)
        return not node.loaded

    def fetchMore(self, parent: Index) -> None:
        node = self.node(parent)
        if node.loaded:
            return
        kids = self._load_children(node)
        node.loaded = True
        if not kids:
            return
        self.beginInsertRows(parent, 0, len(kids) - 1)
        for i, k in enumerate(kids):
            k.row = i
        node.children = kids
        self._register(kids)
        self.endInsertRows()

    def _register(self, nodes: list[Node]) -> None:
        for n in nodes:
            self._by_id[n.id] = n
            self._register(n.children)

    # -- Qt model API --------------------------------------------------------------------
    def node(self, index: Index) -> Node:
        if index.isValid():
            return index.internalPointer()
        return self.root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        pnode = self.node(parent)
        if row >= len(pnode.children):
            return QModelIndex()
        return self.createIndex(row, 0, pnode.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: Node = index.internalPointer()
        p = node.parent
        if p is None or p is self.root:
            return QModelIndex()
        return self.createIndex(p.row, 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        node = self.node(parent)
        if node.kind in ("issue", "document") and not node.loaded:
            return True
        return bool(node.children)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        n = self.counts.get(node.id, 0) if node.kind == "document" else 0
        st = self.statuses.get(node.id) if node.kind == "document" and \
            has_status(node.payload) else None
        if role == STATUS_ROLE:
            return st.status if st is not None else None
        if st is not None and st.status != "现行有效" and role in (
                Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.ToolTipRole):
            # the 效力 badge (with the annotation count), 已废止/已到期 greyed
            from .relations import GREYED, status_badge

            if role == Qt.ItemDataRole.DecorationRole:
                return joined_badges(status_badge(st.status), count_badge(n) if n else None)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#9e9e9e") if st.status in GREYED else None
            return tip((node.tip or node.text) + f"\n{st.status}：{st.reason}" + (
                f"\n{n} 条批注" if n else ""))
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text
        if role == Qt.ItemDataRole.DecorationRole and n:
            return count_badge(n)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip((node.tip or node.text) + (f"\n{n} 条批注" if n else ""))
        if role == COUNT_ROLE:
            return n
        if role == KEEP_ROLE:
            doc = node.payload if node.kind == "document" else None
            no = doc.doc_no.printed if doc is not None and doc.doc_no else ""
            return no if no and node.text.endswith(no) else None
        if role == ID_ROLE:
            return node.id
        if role == KIND_ROLE:
            return node.kind
        if role == DOC_ROLE:
            return node.doc_id
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "资料库"
        return None

    def flags(self, index: Index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- lookups ------------------------------------------------------------------------
    def index_of(self, node_id: str, doc_id: str | None = None) -> QModelIndex:
        """The index of a document or section id, loading the levels above it as needed."""
        if node_id not in self._by_id and doc_id:
            if doc_id not in self._by_id:
                try:
                    issue_id = self.library.document(doc_id).issue_id
                except Exception:  # noqa: BLE001 - a document removed meanwhile
                    return QModelIndex()
                inode = self._by_id.get(issue_id)
            else:
                inode = None
            if inode is not None:
                self.fetchMore(self.createIndex(inode.row, 0, inode))
            dnode = self._by_id.get(doc_id)
            if dnode is not None and node_id != doc_id:
                self.fetchMore(self.createIndex(dnode.row, 0, dnode))
        node = self._by_id.get(node_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)
