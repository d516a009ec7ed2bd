"""Unit names (责任单位): splitting printed lists and mapping names to canonical ones.

The canonical name of a unit drops the city name (许昌市财政局 → 市财政局, 郑州市财政局 →
市财政局) and then goes through the editable alias file ``resources/unit_aliases.txt``
(国家税务总局许昌市税务局 ≡ 市税务局, 市发改委 ≡ 市发展和改革委员会), so the units of any city
work without code changes. The same file is the list of known units that keeps names such as
市文化广电和旅游局 whole when a list is split on 和 / 及.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import resources_dir
from ..textmatch import fold_dense
from .limits import MAX_LIST_CHARS, MAX_LIST_PIECES, MAX_NAME_CHARS, meter

ALIAS_FILE = "unit_aliases.txt"

# What the name of an office, a government or an organisation ends with.
UNIT_SUFFIXES = (
    "委员会", "管委会", "办公室", "领导小组", "指挥部", "人民政府", "政府", "总局", "分局",
    "局", "委", "办", "厅", "部", "中心", "法院", "检察院", "院", "所", "会", "公司", "集团",
    "支队", "大队", "队", "处", "站", "社", "馆", "署", "行", "联", "单位", "部门", "机关",
    "海关", "台", "小组", "机构", "研究室", "政研室", "参事室",
    "（市、区）", "(市、区)",
)
# How the second half of "A和B" must start to be a unit of its own.
UNIT_PREFIX = re.compile(r"^(?:[市县区省州镇乡]|各|中共|国家|共青团|团[市县区]|自治区|[\u4e00-\u9fff]{1,6}[市县区省])")
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(s) for s in UNIT_SUFFIXES) + r")$")
_CITY = re.compile(r"^(?!市)[\u4e00-\u9fff]{1,6}?市(?=[\u4e00-\u9fff])")
_BAD_CHARS = re.compile(r"[。；;：:！？“”《》\d]")
# Words of a sentence, never of a name: 以下任务均需各县〔市、区〕政府〔管委会〕, 技工院校内由……部门.
_NOT_NAME = re.compile(r"以下|以上|均需|均须|均由|均要|需要|应当|要求|确保|按照|其中|有关规定|(?<!自)由")
# Common words that end like a unit but name none (产业布局, 工作部署, 服务平台 ...).
COMMON_WORDS = (
    "布局", "格局", "开局", "结局", "变局", "破局", "部署", "签署", "内部", "外部", "干部",
    "东部", "西部", "中部", "南部", "北部", "顶部", "底部", "头部", "平台", "舞台", "前台",
    "后台", "出台", "机会", "社会", "晚会", "年会", "例会", "体会", "领会", "聚会", "博览会",
    "展会", "交易会", "运动会", "座谈会", "推进会", "现场会", "发布会", "执行", "运行", "进行",
    "实行", "施行", "推行", "发行", "履行", "可行", "同行", "平行", "旅行", "流行", "出行",
    "先行", "试行", "自行", "举行", "通行", "并行", "举办", "创办", "承办", "督办", "主办",
    "兴办", "协办", "包办", "代办", "申办", "筹办", "开办", "查办", "合办", "试办", "照办",
    "场所", "住所", "之处", "好处", "益处", "难处", "用处", "到处", "长处", "短处", "相处",
    "出处", "此处", "团队", "梯队", "关联", "串联", "互联", "失联", "原委")
# 各区、县级市 / 各有关区、县级市 / 各县、市、区: one unit, the 、 inside is not a separator.
_GROUPED = re.compile(r"各(?:有关)?(?:[省市县区州旗][、和及]){1,3}(?:县级市|[省市县区州旗])"
                      r"(?:(?![\u4e00-\u9fff])|(?=人民政府|政府|负责|牵头|配合|参与|按|等|分别|共同|抓好|要))")
_EACH_PLACE = re.compile(r"^各(?:有关)?[\u4e00-\u9fff、（）()〔〕]{0,12}?"
                         r"(?:[省市县区州盟旗]|县级市|乡镇|街道)(?:[（〔(][^（〔()）〕]{1,8}[）〕)])?$")
_KEEP = "\ue000"          # stands for a 、 that does not separate
# Tails that follow a unit name inside a list: "各县（市、区）政府按职责抓好落实".
_TAIL = re.compile(r"(?:按(?:照)?职责(?:分工)?|分别负责|负责|抓好落实|共同|具体|等(?:部门|单位)?$)")
_ALTERNATIVE = re.compile(r"[（〔(][^（〔(）〕)]{0,16}[）〕)]$")
_SEPARATORS = "、，,；;/／"
_CPC = re.compile(r"^中共")
_STAR = re.compile(r"(\*)")
_OPEN, _CLOSE = "（(〔[【", "）)〕]】"


def fold(text: str) -> str:
    """Half-width letters/digits, no spaces, Chinese brackets: the form names are compared in."""
    return fold_dense(text).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=8192)
def looks_like_unit(name: str) -> bool:
    """True when ``name`` reads as the name of one unit (ends with 局, 委员会, 政府 ...)."""
    name = fold(name)
    if not 2 <= len(name) <= MAX_NAME_CHARS or _BAD_CHARS.search(name) or "的" in name \
            or _NOT_NAME.search(name):
        return False
    if _EACH_PLACE.match(name):          # 各省级人民政府 is below; 各区、县级市, 各省（区、市）
        return True
    # 各县〔市、区〕人民政府〔管委会〕: a bracketed alternative after the name.
    bare = _ALTERNATIVE.sub("", name)
    if bare.endswith(COMMON_WORDS) and not (bare != name and _SUFFIX_RE.search(bare)):
        return False
    return bool(_SUFFIX_RE.search(name) or (bare != name and _SUFFIX_RE.search(bare)))


@dataclass
class UnitAliases:
    """The alias table: canonical name → aliases, with ``*`` wildcards for place names."""

    exact: dict[str, str] = field(default_factory=dict)       # folded alias → canonical
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)
    known: set[str] = field(default_factory=set)               # folded canonical names
    _known_cache: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

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
                                 for part in _STAR.split(alias))
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
        known = self._known_cache.get(name)
        if known is None:
            folded = fold(name)
            known = folded in self.exact or _strip_city(folded) in self.exact or any(
                rx.fullmatch(folded) for rx, _ in self.patterns)
            if len(self._known_cache) > 8192:
                self._known_cache.clear()
            self._known_cache[name] = known
        return known

    def split(self, text: str) -> list[str]:
        """Split a printed list of units on 、，,；和 及 (never inside brackets or a known name).

        Each unit keeps its printed form (spaces removed); tails such as 按职责抓好落实 go.
        """
        text = text[:MAX_LIST_CHARS]
        meter.add(len(text))
        text = _GROUPED.sub(lambda m: m[0].replace("、", _KEEP), text)
        out: list[str] = []
        for piece in split_outside(text)[:MAX_LIST_PIECES]:
            piece = _clean_piece(piece.replace(_KEEP, "、"))
            if not piece:
                continue
            for unit in self._split_and(piece):
                unit = _clean_piece(unit)
                if unit and unit not in out:
                    out.append(unit)
        return out

    def _split_and(self, piece: str) -> list[str]:
        """``A和B`` / ``A等和B`` / ``A及B``: two units when both halves are names."""
        out: list[str] = []
        while len(piece) <= MAX_NAME_CHARS * 3 and not self.is_known(piece):
            for m in _AND.finditer(piece):
                left, right = _strip_etc_tail(piece[:m.start()]), piece[m.end():]
                if not left or not right:
                    continue
                left_ok = self.is_known(left) or looks_like_unit(left)
                if left_ok and (self.is_known(right) or UNIT_PREFIX.match(right)
                                or looks_like_unit(right)):
                    out.append(left)
                    piece = right
                    break
            else:
                break
        return [*out, piece]


def _strip_city(name: str) -> str:
    name = _CPC.sub("", name)
    return _CITY.sub("市", name, count=1)


_AND = re.compile("等?[和及与]")
_LEADING = re.compile(r"^(?:由|和|及|以及|会同)")


def _strip_etc_tail(text: str) -> str:
    for tail in ("等有关部门", "等相关部门", "等部门", "等单位", "等"):
        if text.endswith(tail):
            return text[:-len(tail)]
    return text


def _clean_piece(piece: str) -> str:
    piece = fold(piece).strip("。．.：:")
    piece = _LEADING.sub("", piece)
    m = _TAIL.search(piece)
    stripped = piece[:m.start()] if m else piece
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
