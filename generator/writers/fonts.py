"""Fonts of the PDF writer: one FontConfiguration per process, and a small face for
form fields.

A PDF with form fields must carry the whole font its fields use, so that any
character typed later can be shown: with Liberation Serif that is ~470 KB and a
third of a report form's time. The fields use a subset of the same face instead —
every character Vietnamese needs — made once per machine from the installed font.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from generator.cache import cache_folder
from generator.writers.metrics import SOURCE_FAMILY, installed_font
from generator.writers.weasy import CSS, FontConfiguration

FORM_FAMILY = "Pact Form Serif"
VIETNAMESE = "ĂăÂâĐđÊêÔôƠơƯưĨĩŨũ" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
CHARACTERS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0xA0, 0x180))
    + VIETNAMESE
    + "".join(chr(c) for c in (0x300, 0x301, 0x303, 0x309, 0x323))  # combining tones
    + "‐‑–—‘’“”•…‰€₫№"
)


@lru_cache(maxsize=1)
def font_configuration() -> FontConfiguration:
    """One per process: building it scans the system fonts."""
    return FontConfiguration()


STYLES = {"normal": "Regular", "italic": "Italic"}  # a field in an italic line stays italic


@lru_cache(maxsize=1)
def form_stylesheet() -> CSS | None:
    """Form fields in the subset faces; None (fields keep the page's font) when the
    source font is not installed."""
    faces = {style: form_font(name) for style, name in STYLES.items()}
    if None in faces.values():
        return None
    rules = [f'@font-face {{ font-family: "{FORM_FAMILY}"; font-style: {style}; src: url("{face.as_uri()}"); }}'
             for style, face in faces.items()]
    rules.append(f'input, select, textarea {{ font-family: "{FORM_FAMILY}" !important; }}')
    return CSS(string="\n".join(rules), font_config=font_configuration())


def form_font(style: str = "Regular") -> Path | None:
    source = installed_font(SOURCE_FAMILY, style)
    if source is None:
        return None
    data = source.read_bytes()
    key = hashlib.sha256(data + CHARACTERS.encode("utf-8")).hexdigest()[:16]
    folder = cache_folder("fonts")
    if folder is None:
        return None  # no writable cache: the fields keep the page's font, embedded whole
    target = folder / f"pact-form-serif-{style.lower()}-{key}.ttf"
    if not target.is_file():
        _subset(data, target)
    return target


def _subset(data: bytes, target: Path) -> None:
    import io

    import logging

    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # tables it drops are no news to a clerk
    options = subset.Options()
    options.hinting = False  # viewers draw field text at any size; hints only add weight
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(io.BytesIO(data), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=CHARACTERS)
    subsetter.subset(font)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    subset.save_font(font, str(temporary), options)
    os.replace(temporary, target)  # two processes making it at once both end with a whole file
