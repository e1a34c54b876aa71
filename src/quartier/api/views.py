"""The open-data page and downloads, the DCAT catalogue and the API's documentation page."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from quartier.api import opendata
from quartier.api.endpoints import api
from quartier.core.csvexport import csv_response
from quartier.places.models import Town


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    context = {"datasets": opendata.DATASETS.values(), "licence": opendata.licence()}
    return render(request, "api/opendata.html", context)


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    body = json.dumps(opendata.catalogue(), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


@require_safe
def download(request: HttpRequest, name: str, extension: str) -> HttpResponseBase:
    dataset = opendata.DATASETS.get(name)
    if dataset is None or extension not in opendata.FORMATS:
        raise Http404
    rights = opendata.licence()
    if extension == "csv":
        response = csv_response(f"{name}.csv", dataset.columns, dataset.rows())
        response["Cache-Control"] = "public, max-age=300"
        response["Link"] = f'<{rights.text_url}>; rel="license"'
        return response
    town = Town.load()
    data = {
        "dataset": name,
        "title": str(dataset.title),
        "publisher": opendata.publisher(town)["foaf:name"],
        "licence": {"id": rights.key, "name": rights.name, "uri": rights.uri, "url": rights.text_url},
        "generated": timezone.now().isoformat(),
        "items": [dict(zip(dataset.columns, row, strict=True)) for row in dataset.rows()],
    }
    answer = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    answer["Link"] = f'<{rights.text_url}>; rel="license"'
    return answer


def _type(schema: dict[str, Any]) -> str:
    """A parameter's or field's type in a word: ``string (date)``, ``list of Shift``, ``integer or null``."""
    if "$ref" in schema:
        return str(schema["$ref"].rsplit("/", 1)[-1])
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"[{_type(schema.get('items', {}))}]"
    kind = str(schema.get("type", "object"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


@lru_cache(maxsize=1)
def documentation() -> dict[str, Any]:
    """The operations and data types of the OpenAPI schema, ready for the templates (once per process)."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    types = {
        name: [
            {
                "name": field,
                "type": _type(spec),
                "refs": _refs(spec),
                "required": field in definition.get("required", []),
                "description": spec.get("description", ""),
            }
            for field, spec in definition.get("properties", {}).items()
        ]
        for name, definition in schema.get("components", {}).get("schemas", {}).items()
    }
    operations = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type(parameter.get("schema", {})),
                    "description": parameter.get("description", "")
                    or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = operation["responses"]
            answer = (responses.get(200) or responses["200"])["content"]["application/json"]["schema"]
            operations[operation["operationId"]] = {
                "id": operation["operationId"],
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": parameters,
                "answer": _type(answer),
                "types": [{"name": name, "fields": types[name]} for name in _reachable(_refs(answer), types)],
            }
    return {
        "title": schema["info"]["title"],
        "description": schema["info"].get("description", ""),
        "operations": operations,
    }


def _refs(schema: dict[str, Any]) -> list[str]:
    """The named types a schema refers to, directly or in a list or alternative."""
    if "$ref" in schema:
        return [str(schema["$ref"].rsplit("/", 1)[-1])]
    found: list[str] = []
    for option in schema.get("anyOf", []):
        found += _refs(option)
    if "items" in schema:
        found += _refs(schema["items"])
    return found


def _reachable(names: list[str], types: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The types an answer consists of, the outermost first."""
    seen: list[str] = []
    queue = list(names)
    while queue:
        name = queue.pop(0)
        if name in seen or name not in types:
            continue
        seen.append(name)
        for field in types[name]:
            queue += field["refs"]
    return seen


def _common() -> dict[str, Any]:
    return {
        "doc": documentation(),
        "schema_url": reverse("api:openapi-json"),
        "root": reverse("api:api-root"),
        "rate_limit": settings.API_RATE_LIMIT,
    }


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", _common())


@require_safe
def docs_operation(request: HttpRequest, operation_id: str) -> HttpResponse:
    context = _common()
    operation = context["doc"]["operations"].get(operation_id)
    if operation is None:
        raise Http404
    context["operation"] = operation
    return render(request, "api/docs_operation.html", context)
