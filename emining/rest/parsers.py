"""The API reads JSON only, and refuses JSON nested deeper than any of its inputs needs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest input the API takes is a project's criteria: {"evaluation_criteria": [{...}]}.
MAX_JSON_DEPTH = 16


def json_depth(value) -> int:
    """How deeply arrays and objects nest in `value`, measured without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a nesting limit: a body nested a thousand levels deep would
    otherwise exhaust Python's recursion limit (a 500) or the validators' patience."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(self.too_deep_message()) from exc
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ParseError(self.too_deep_message())
        return data

    @staticmethod
    def too_deep_message() -> str:
        return _("JSON nested deeper than %(depth)s levels is not accepted.") % {
            "depth": MAX_JSON_DEPTH
        }
