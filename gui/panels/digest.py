"""本期概要, shown in the centre when an issue is selected in the tree: the issue's documents
by 文种 (with their status), what they repeal or amend, the new tasks per unit and the new
tables; 导出 PDF writes it as one page (on the serial pool).

Signals: ``openDocument(doc_id, block_id)``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..models.relations import doc_label, status_colors


def _esc(text) -> str:
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def digest_html(d) -> str:
    """The digest as HTML for the page (links ``doc:ID#BLOCK`` open documents)."""
    c = d.counts
    out = [f"<h2 style='margin-bottom:2px'>{_esc(d.issue['label'])} 本期概要</h2>",
           f"<p style='color:#666'>文件 {c['documents']} 件 · 任务 {c['tasks']} 项 · "
           f"表格 {c['tables']} 张 · 引用 {c['citations']} 处 · 效力截至 {d.today}</p>",
           "<h3>本期文件（按文种）</h3>"]
    for group in d.by_type:
        out.append(f"<p style='margin:6px 0 2px 0'><b>{_esc(group['type'])}</b>"
                   f"（{len(group['documents'])} 件）</p><ul style='margin-top:0'>")
        for doc in group["documents"]:
            fg, bg = status_colors(doc["status"])
            badge = "" if doc["status"] in (None, "现行有效") else (
                f" <span style='background:{bg};color:{fg}'>&nbsp;{doc['status']}&nbsp;</span>")
            out.append(f"<li><a href='doc:{doc['id']}'>{_esc(doc_label(doc['title'], doc['doc_no']))}"
                       f"</a>{badge}</li>")
        out.append("</ul>")
    out.append("<h3>废止、修改的文件</h3>")
    if not d.changes:
        out.append("<p style='color:#777'>本期文件未废止或修改其他文件。</p>")
    else:
        out.append("<ul>")
        for ch in d.changes:
            target = _esc(doc_label(ch["target_title"], ch["target_doc_no"]) or ch["target_key"])
            if ch["in_library"]:
                target = f"<a href='doc:{ch['target_doc_id']}'>{target}</a>"
            else:
                target += "<span style='color:#888'>（不在资料库中）</span>"
            when = f"，自 {ch['date']} 起" if ch["date"] else ""
            out.append(f"<li><a href='doc:{ch['doc_id']}#{ch['block_id']}'>"
                       f"{_esc(ch['doc_no'] or ch['doc_title'])}</a> <b>{ch['kind_zh']}</b> "
                       f"{target}{when}<br><span style='color:#555'>“{_esc(ch['sentence'])}”"
                       "</span></li>")
        out.append("</ul>")
    out.append("<h3>新增任务（按单位）</h3>")
    if not d.units:
        out.append("<p style='color:#777'>本期没有分工任务。</p>")
    else:
        out.append("<table cellspacing='0' cellpadding='3' border='1' style='border-color:#ccc'>"
                   "<tr><th>单位</th><th>任务</th><th>牵头</th><th>配合</th>"
                   "<th>责任</th></tr>")
        for u in d.units[:40]:
            out.append(f"<tr><td>{_esc(u['unit'])}</td><td align='right'>{u['total']}</td>"
                       f"<td align='right'>{u['lead']}</td><td align='right'>{u['support']}</td>"
                       f"<td align='right'>{u['responsible']}</td></tr>")
        out.append("</table>")
        if len(d.units) > 40:
            out.append(f"<p style='color:#777'>……另有 {len(d.units) - 40} 个单位</p>")
    out.append("<h3>新增表格</h3>")
    if not d.tables:
        out.append("<p style='color:#777'>本期没有表格。</p>")
    else:
        out.append("<ul>")
        for t in d.tables:
            out.append(f"<li><a href='doc:{t['doc_id']}'>{_esc(t['caption'] or '（无标题表格）')}</a>"
                       f"（{t['row_count']} 行）<span style='color:#777'> — {_esc(t['doc_title'])}"
                       "</span></li>")
        out.append("</ul>")
    return "".join(out)


class DigestPage(QWidget):
    openDocument = Signal(str, str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("digestPage")
        self.ctx = ctx
        self.digest = None
        self.issue_id: str | None = None
        self.today = None                 # tests set a day; None = today
        self.job = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("digestTitle")
        bar.addWidget(self.title, 1)
        self.export_btn = QPushButton("导出 PDF（一页）…")
        self.export_btn.clicked.connect(self.ask_export)
        bar.addWidget(self.export_btn)
        lay.addLayout(bar)
        self.view = QTextBrowser()
        self.view.setObjectName("digestView")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._link)
        lay.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

    def show_issue(self, issue_id: str) -> None:
        from core.digest import build_digest

        self.issue_id = issue_id
        self.digest = build_digest(self.ctx.library, issue_id, self.today)
        self.title.setText(f"<b>{_esc(self.digest.issue['label'])}</b>　本期概要")
        self.view.setHtml(digest_html(self.digest))
        self.status.setText("")

    def refresh(self) -> None:
        if self.issue_id is None:
            return
        try:
            self.show_issue(self.issue_id)
        except Exception:  # noqa: BLE001 - the issue was removed meanwhile
            self.issue_id, self.digest = None, None
            self.view.clear()

    def _link(self, url) -> None:
        href = url.toString()
        if href.startswith("doc:"):
            doc_id, _, block = href[4:].partition("#")
            self.openDocument.emit(doc_id, block)

    def ask_export(self) -> None:
        if self.digest is None:
            return
        from ..folders import EXPORT, remember, start_path

        settings = self.ctx.settings
        default = start_path(settings, EXPORT, f"{self.digest.issue['label']}本期概要.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "导出本期概要", default, "PDF 文件 (*.pdf)")
        if path:
            remember(settings, EXPORT, path)
            self.export(path)

    def export(self, path: str):
        """Write the one-page PDF on the serial pool; returns the job."""
        from core.digest import digest_pdf

        digest = self.digest
        if not path.lower().endswith(".pdf"):
            path += ".pdf"

        def work(wctx, progress, cancel):
            return digest_pdf(digest, path)

        from ..ops import run_op

        self.status.setText("正在导出……")
        self.job = run_op(self.ctx.jobs, work, "导出本期概要",
                          on_success=lambda r: self.status.setText(f"已导出：{r[0]}"),
                          on_failure=lambda m: self.status.setText(f"导出失败：{m}"))
        return self.job


__all__ = ["DigestPage", "digest_html"]
