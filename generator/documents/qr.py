"""Document ids as QR codes, carried into templates as `data:` URIs.

A signed page comes back as a scan with any file name; the QR code is what
lets `pact archive add` match it to its slot without anyone reading it. Ids are
ASCII upper case, so the code uses alphanumeric mode, and error correction M
survives a 150 dpi office scan at the printed size (18–20 mm, set in style.css
and docx_styles.py: layout, not data, so it is not decided here).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os

from generator.cache import cache_folder

ERROR_CORRECTION = "m"
# Pixels per module: scaled to 19 mm a code is about 350 dpi, and drawn without
# smoothing (image-rendering: pixelated) it prints sharp at any printer's resolution.
SCALE = 8
# 8-bit grey, not the 1-bit PNG segno writes: WeasyPrint turns a 1-bit or palette
# image into RGB and encodes it again, a third of a signature page's time.
MODE = "L"
DATA_URI_PREFIX = "data:image/png;base64,"


def png(text: str) -> bytes:
    """The QR code of `text` as a black-on-white PNG without quiet zone: the
    white space around it is the layout's job (margins in style.css), so the
    printed symbol has exactly the size the stylesheet gives it. Kept in the user's
    cache: a rebuild with nothing to write still renders every document's HTML."""
    folder = cache_folder("qr")
    key = hashlib.sha256(f"{ERROR_CORRECTION}/{SCALE}/{MODE}/{text}".encode("utf-8")).hexdigest()[:32]
    cached = folder / f"{key}.png" if folder else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    content = _encode(text)
    if cached is not None:
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")  # parallel builds each write whole
        temporary.write_bytes(content)
        temporary.replace(cached)
    return content


def _code(text: str):
    import segno

    return segno.make(text, error=ERROR_CORRECTION, mode="alphanumeric", micro=False, boost_error=False)


def svg(text: str) -> str:
    """The same QR code as inline SVG markup (class "qr", with its quiet zone), for a
    web page to print: the pages take images from the server only, never data: URIs."""
    return _code(text).svg_inline(scale=SCALE // 2, border=4, svgclass="qr")


def _encode(text: str) -> bytes:
    from PIL import Image

    code = _code(text)
    one_bit = io.BytesIO()
    code.save(one_bit, kind="png", scale=SCALE, border=0)
    out = io.BytesIO()
    Image.open(one_bit).convert(MODE).save(out, format="PNG")
    return out.getvalue()


def data_uri(text: str) -> str:
    """The QR code of `text` as a URI a template can place in `<img class="qr" src>`."""
    return DATA_URI_PREFIX + base64.b64encode(png(text)).decode("ascii")


def png_from_data_uri(uri: str) -> bytes | None:
    """The PNG bytes of a URI made by `data_uri`, or None for any other URI:
    the writers accept our QR images and nothing else from outside the
    templates folders."""
    if not uri.startswith(DATA_URI_PREFIX):
        return None
    try:
        content = base64.b64decode(uri[len(DATA_URI_PREFIX):], validate=True)
    except ValueError:
        return None
    return content if content.startswith(b"\x89PNG\r\n\x1a\n") else None
