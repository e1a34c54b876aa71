#!/usr/bin/env python3
"""Refresh the front-end files that only the npm registry ships.

KERN UX (EUPL-1.2) and Leaflet (BSD-2-Clause) are copied into
src/quartier/core/static/vendor/ with their version and licence. Run it with
`uv run python scripts/update_vendor.py [--kern VERSION] [--leaflet VERSION]`.
Nothing is loaded from a CDN at run time.

KERN's Fira Sans fonts (SIL Open Font License) are subset with fonttools to the characters
German and English pages use (SUBSET_RANGES and every character of the templates, messages and
translations), keeping their layout features, as woff2 under the same names: about 21 KB a face
instead of 135 KB. `--subset-only` subsets the fonts in place without fetching anything.
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

from fontTools import subset

REGISTRY = "https://registry.npmjs.org"
SOURCE = Path(__file__).resolve().parent.parent / "src/quartier"
VENDOR = SOURCE / "core/static/vendor"
# The font weights our pages use: regular, italic, semibold (headings) and bold.
KERN_FONTS = {
    "FiraSans-Regular.woff2": ("400", "normal"),
    "FiraSans-Italic.woff2": ("400", "italic"),
    "FiraSans-SemiBold.woff2": ("600", "normal"),
    "FiraSans-Bold.woff2": ("700", "normal"),
}


# What German and English pages show: Basic Latin, Latin-1 and Latin Extended-A (names of
# residents: ğ, ş, ł, č, …), ẞ, spaces, dashes, quotes, bullet and ellipsis, per mille, guillemets,
# euro, trade mark, arrows, minus, ≤ ≥ and the check mark; characters of the site's own texts
# outside these are added by text_characters().
SUBSET_RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x1E9E, 0x1E9E),
    (0x2009, 0x200A),
    (0x2010, 0x2027),
    (0x202F, 0x2030),
    (0x2039, 0x203A),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x2190, 0x2193),
    (0x2212, 0x2212),
    (0x2264, 0x2265),
    (0x2713, 0x2713),
]
# fontTools keeps its default OpenType features (kerning, ligatures, …); these come on top.
EXTRA_FEATURES = ["tnum", "pnum", "lnum", "onum", "case", "zero"]


def text_characters() -> set[int]:
    """Every character of the templates, translations and Python sources (messages)."""
    characters: set[int] = set()
    for pattern in ("**/templates/**/*.html", "locale/*/LC_MESSAGES/*.po", "**/*.py", "**/*.txt"):
        for path in SOURCE.glob(pattern):
            characters.update(ord(ch) for ch in path.read_text(encoding="utf-8", errors="ignore") if ch.isprintable())
    return characters


def subset_codepoints() -> set[int]:
    wanted = {code for start, end in SUBSET_RANGES for code in range(start, end + 1)}
    return wanted | text_characters()


def subset_font(path: Path, codepoints: set[int]) -> None:
    """Keep only the glyphs of ``codepoints`` (and what their features reach), as woff2."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = [*options.layout_features, *EXTRA_FEATURES]
    options.name_IDs = ["*"]  # the licence and names stay in the file
    options.notdef_outline = True
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    subset.save_font(font, str(path), options)


def subset_kern_fonts() -> None:
    codepoints = subset_codepoints()
    for filename in KERN_FONTS:
        path = VENDOR / "kern" / "fonts" / filename
        before = path.stat().st_size
        subset_font(path, codepoints)
        print(f"{filename}: {before:,} → {path.stat().st_size:,} bytes")


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
    subset_kern_fonts()
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
    parser.add_argument("--subset-only", action="store_true", help="only subset the fonts already in place")
    args = parser.parse_args()
    if args.subset_only:
        subset_kern_fonts()
        return
    update_kern(args.kern)
    update_leaflet(args.leaflet)
    print(f"vendor files refreshed in {VENDOR}")


if __name__ == "__main__":
    main()
