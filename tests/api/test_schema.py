"""What the OpenAPI schema promises, checked directly (schemathesis checks the answers)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ERROR_BODY = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_operation_ids_carry_no_version(schema):
    ids = {operation["operationId"] for _, _, operation in operations(schema)}
    assert {"projects_list", "projects_create", "minerals_list", "auth_token_create"} <= ids
    assert not [i for i in ids if i.startswith("v1")]


def test_every_error_has_one_body_and_the_expected_statuses(schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail"]
    assert problem["properties"]["detail"]["type"] == "string"
    for path, method, operation in operations(schema):
        errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
        assert "429" in errors, (path, method)
        for code, response in errors.items():
            assert response["content"] == ERROR_BODY, (path, method, code)
    responses = schema["paths"]["/api/v1/projects/{reference}/publish/"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "429"} <= set(responses)
    assert {"400", "401", "404", "429"} <= set(
        schema["paths"]["/api/v1/projects/"]["get"]["responses"]
    )
    assert "404" in schema["paths"]["/api/v1/minerals/{slug}/"]["get"]["responses"]


def test_public_endpoints_are_declared_public(schema):
    public = {
        (path, method)
        for path, method, operation in operations(schema)
        if operation.get("security") == []
    }
    assert ("/api/v1/auth/token/", "post") in public
    assert ("/api/v1/projects/", "get") in public
    assert ("/api/v1/minerals/{slug}/", "get") in public
    assert ("/api/v1/projects/", "post") not in public
    assert ("/api/v1/me/", "get") not in public


def test_request_bodies_are_json_only(schema):
    for path, _method, operation in operations(schema):
        if "requestBody" in operation:
            assert list(operation["requestBody"]["content"]) == ["application/json"], path


def test_nullable_fields_and_typed_bounded_parameters(schema):
    components = schema["components"]["schemas"]
    assert components["Region"]["properties"]["parent"]["nullable"] is True
    assert components["ProjectDetail"]["properties"]["district"]["nullable"] is True
    contact = components["Contact"]["properties"]
    assert set(contact) == {"name", "email"}
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/minerals/"]["get"]["parameters"]
    }
    assert parameters["is_critical"]["type"] == "boolean"
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["page"] == {"type": "integer", "minimum": 1}


def test_the_description_says_what_exists(schema):
    description = schema["info"]["description"]
    for words in ("projects", "four eyes", "problem", "Accept-Language", "Bearer"):
        assert words in description
    assert "later versions" not in description


@pytest.mark.parametrize("value", ["0", "101", "abc", "-1", "1.5", "²"])
def test_page_size_out_of_bounds_is_a_400(value, reference_data):
    response = APIClient().get(f"/api/v1/minerals/?page_size={value}")
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_validation_errors_always_have_a_string_detail(reference_data, official):
    api = APIClient()
    api.force_authenticate(official)
    response = api.post("/api/v1/projects/", {}, format="json")
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["errors"]["title"]
    assert body["status"] == 400


def test_errors_are_in_the_callers_language(reference_data, official):
    api = APIClient()
    api.force_authenticate(official)
    response = api.post("/api/v1/projects/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["title"] == "请求无效"
    assert response.json()["detail"] == "部分值无效；请查看各字段的错误。"


def test_an_unoffered_method_is_a_405_before_credentials_are_asked_for(reference_data):
    response = APIClient().generic("TRACE", "/api/v1/projects/geojson/")
    assert response.status_code == 405
    assert response.json()["status"] == 405
