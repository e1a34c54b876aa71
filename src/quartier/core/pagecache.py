"""Whole pages from the cache while nothing they could show has changed.

The public lists and detail pages cost 5–50 ms to render at a city's size, the same for every
visitor. ``cached_page`` keeps a page's rendered answer in the cache under a key that carries
the **data version**: a counter that the database itself advances on every insert, update
and delete in any table a page could show (triggers installed after every ``migrate``, see
``install_triggers``). An edit therefore shows on the very next request in every process,
whatever wrote it: a service, a bulk update, the admin, a migration or ``psql``. The key
also carries the language, the host, the full address, a time bucket (pages saying "today"
or hiding past dates turn over at least every ``seconds``) and, for staff pages, the user.

Why it stays correct:

- SQLite: the triggers update one row in the writing transaction itself, so a reader sees
  the new version and the new data together or neither.
- PostgreSQL: a row every writer updates would serialise writers and could deadlock with
  ``SELECT … FOR UPDATE``. The triggers advance a sequence instead (no locks, seen at once),
  and Django advances it once more after the commit (an execute wrapper notices writes and
  registers ``on_commit``). A reader that rendered old data between the statement and the
  commit stored it under a version that is gone once the commit's own advance has happened.

Only visitors without a session are served from the cache (a session may carry messages or
a signed-in user); htmx requests and pending messages always render. CSRF tokens are cut out
of the stored page and the visitor's own token is put back on every answer.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import ProgrammingError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.utils import translation
from django.utils.cache import get_conditional_response, get_max_age

from quartier.core.registry import Registry

VERSION_TABLE = "quartier_data_version"  # SQLite: a table of one row; PostgreSQL: a sequence
TRIGGER_PREFIX = "qdv_"
# Bookkeeping no page shows: sessions, task results, job runs, the admin's log. Writing them
# (every sign-in, every minute's scheduler) must not throw every cached page away.
UNWATCHED_APPS = frozenset({"sessions", "django_tasks_db", "admin", "contenttypes"})
UNWATCHED_MODELS = frozenset({"core.jobrun"})
# As long as a real token (django.middleware.csrf.CSRF_TOKEN_LENGTH), so no length changes.
CSRF_PLACEHOLDER = "QuartierPageCacheCsrfTokenPlaceholder".ljust(CSRF_TOKEN_LENGTH, "0")
DEFAULT_SECONDS = 60
READ_POSTGRESQL = f"SELECT last_value FROM {VERSION_TABLE}"  # noqa: S608 - constants, no input
READ_SQLITE = f"SELECT counter FROM {VERSION_TABLE} WHERE id = 1"  # noqa: S608
ADVANCE_SQLITE = f"UPDATE {VERSION_TABLE} SET counter = counter + 1 WHERE id = 1"  # noqa: S608
KEY_PREFIX = "page:"

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)', re.IGNORECASE)


# --- The data version -----------------------------------------------------------------------


def watched_tables() -> list[str]:
    """The tables whose changes advance the data version: every managed table of every
    installed app (many-to-many tables included) but the bookkeeping ones."""
    tables: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.app_label in UNWATCHED_APPS:
            continue
        if meta.label_lower in UNWATCHED_MODELS:
            continue
        owner = getattr(meta.auto_created, "_meta", None)  # a many-to-many table: its model's
        if owner is not None and owner.label_lower in UNWATCHED_MODELS:
            continue
        tables.add(meta.db_table)
    return sorted(tables)


def _unwatched_tables() -> frozenset[str]:
    every = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return frozenset(every - set(watched_tables()))


def install_triggers(using: str = "default", **kwargs: Any) -> None:
    """Create the version counter and a trigger on every watched table that has none yet.
    Connected to ``post_migrate``: idempotent, and new tables get theirs on the next migrate."""
    conn = connections[using]
    existing_tables = set(conn.introspection.table_names())
    tables = [table for table in watched_tables() if table in existing_tables]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {VERSION_TABLE}")
            cursor.execute(
                "CREATE OR REPLACE FUNCTION quartier_data_changed() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN PERFORM nextval('{VERSION_TABLE}'); RETURN NULL; END $$"
            )
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
                [f"{TRIGGER_PREFIX}changed"],
            )
            done = {row[0] for row in cursor.fetchall()}
            for table in tables:
                if table not in done:
                    cursor.execute(
                        f'CREATE TRIGGER {TRIGGER_PREFIX}changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                        "FOR EACH STATEMENT EXECUTE FUNCTION quartier_data_changed()"
                    )
        elif conn.vendor == "sqlite":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id INTEGER PRIMARY KEY, counter INTEGER NOT NULL)"
            )
            cursor.execute(f"INSERT OR IGNORE INTO {VERSION_TABLE} (id, counter) VALUES (1, 0)")  # noqa: S608 - constant
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER_PREFIX}%"]
            )
            done = {row[0] for row in cursor.fetchall()}
            for table in tables:
                for suffix, event in (("i", "INSERT"), ("u", "UPDATE"), ("d", "DELETE")):
                    name = f"{TRIGGER_PREFIX}{table}_{suffix}"
                    if name not in done:
                        cursor.execute(
                            f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {ADVANCE_SQLITE}; END'
                        )


def data_version(using: str = "default") -> int:
    """The current data version: one query of a single value."""
    conn = connections[using]
    sql = READ_POSTGRESQL if conn.vendor == "postgresql" else READ_SQLITE
    with conn.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# Within one request the version is read once (request_started/finished reset it); outside a
# request (commands, tests calling functions directly) it is read every time.
_request = threading.local()


def request_started(**kwargs: Any) -> None:
    _request.active = True
    _request.version = None


def request_finished(**kwargs: Any) -> None:
    _request.active = False
    _request.version = None


def current_version() -> int:
    """The data version, read once per request."""
    if not getattr(_request, "active", False):
        return data_version()
    if _request.version is None:
        _request.version = data_version()
    return int(_request.version)


_MISSING = object()


def versioned(name: str, compute: Callable[[], Any], timeout: int = 3600) -> Any:
    """A fact derived from the data (a person's districts, whether they use TOTP) from the cache
    while the data version is unchanged: a cache lookup instead of a query on every request.
    Off with the page cache (``PAGE_CACHE``): then computed every time."""
    if not settings.PAGE_CACHE:
        return compute()
    key = f"fact:{current_version()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _advance_after_commit(using: str) -> None:
    """Outside any transaction (after the commit, or in autocommit): a failure spoils nothing."""
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT nextval('{VERSION_TABLE}')")
    except ProgrammingError:
        pass  # during the first migrate, before install_triggers made the sequence: nothing is cached yet


def _watch_writes(using: str) -> Callable[..., Any]:
    """PostgreSQL only: after a committed write to a watched table, advance the version again."""
    unwatched: frozenset[str] | None = None

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        nonlocal unwatched
        result = execute(sql, params, many, context)
        if sql[:1] not in "IUDiud":
            return result
        match = _WRITE.match(sql)
        if match is None:
            return result
        if unwatched is None:
            unwatched = _unwatched_tables()
        if match.group(1) in unwatched:
            return result
        conn = connections[using]
        if conn.in_atomic_block:
            if any(entry[1] is advance for entry in conn.run_on_commit):
                return result
            transaction.on_commit(advance, using=using)
        else:
            advance()
        return result

    def advance() -> None:
        _advance_after_commit(using)

    return wrapper


def watch_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created``: on PostgreSQL, install the write watcher once per connection object."""
    if connection.vendor != "postgresql":
        return
    if any(getattr(wrapper, "quartier_watch", False) for wrapper in connection.execute_wrappers):
        return
    wrapper = _watch_writes(connection.alias)
    wrapper.quartier_watch = True  # type: ignore[attr-defined]
    connection.execute_wrappers.append(wrapper)


# --- Serving pages --------------------------------------------------------------------------


def csrf(request: HttpRequest) -> dict[str, Any]:
    """Context processor: while a page is rendered for the cache, forms get a placeholder that
    each answer replaces with the visitor's own token."""
    if getattr(request, "page_cache_recording", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _bypass(request: HttpRequest, per_user: bool) -> str | None:
    """The user part of the key, or None when this request must be rendered for itself."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return None
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return None
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""  # no session: the same page for everyone
    if not per_user:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if request.session.get("_messages"):
        return None
    return f"u{user.pk}"


_settings_changes = 0


def settings_changed(**kwargs: Any) -> None:
    """``setting_changed`` (tests' ``override_settings``): pages rendered before are not served."""
    global _settings_changes
    _settings_changes += 1


def page_key(request: HttpRequest, who: str, seconds: int, version: int) -> str:
    bucket = int(time.time() // seconds)
    raw = "|".join(
        (
            str(version),
            f"{Registry.changes}.{_settings_changes}",  # what apps plugged in, and settings
            str(bucket),
            getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(request),
            who,
            request.get_host(),
            "https" if request.is_secure() else "http",
            request.get_full_path(),
        )
    )
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponseBase, per_user: bool) -> bool:
    if response.status_code != 200 or response.streaming or not isinstance(response, HttpResponse):
        return False
    if response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if not per_user:
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or get_max_age(response) == 0:
            return False
    return True


def _with_token(request: HttpRequest, content: bytes) -> bytes:
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    return content


def _fill_token(request: HttpRequest, response: HttpResponse) -> None:
    response.content = _with_token(request, response.content)
    if response.has_header("Content-Length"):  # set by a middleware already: keep it true
        response["Content-Length"] = str(len(response.content))


def _answer(request: HttpRequest, entry: tuple[int, list[tuple[str, str]], bytes, dict[str, Any]]) -> HttpResponse:
    status, headers, content, attributes = entry
    response = HttpResponse(_with_token(request, content), status=status)
    for name, value in headers:
        response[name] = value
    for name, value in attributes.items():
        setattr(request, name, value)
    response.page_cache = "hit"  # type: ignore[attr-defined]
    response["X-Page-Cache"] = "hit"  # for operators, like a proxy's X-Cache
    if response.has_header("ETag"):  # a client that polls gets its 304 from the cache too
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        if conditional is not None and conditional is not response:
            conditional.page_cache = "hit"  # type: ignore[attr-defined]
            return conditional
    return response


def serve(
    request: HttpRequest,
    render: Callable[[], HttpResponseBase],
    *,
    per_user: bool = False,
    seconds: int = DEFAULT_SECONDS,
    keep: Iterable[str] = (),
    store_if: Callable[[HttpResponse], bool] | None = None,
) -> HttpResponseBase:
    """Answer from the cache, or render, store and answer. ``keep`` names request attributes
    the rendering sets for the middleware (restored on a hit); ``store_if`` narrows what is
    stored (a middleware's choice, e.g. only JSON)."""
    who = _bypass(request, per_user)
    if who is None:
        return render()
    key = page_key(request, who, seconds, current_version())
    entry = cache.get(key)
    if entry is not None:
        return _answer(request, entry)
    request.page_cache_recording = True  # type: ignore[attr-defined]
    try:
        response = render()
    finally:
        request.page_cache_recording = False  # type: ignore[attr-defined]
    if not _storable(request, response, per_user) or (
        store_if is not None and not store_if(response)  # type: ignore[arg-type]
    ):
        if isinstance(response, HttpResponse) and not response.streaming:
            _fill_token(request, response)
        return response
    assert isinstance(response, HttpResponse)  # noqa: S101 - _storable checked it
    attributes = {name: getattr(request, name) for name in keep if hasattr(request, name)}
    cache.set(key, (response.status_code, list(response.items()), response.content, attributes), seconds)
    _fill_token(request, response)
    response.page_cache = "miss"  # type: ignore[attr-defined]
    response["X-Page-Cache"] = "miss"
    return response


def cached_page(
    view: Callable[..., HttpResponseBase] | None = None, *, per_user: bool = False, seconds: int = DEFAULT_SECONDS
) -> Any:
    """A view decorator: the page comes from the cache while the data version, the language,
    the address and the time bucket are the same (see the module's text). ``per_user``: for
    pages for the signed-in too (staff pages, drafts), cached per user; otherwise only visitors
    without a session are served from the cache. Permission checks belong outside (decorators
    above this one) or in the view: an entry is only ever stored for the user it was rendered for."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return serve(request, lambda: view(request, *args, **kwargs), per_user=per_user, seconds=seconds)

        wrapper.page_cache = True  # type: ignore[attr-defined]
        return wrapper

    return decorate(view) if view is not None else decorate
