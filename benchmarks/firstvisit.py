"""The bytes of a first visit: a page's HTML and everything it makes the browser fetch before
anyone clicks (stylesheets, scripts, the fonts their CSS declares), as sent compressed.

``first_visit(fetch, path)`` works on any ``fetch(url) -> (body as sent, Content-Encoding)``:
the benchmark fetches from the running server (``http_fetch``), the test reads through the
test client and the static files on disk. A body the server sent uncompressed (Django's HTML:
compressing it is the reverse proxy's job) counts as ``gzip -6`` would send it; static files
count as WhiteNoise sends them (its ``.br`` or ``.gz`` files; fonts as they are).

Fonts count apart: every face the CSS declares (browsers fetch only the faces a page uses,
so this is the most a first visit can cost).
"""

from __future__ import annotations

import gzip
import http.client
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

BUDGET_PAGE_BYTES = 60 * 1024  # HTML + CSS + JavaScript, compressed
BUDGET_FONT_BYTES = 120 * 1024  # every font face, woff2
ACCEPT_ENCODING = "br, gzip"

Fetch = Callable[[str], tuple[bytes, str]]

_TAG = re.compile(r"<(link|script)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_FONT = re.compile(r"\.(woff2?|ttf|otf)(\?|#|$)")


def compressed_size(body: bytes, encoding: str) -> int:
    if encoding.strip().lower() in {"gzip", "br", "deflate", "zstd"}:
        return len(body)
    return len(gzip.compress(body, compresslevel=6))


def page_assets(html: str) -> list[tuple[str, str]]:
    """The stylesheets and scripts a page loads by itself: (kind, address)."""
    assets = []
    for tag, attributes in _TAG.findall(html):
        values = {
            name.lower(): next(v for v in value if v is not None) for name, *value in _ATTRIBUTE.findall(attributes)
        }
        if tag.lower() == "link" and "stylesheet" in values.get("rel", "").lower().split() and values.get("href"):
            assets.append(("css", values["href"].replace("&amp;", "&")))
        elif tag.lower() == "script" and values.get("src"):
            assets.append(("js", values["src"].replace("&amp;", "&")))
    return assets


def css_fonts(css: str, css_url: str) -> list[str]:
    return [urljoin(css_url, url) for url in _CSS_URL.findall(css) if _FONT.search(url) and not url.startswith("data:")]


def first_visit(fetch: Fetch, path: str = "/") -> dict[str, Any]:
    """What a visitor's browser with an empty cache fetches for ``path``, in compressed bytes."""
    html, encoding = fetch(path)
    files: list[dict[str, Any]] = [{"url": path, "kind": "html", "bytes": compressed_size(html, encoding)}]
    fonts: dict[str, int] = {}
    text = _decoded(html, encoding)
    for kind, url in page_assets(text):
        address = urljoin(path, url)
        body, asset_encoding = fetch(address)
        files.append({"url": address, "kind": kind, "bytes": compressed_size(body, asset_encoding)})
        if kind == "css":
            for font in css_fonts(_decoded(body, asset_encoding), address):
                if font not in fonts:
                    font_body, font_encoding = fetch(font)
                    fonts[font] = compressed_size(font_body, font_encoding)
    page_bytes = sum(entry["bytes"] for entry in files)
    font_bytes = sum(fonts.values())
    return {
        "path": path,
        "page_bytes": page_bytes,
        "font_bytes": font_bytes,
        "html_bytes": files[0]["bytes"],
        "files": files + [{"url": url, "kind": "font", "bytes": size} for url, size in fonts.items()],
        "budget_page_bytes": BUDGET_PAGE_BYTES,
        "budget_font_bytes": BUDGET_FONT_BYTES,
        "within_budget": page_bytes <= BUDGET_PAGE_BYTES and font_bytes <= BUDGET_FONT_BYTES,
    }


def later_page(fetch: Fetch, path: str, first: dict[str, Any]) -> dict[str, Any]:
    """A page after the first visit: its HTML plus whatever the first visit has not cached."""
    html, encoding = fetch(path)
    seen = {entry["url"] for entry in first["files"]}
    new = [urljoin(path, url) for _, url in page_assets(_decoded(html, encoding)) if urljoin(path, url) not in seen]
    extra = sum(compressed_size(*fetch(url)) for url in new)
    return {"path": path, "html_bytes": compressed_size(html, encoding), "new_assets": new, "new_asset_bytes": extra}


def _decoded(body: bytes, encoding: str) -> str:
    encoding = encoding.strip().lower()
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli  # WhiteNoise's .br files; the package is a dependency

        body = brotli.decompress(body)
    return body.decode("utf-8", errors="replace")


def http_fetch(base_url: str) -> Fetch:
    """Fetch from a running server as a browser would: accepting brotli and gzip."""
    parts = urlsplit(base_url)

    def fetch(url: str) -> tuple[bytes, str]:
        target = urlsplit(urljoin(base_url + "/", url.lstrip("/")))
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=30)
        try:
            connection.request(
                "GET",
                target.path + (f"?{target.query}" if target.query else ""),
                headers={"Host": parts.netloc, "Accept-Encoding": ACCEPT_ENCODING},
            )
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            return body, response.getheader("Content-Encoding") or ""
        finally:
            connection.close()

    return fetch
