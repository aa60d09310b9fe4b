"""Text widths from the installed metric twin of Times New Roman (Liberation Serif has
the same advance widths), for what the DOCX must size itself: Word draws a paragraph
border across the paragraph, so the rule under the motto is as long as the motto
only if the writer narrows the paragraph to the text's width."""

from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from pathlib import Path

from generator.atomic import write_atomically
from generator.cache import cache_folder

SOURCE_FAMILY = "Liberation Serif"  # the metric twin of Times New Roman


def installed_font(family: str, style: str) -> Path | None:
    """The file of an installed face (fontconfig), None when it is not installed."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:style={style}"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(found) if found else None
    wanted = f"{family.replace(' ', '')}-{style}"
    return path if path and path.is_file() and path.name.startswith(wanted) else None


@lru_cache(maxsize=4)
def _advances(style: str) -> tuple[dict[int, int], int] | None:
    """(code point → advance width, units per em) of the face, None without it. Kept
    in the cache while the font file is unchanged: finding and reading the font took
    0.15 s of every DOCX worker."""
    cached = _cached(style)
    if cached is not None:
        return cached
    path = installed_font(SOURCE_FAMILY, style)
    if path is None:
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    units = font["head"].unitsPerEm
    _keep(style, path, advances, units)
    return advances, units


def _cache_file(style: str) -> Path | None:
    folder = cache_folder("metrics")
    return folder / f"{SOURCE_FAMILY.replace(' ', '')}-{style}.json" if folder else None


def _stamp(path: Path) -> list:
    stat = path.stat()
    return [str(path), stat.st_mtime_ns, stat.st_size]


def _cached(style: str) -> tuple[dict[int, int], int] | None:
    file = _cache_file(style)
    try:
        kept = json.loads(file.read_text(encoding="utf-8")) if file else None
        if kept is None or _stamp(Path(kept["font"][0])) != kept["font"]:
            return None
        return {int(code): width for code, width in kept["advances"].items()}, kept["units"]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # no cache, another font, a damaged file: read the font again


def _keep(style: str, path: Path, advances: dict[int, int], units: int) -> None:
    file = _cache_file(style)
    if file is None:
        return
    kept = {"font": _stamp(path), "units": units, "advances": advances}
    try:
        write_atomically(file, json.dumps(kept).encode("utf-8"))
    except OSError:
        pass  # the cache is optional


FACES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
AVERAGE_EM = 0.45  # the average advance of Times New Roman bold, when its twin is not installed


def text_width(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width in points of `text` set at `size`, without kerning: measured in the
    face, estimated when the face is not installed or lacks a character."""
    found = _advances(FACES[(bold, italic)])
    if found is None or any(ord(c) not in found[0] for c in text):
        return size * AVERAGE_EM * len(text)
    advances, units = found
    return sum(advances[ord(c)] for c in text) * size / units
