"""Operational signals: metrics only for the monitoring's addresses, JSON log lines, and the
request id in every log line of a request."""

from __future__ import annotations

import json
import logging

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path

from quartier.core.observability import JsonFormatter, RequestIdFilter, TextFormatter, request_id

PROMETHEUS_MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
logger = logging.getLogger("quartier.tests.observability")


def logging_view(request: HttpRequest) -> HttpResponse:
    logger.warning("inside the view")
    return HttpResponse("ok")


urlpatterns = [path("logs", logging_view)]


@pytest.fixture
def metrics_on(settings):
    settings.METRICS = True
    before, after = PROMETHEUS_MIDDLEWARE
    settings.MIDDLEWARE = [before, *settings.MIDDLEWARE, after]
    return settings


class Records(logging.Handler):
    """Collects records after the project's request-id filter ran, as the console handler does."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records():
    handler = Records()
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_metrics_answer_the_local_monitoring_with_request_counts(client, db, metrics_on):
    client.get("/healthz")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    body = response.content.decode()
    assert "django_http_requests_total_by_method_total" in body
    assert 'view="healthz"' in body
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


@pytest.mark.parametrize("remote", ["203.0.113.7", "10.0.0.5", "2001:db8::1", "::2"])
def test_metrics_are_hidden_from_every_other_address(client, db, metrics_on, remote):
    assert client.get("/metrics", REMOTE_ADDR=remote).status_code == 404


def test_metrics_allow_configured_networks_only(client, db, metrics_on):
    import ipaddress

    metrics_on.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.1.0.0/16")]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_metrics_behind_a_proxy_count_the_address_the_proxy_saw(client, db, metrics_on):
    # A proxy on this machine forwards a visitor: without trusted proxies it is refused, and
    # with one trusted proxy the visitor's own address decides.
    metrics_on.TRUSTED_PROXY_COUNT = 0
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 404
    metrics_on.TRUSTED_PROXY_COUNT = 1
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 404
    # ... and the monitoring scraping the site directly still gets in.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200


def test_metrics_are_off_unless_switched_on(client, db, settings):
    settings.METRICS = False
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_metrics_change_no_query_count(client, db, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    factories.make_district()

    def queries_of_the_home_page() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    without = queries_of_the_home_page()
    before, after = PROMETHEUS_MIDDLEWARE
    settings.MIDDLEWARE = [before, *settings.MIDDLEWARE, after]
    assert queries_of_the_home_page() == without


def test_json_logs_are_switched_on_by_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import django, logging; django.setup(); "
        "from quartier.core.observability import request_id; request_id.set('r-9'); "
        "logging.getLogger('quartier.probe').warning('Hallo %s', 'Welt')"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quartier.settings",
        "QUARTIER_LOG_FORMAT": "json",
        "QUARTIER_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert lines[-1]["message"] == "Hallo Welt"
    assert lines[-1]["logger"] == "quartier.probe"
    assert lines[-1]["request_id"] == "r-9"


@pytest.mark.urls(__name__)
def test_the_request_id_reaches_a_log_line_written_in_the_view_and_the_response(client, records):
    response = client.get("/logs")
    made = response["X-Request-ID"]
    assert len(made) == 32
    assert [record.request_id for record in records] == [made]
    # Another request, another id; outside a request there is none.
    assert client.get("/logs")["X-Request-ID"] != made
    assert request_id.get() is None


@pytest.mark.urls(__name__)
def test_a_safe_request_id_from_the_proxy_is_kept(client, records):
    response = client.get("/logs", HTTP_X_REQUEST_ID="abc-123.proxy")
    assert response["X-Request-ID"] == "abc-123.proxy"
    assert records[0].request_id == "abc-123.proxy"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("unsafe", ["two words", "line\nbreak", "x" * 129, "<script>", ""])
def test_an_unsafe_request_id_is_replaced(client, records, unsafe):
    response = client.get("/logs", HTTP_X_REQUEST_ID=unsafe)
    assert response["X-Request-ID"] != unsafe
    assert len(response["X-Request-ID"]) == 32
    assert records[0].request_id == response["X-Request-ID"]


def make_record(message: str = "Anfrage %s", *args: object, exc_info=None) -> logging.LogRecord:
    record = logging.LogRecord("quartier.x", logging.ERROR, __file__, 1, message, args or ("7",), exc_info)
    RequestIdFilter().filter(record)
    return record


def test_a_json_log_line_is_one_object_with_the_agreed_fields():
    token = request_id.set("req-1")
    try:
        record = make_record("Zeile 1\nZeile %s", "2")
    finally:
        request_id.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert set(data) == {"time", "level", "logger", "message", "request_id"}
    assert data["level"] == "ERROR"
    assert data["logger"] == "quartier.x"
    assert data["message"] == "Zeile 1\nZeile 2"
    assert data["request_id"] == "req-1"
    assert data["time"].endswith("+00:00")


def test_a_json_log_line_outside_a_request_and_with_a_traceback():
    try:
        raise ValueError("kaputt")
    except ValueError:
        import sys

        record = make_record(exc_info=sys.exc_info())
    data = json.loads(JsonFormatter().format(record))
    assert data["request_id"] is None
    assert "ValueError: kaputt" in data["exception"]


def test_the_text_line_carries_the_request_id():
    token = request_id.set("req-2")
    try:
        assert "[req-2] Anfrage 7" in TextFormatter().format(make_record())
    finally:
        request_id.reset(token)
    assert "[-] Anfrage 7" in TextFormatter().format(make_record())


def test_the_console_handler_uses_the_configured_format(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id"]
    assert settings.LOGGING["handlers"]["console"]["formatter"] == settings.LOG_FORMAT
