"""Static files storage for the benchmark server only.

Quartier's production storage (whitenoise's CompressedManifestStaticFilesStorage) fails
`collectstatic` - and so `quartier serve` - because the vendored leaflet.js ends in
`//# sourceMappingURL=leaflet.js.map` and that map file is not vendored. This storage is
the same except that it does not follow source-map comments, so the benchmark can start
the server without changing the project. Page rendering is unaffected: `{% static %}`
still resolves names through the same manifest.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: tuple) -> tuple:
    def follows_source_map(pattern: str | tuple[str, str]) -> bool:
        return "sourceMappingURL" in (pattern if isinstance(pattern, str) else pattern[0])

    return tuple(
        (glob, tuple(pattern for pattern in rules if not follows_source_map(pattern))) for glob, rules in patterns
    )


class BenchStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
