"""Unit names (责任单位): splitting printed lists and mapping names to canonical ones.

The canonical name of a unit drops the city name (许昌市财政局 → 市财政局, 郑州市财政局 →
市财政局) and then goes through the editable alias file ``resources/unit_aliases.txt``
(国家税务总局许昌市税务局 ≡ 市税务局, 市发改委 ≡ 市发展和改革委员会), so the units of any city
work without code changes. The same file is the list of known units that keeps names such as
市文化广电和旅游局 whole when a list is split on 和 / 及.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import resources_dir

ALIAS_FILE = "unit_aliases.txt"

# What the name of an office, a government or an organisation ends with.
UNIT_SUFFIXES = (
    "委员会", "管委会", "办公室", "领导小组", "指挥部", "人民政府", "政府", "总局", "分局",
    "局", "委", "办", "厅", "部", "中心", "法院", "检察院", "院", "所", "会", "公司", "集团",
    "支队", "大队", "队", "处", "站", "社", "馆", "署", "行", "联", "单位", "部门", "机关",
    "海关", "台", "小组", "机构",
    "（市、区）", "(市、区)",
)
# How the second half of "A和B" must start to be a unit of its own.
UNIT_PREFIX = re.compile(r"^(?:[市县区省州镇乡]|各|中共|国家|共青团|团[市县区]|自治区|[\u4e00-\u9fff]{1,6}[市县区省])")
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(s) for s in UNIT_SUFFIXES) + r")$")
_CITY = re.compile(r"^(?!市)[\u4e00-\u9fff]{1,6}?市(?=[\u4e00-\u9fff])")
_BAD_CHARS = re.compile(r"[。；;：:！？“”《》\d]")
# Tails that follow a unit name inside a list: "各县（市、区）政府按职责抓好落实".
_TAIL = re.compile(r"(?:按(?:照)?职责(?:分工)?.*|分别负责.*|负责.*|抓好落实.*|共同.*|具体.*|等(?:部门|单位)?)$")
_SEPARATORS = "、，,；;/／"
_OPEN, _CLOSE = "（(〔[【", "）)〕]】"


def fold(text: str) -> str:
    """Half-width letters/digits, no spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", text)


def looks_like_unit(name: str) -> bool:
    """True when ``name`` reads as the name of one unit (ends with 局, 委员会, 政府 ...)."""
    name = fold(name)
    if not 2 <= len(name) <= 32 or _BAD_CHARS.search(name) or "的" in name:
        return False
    # 各县〔市、区〕人民政府〔管委会〕: a bracketed alternative after the name.
    bare = re.sub(r"[（〔(][^（〔(）〕)]*[）〕)]$", "", name)
    return bool(_SUFFIX_RE.search(name) or (bare != name and _SUFFIX_RE.search(bare)))


@dataclass
class UnitAliases:
    """The alias table: canonical name → aliases, with ``*`` wildcards for place names."""

    exact: dict[str, str] = field(default_factory=dict)       # folded alias → canonical
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)
    known: set[str] = field(default_factory=set)               # folded canonical names

    @classmethod
    def parse(cls, text: str) -> UnitAliases:
        table = cls()
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            canonical, _, rest = line.partition("=")
            canonical = fold(canonical)
            if not canonical:
                continue
            table.known.add(canonical)
            table.exact[canonical] = canonical
            for alias in rest.replace("｜", "|").split("|"):
                alias = fold(alias)
                if not alias:
                    continue
                if "*" in alias:
                    rx = "".join(r"[\u4e00-\u9fff]{1,8}?" if part == "*" else re.escape(part)
                                 for part in re.split(r"(\*)", alias))
                    table.patterns.append((re.compile(rx + "$"), canonical))
                else:
                    table.exact[alias] = canonical
        return table

    @classmethod
    def load(cls, path: str | Path | None = None) -> UnitAliases:
        path = Path(path) if path else resources_dir() / ALIAS_FILE
        try:
            return cls.parse(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()

    def canonical(self, name: str) -> str:
        """The canonical name of a unit as printed (the folded name when nothing is known)."""
        name = fold(name)
        for candidate in (name, _strip_city(name)):
            if candidate in self.exact:
                return self.exact[candidate]
            for rx, canonical in self.patterns:
                if rx.fullmatch(candidate):
                    return canonical
        return _strip_city(name)

    def is_known(self, name: str) -> bool:
        name = fold(name)
        return name in self.exact or _strip_city(name) in self.exact or any(
            rx.fullmatch(name) for rx, _ in self.patterns)

    def split(self, text: str) -> list[str]:
        """Split a printed list of units on 、，,；和 及 (never inside brackets or a known name).

        Each unit keeps its printed form (spaces removed); tails such as 按职责抓好落实 go.
        """
        out: list[str] = []
        for piece in split_outside(text):
            piece = _clean_piece(piece)
            if not piece:
                continue
            for unit in self._split_and(piece):
                unit = _clean_piece(unit)
                if unit and unit not in out:
                    out.append(unit)
        return out

    def _split_and(self, piece: str) -> list[str]:
        if self.is_known(piece) or not re.search("[和及与]", piece):
            return [piece]
        for m in re.finditer("[和及与]", piece):
            left, right = piece[:m.start()], piece[m.end():]
            if not left or not right:
                continue
            right_ok = self.is_known(right) or (UNIT_PREFIX.match(right) and looks_like_unit(right))
            left_ok = self.is_known(left) or looks_like_unit(left)
            if left_ok and (right_ok or UNIT_PREFIX.match(right)):
                return [left, *self._split_and(right)]
        return [piece]


def _strip_city(name: str) -> str:
    name = re.sub(r"^中共", "", name)
    return _CITY.sub("市", name, count=1)


def _clean_piece(piece: str) -> str:
    piece = fold(piece).strip("。．.：:")
    piece = re.sub(r"^(?:由|和|及|以及|会同)", "", piece)
    stripped = _TAIL.sub("", piece)
    if stripped and stripped != piece and (looks_like_unit(stripped) or len(stripped) >= 2):
        piece = stripped
    return piece


def split_outside(text: str, seps: str = _SEPARATORS) -> list[str]:
    """Split on any of ``seps`` outside brackets (（市、区） stays whole); parts are stripped."""
    parts, depth, buf = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]


@lru_cache(maxsize=1)
def default_aliases() -> UnitAliases:
    """The alias table from ``resources/unit_aliases.txt`` (read once per process)."""
    return UnitAliases.load()
