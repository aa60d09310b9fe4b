"""Small signature images made with Pillow, as a member scans them: a blue ink
signature and a red round seal, both on a transparent background."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (20, 40, 170, 255)
RED = (210, 20, 30, 255)


def ink_signature(path: Path, dpi: int | None = 300) -> Path:
    """A 50 × 20 mm scribble at 300 dpi (or without a recorded resolution)."""
    width, height = 590, 236
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + i * 11, 120 + (45 if i % 2 else -45) * (1 - i / 60)) for i in range(50)]
    draw.line(points, fill=BLUE, width=7, joint="curve")
    draw.line([(60, 190), (540, 170)], fill=BLUE, width=5)
    return _save(image, path, dpi)


def round_seal(path: Path, diameter_mm: float = 36, dpi: int | None = 300) -> Path:
    """A red ring seal with a star, `diameter_mm` across at `dpi`."""
    side = round(diameter_mm / 25.4 * (dpi or 300))
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = max(4, side // 40)
    draw.ellipse((2, 2, side - 3, side - 3), outline=RED, width=ring)
    draw.ellipse((side * 0.18, side * 0.18, side * 0.82, side * 0.82), outline=RED, width=ring // 2)
    centre, radius = side / 2, side * 0.2
    star = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + k * math.pi / 5
        star.append((centre + r * math.cos(angle), centre - r * math.sin(angle)))
    draw.polygon(star, fill=RED)
    return _save(image, path, dpi)


def _save(image: Image.Image, path: Path, dpi: int | None) -> Path:
    """As PNG, with its resolution recorded (pHYs) unless `dpi` is None."""
    image.save(path, format="PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return path
