"""Serializer fields shared by the apps' APIs."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.STR)
class LookupRelatedField(serializers.SlugRelatedField):
    """A related record named by a slug (or another unique text), refusing what no record can
    be called before it reaches the database: PostgreSQL rejects a NUL byte in text with an
    error of its own, which would otherwise be a 500; only text names a record."""

    max_lookup_length = 254

    def to_internal_value(self, data):
        if not isinstance(data, str):
            # A number or an object would reach the query as such (UPPER(0) fails on PostgreSQL).
            self.fail("invalid")
        if "\x00" in data or len(data) > self.max_lookup_length:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
