"""Finding a Chinese TrueType font that ReportLab can embed (as a subset).

Order: ``resources/fonts`` (a bundled font with its licence), then well-known system fonts —
Song faces first (SimSun, AR PL UMing), then sans faces (Microsoft YaHei, WenQuanYi). Fonts
with CFF outlines (Noto CJK .otf) cannot be embedded by ReportLab and are skipped. When none
is usable, ReportLab's built-in ``STSong-Light`` is used: it is not embedded, so a warning is
returned for the user.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# File names, best first. (name, subfont index in a .ttc)
KNOWN_FONTS: tuple[tuple[str, int], ...] = (
    ("simsun.ttc", 0), ("simsun.ttf", 0), ("SimSun.ttf", 0), ("uming.ttc", 0),
    ("msyh.ttc", 0), ("msyh.ttf", 0), ("simhei.ttf", 0), ("SimHei.ttf", 0),
    ("wqy-zenhei.ttc", 0), ("wqy-microhei.ttc", 0), ("ukai.ttc", 0),
    ("Songti.ttc", 0), ("STHeiti Light.ttc", 0), ("Hiragino Sans GB.ttc", 0),
)
FALLBACK = "STSong-Light"
_PROBE = "公报阅读器〔〕（）“”：；。，"


@dataclass(frozen=True, slots=True)
class FontChoice:
    name: str                 # the name registered with ReportLab
    path: Path | None         # None for the built-in CID font
    subfont_index: int = 0
    embedded: bool = True
    warning: str | None = None
    ascent: float = 0.8       # fractions of the font size, for drawing highlights
    descent: float = -0.2


def bundled_dir() -> Path:
    from ..paths import resources_dir

    return Path(resources_dir()) / "fonts"


def font_dirs() -> list[Path]:
    """The system's font folders that exist."""
    dirs: list[Path] = []
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts",
                 Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs += [home / "Library" / "Fonts", Path("/Library/Fonts"),
                 Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    else:
        dirs += [home / ".local" / "share" / "fonts", home / ".fonts",
                 Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    return [d for d in dirs if d.is_dir()]


def candidates() -> list[tuple[Path, int]]:
    """Font files worth trying, best first: every TrueType file in resources/fonts, then the
    known system fonts found under the usual font folders."""
    found: list[tuple[Path, int]] = []
    bundled = bundled_dir()
    if bundled.is_dir():
        found += [(p, 0) for p in sorted(bundled.iterdir())
                  if p.suffix.lower() in (".ttf", ".ttc")]
    by_name: dict[str, Path] = {}
    for d in font_dirs():
        for root, _subdirs, files in os.walk(d):
            for f in files:
                by_name.setdefault(f.lower(), Path(root) / f)
    for name, index in KNOWN_FONTS:
        path = by_name.get(name.lower())
        if path is not None and (path, index) not in found:
            found.append((path, index))
    return found


def _try_register(path: Path, index: int) -> FontChoice | None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"GR-{path.stem}-{index}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception:  # noqa: BLE001 - CFF outlines, corrupt file, unsupported format
        return None
    cmap = font.face.charToGlyph
    if any(ord(ch) not in cmap for ch in _PROBE):
        return None
    pdfmetrics.registerFont(font)
    face = font.face
    return FontChoice(name, path, index, True, None, face.ascent / 1000, face.descent / 1000)


@lru_cache(maxsize=1)
def cjk_font() -> FontChoice:
    """The font used for Chinese text, registered with ReportLab (cached per process)."""
    for path, index in candidates():
        choice = _try_register(path, index)
        if choice is not None:
            return choice
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FontChoice(FALLBACK, None, 0, False,
                      "未找到可嵌入的中文 TrueType 字体（如宋体、微软雅黑、文泉驿），已改用内置的 "
                      "STSong-Light 字体：该字体不嵌入文件，在未安装中文字体的电脑上可能无法正常显示。"
                      "可将字体文件放入 resources/fonts 文件夹。", 0.88, -0.12)
