#!/usr/bin/env python3
"""Refresh the front-end files that only the npm registry ships.

KERN UX (EUPL-1.2) and Leaflet (BSD-2-Clause) are copied into
src/quartier/core/static/vendor/ with their version and licence. Run it with
`uv run python scripts/update_vendor.py [--kern VERSION] [--leaflet VERSION]`.
Nothing is loaded from a CDN at run time.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
VENDOR = Path(__file__).resolve().parent.parent / "src/quartier/core/static/vendor"
# The font weights our pages use: regular, italic, semibold (headings) and bold.
KERN_FONTS = {
    "FiraSans-Regular.woff2": ("400", "normal"),
    "FiraSans-Italic.woff2": ("400", "italic"),
    "FiraSans-SemiBold.woff2": ("600", "normal"),
    "FiraSans-Bold.woff2": ("700", "normal"),
}


def fetch_package(name: str, version: str) -> tarfile.TarFile:
    with urllib.request.urlopen(f"{REGISTRY}/{name}/{version}", timeout=60) as response:  # noqa: S310
        meta = json.load(response)
    with urllib.request.urlopen(meta["dist"]["tarball"], timeout=120) as response:  # noqa: S310
        return tarfile.open(fileobj=io.BytesIO(response.read()), mode="r:gz")


def extract(archive: tarfile.TarFile, member: str, target: Path) -> None:
    source = archive.extractfile(f"package/{member}")
    if source is None:
        raise SystemExit(f"{member} missing from the package")
    target.parent.mkdir(parents=True, exist_ok=True)
    data = source.read()
    if target.suffix in {".js", ".css"}:
        # Source maps are not shipped; a dangling reference would break collectstatic's manifest.
        data = re.sub(rb"\n?/[/*]# sourceMappingURL=[^\n]*", b"", data)
    target.write_bytes(data)


def update_kern(version: str) -> None:
    target = VENDOR / "kern"
    shutil.rmtree(target, ignore_errors=True)
    archive = fetch_package("@kern-ux/native", version)
    extract(archive, "dist/kern.min.css", target / "kern.min.css")
    extract(archive, "LICENSE.md", target / "LICENSE.md")
    faces = []
    for filename, (weight, style) in KERN_FONTS.items():
        extract(archive, f"dist/fonts/fira-sans/{filename}", target / "fonts" / filename)
        faces.append(
            "@font-face{font-family:'Fira Sans';"
            f"src:url('fonts/{filename}') format('woff2');"
            f"font-weight:{weight};font-style:{style};font-display:swap}}"
        )
    (target / "fonts.css").write_text("\n".join(faces) + "\n", encoding="utf-8")
    (target / "VERSION").write_text(f"@kern-ux/native {version} (EUPL-1.2)\n", encoding="utf-8")


def update_leaflet(version: str) -> None:
    target = VENDOR / "leaflet"
    shutil.rmtree(target, ignore_errors=True)
    archive = fetch_package("leaflet", version)
    for member in ("dist/leaflet.js", "dist/leaflet.css"):
        extract(archive, member, target / Path(member).name)
    for image in ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        extract(archive, f"dist/images/{image}", target / "images" / image)
    extract(archive, "LICENSE", target / "LICENSE")
    (target / "VERSION").write_text(f"leaflet {version} (BSD-2-Clause)\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kern", default="2.7.2")
    parser.add_argument("--leaflet", default="1.9.4")
    args = parser.parse_args()
    update_kern(args.kern)
    update_leaflet(args.leaflet)
    print(f"vendor files refreshed in {VENDOR}")


if __name__ == "__main__":
    main()
