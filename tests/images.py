"""Image files for upload tests, made in memory."""

from __future__ import annotations

import io

from PIL import Image


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (40, 30), exif: bool = False, orientation: int | None = None
) -> bytes:
    """A small red image; with `exif` a camera make and a GPS position, with `orientation` that EXIF tag."""
    image = Image.new("RGB", size, (200, 30, 30))
    output = io.BytesIO()
    data = Image.Exif()
    if exif:
        data[0x010F] = "SpyCam"  # Make
        data[0x8825] = {1: "N", 2: (50.0, 53.0, 0.0), 3: "E", 4: (7.0, 52.0, 0.0)}  # GPS
    if orientation:
        data[0x0112] = orientation
    if exif or orientation:
        image.save(output, format=fmt, exif=data.tobytes())
    else:
        image.save(output, format=fmt)
    return output.getvalue()


def bomb_png(size: tuple[int, int] = (10_000, 10_000)) -> bytes:
    """A real PNG of 100 megapixels that packs into a few kilobytes."""
    output = io.BytesIO()
    Image.new("1", size).save(output, format="PNG")
    return output.getvalue()


XBM = b"#define x_width 8\n#define x_height 2\nstatic char x_bits[] = { 0xff, 0x00 };\n"
