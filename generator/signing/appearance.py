"""What a signature shows, as Nghị định 30 asks for a main document: an image only, no
text. The signer's field shows the ink signature (blue, transparent PNG), fitted
into the signing space and centred; the organisation's shows the seal (red,
transparent PNG) at its real size, centred on the left third of the signature.

The seal's real size comes from the PNG's recorded resolution (its pHYs chunk:
pixels per inch), or from `--size-mm` (its width) when the file records none.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError
from generator.signing.fields import MM, ORGANISATION, SEAL_FIELD_MM, SIGN_FIELD_MAX_MM

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 4000 * 4000  # a 300 dpi scan of a 33 cm square; more is not a signature image
MIN_SIZE_MM = 5.0  # an image narrower than this on paper is a mistake


def stamp_style(image: Path, role: str, size_mm: float | None):
    """pyHanko's appearance for the field: the image alone, centred, no border."""
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import (AxisAlignment, BoxConstraints, InnerScaling, Margins,
                                          SimpleBoxLayoutRule)
    from pyhanko.stamp import StaticStampStyle

    picture = _load(image)
    width, height = _size_pt(image, picture, role, size_mm)
    real_size = role == ORGANISATION
    return StaticStampStyle(
        border_width=0,
        background=PdfImage(picture, box=BoxConstraints(width=width, height=height)),
        background_opacity=1.0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(0, 0, 0, 0) if real_size else Margins.uniform(2 * MM),
            inner_content_scaling=InnerScaling.NO_SCALING if real_size else InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _load(image: Path):
    """The PNG, bounded in bytes and pixels, decoded once (RGBA keeps transparency)."""
    from PIL import Image, UnidentifiedImageError

    if not image.is_file():
        raise InputError(f"{image}: không có tệp ảnh này: chỉ ra ảnh PNG của chữ ký hoặc con dấu.")
    if image.stat().st_size > MAX_IMAGE_BYTES:
        raise InputError(f"{image}: ảnh quá lớn (tối đa 5 MB): thu nhỏ ảnh chữ ký hoặc con dấu.")
    try:
        with Image.open(image) as opened:
            if opened.format != "PNG":
                raise InputError(f"{image}: không phải ảnh PNG: dùng ảnh PNG nền trong suốt.")
            if opened.width * opened.height > MAX_PIXELS:
                raise InputError(f"{image}: ảnh {opened.width}×{opened.height} điểm ảnh, quá lớn "
                                 "(tối đa 4000×4000): thu nhỏ ảnh.")
            picture = opened.convert("RGBA")
            picture.info["dpi"] = opened.info.get("dpi")
            return picture
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise InputError(f"{image}: không đọc được ảnh: dùng ảnh PNG nền trong suốt.") from None


def _size_pt(image: Path, picture, role: str, size_mm: float | None) -> tuple[float, float]:
    """The image's size on paper in points: from --size-mm (its width), else from its
    recorded resolution; an ink signature without either is fitted into its field."""
    aspect = picture.height / picture.width
    if size_mm is not None:
        high = SEAL_FIELD_MM if role == ORGANISATION else SIGN_FIELD_MAX_MM
        if not MIN_SIZE_MM <= size_mm <= high:
            raise InputError(f"--size-mm {size_mm:g}: ảnh rộng từ {MIN_SIZE_MM:g} đến {high} mm.")
        return size_mm * MM, size_mm * MM * aspect
    dpi = picture.info.get("dpi")
    if dpi and dpi[0] > 0 and dpi[1] > 0:
        width, height = picture.width / dpi[0] * 72, picture.height / dpi[1] * 72
        if role == ORGANISATION and max(width, height) > SEAL_FIELD_MM * MM + 0.5:
            raise InputError(
                f"{image}: theo độ phân giải ghi trong ảnh ({dpi[0]:g} dpi), con dấu rộng "
                f"{width / MM:.0f} mm, lớn hơn ô con dấu ({SEAL_FIELD_MM} mm): kiểm tra ảnh, hoặc "
                "cho kích thước thật bằng --size-mm.")
        return width, height
    if role == ORGANISATION:
        raise InputError(f"{image}: ảnh con dấu không ghi độ phân giải nên không biết kích thước "
                         "thật: cho đường kính con dấu bằng --size-mm (ví dụ --size-mm 36).")
    return float(picture.width), float(picture.height)
