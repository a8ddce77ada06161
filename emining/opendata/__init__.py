"""Open data: the registry of public datasets and how they are streamed as CSV and JSON.

The core cannot import the domain apps (dependencies point one way), so each app declares
its datasets in its `AppConfig.ready()`: a name, the queryset of its public rows and its
columns. The `/opendata/` page lists what is registered and one view streams any of them, so
a new dataset (the public MoUs, say) is one more declaration in its own app.

Exports are streamed, so 100,000 rows never sit in memory at once: JSON rows come from a
server-side cursor (`iterator(chunk_size=...)`) and leave as text in batches; CSV is written
by PostgreSQL itself (`COPY (query) TO STDOUT`) and passed on as it arrives. Everything that can
go wrong with the request (an unknown parameter, a bad filter value) is checked before the
first byte is sent: a bad request is a 400, never a half file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, F, Func, QuerySet, Value
from django.db.models.functions import Cast
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The licence every download is published under (the page and the OCDS packages name it).
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NOTE = gettext_lazy(
    "Open data under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): "
    "you may copy, share and adapt it for any purpose, if you credit the Pak-China E-Mining "
    "Platform as the source."
)

# Rows read from the database per round trip, and written to the client per chunk.
CHUNK_SIZE = 2000
FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Column:
    """One column: its name in the file (stable, English, machine-readable) and the
    `values_list` lookup or annotation it reads. `many` columns hold a list (an array
    annotation): JSON keeps the list, CSV joins it with semicolons."""

    name: str
    source: str = ""
    many: bool = False

    @property
    def lookup(self) -> str:
        return self.source or self.name


@dataclass(frozen=True)
class Dataset:
    """A public dataset. `rows()` returns only public rows, with whatever annotations the
    columns read; the view never adds rows, only narrows them with `filterset_class`."""

    name: str
    title: str | Promise
    description: str | Promise
    rows: Callable[[], QuerySet]
    columns: tuple[Column, ...]
    ordering: tuple[str, ...] = ("pk",)
    filterset_class: type | None = None
    order: int = 100

    @property
    def parameters(self) -> tuple[str, ...]:
        if self.filterset_class is None:
            return ()
        return tuple(self.filterset_class.base_filters)


@dataclass(frozen=True)
class Download:
    """A published file that is not one of the tables (the OCDS bulk package): the page
    lists it with a link to its own view."""

    name: str
    title: str | Promise
    description: str | Promise
    url_name: str
    format_label: str
    order: int = 100


_datasets: dict[str, Dataset] = {}
_downloads: dict[str, Download] = {}


def register_dataset(dataset: Dataset) -> Dataset:
    _datasets[dataset.name] = dataset
    return dataset


def register_download(download: Download) -> Download:
    _downloads[download.name] = download
    return download


def datasets() -> list[Dataset]:
    return sorted(_datasets.values(), key=lambda dataset: (dataset.order, dataset.name))


def downloads() -> list[Download]:
    return sorted(_downloads.values(), key=lambda download: (download.order, download.name))


def get_dataset(name: str) -> Dataset:
    try:
        return _datasets[name]
    except KeyError:
        raise Http404 from None


# --- Reading the rows ------------------------------------------------------------------------


class BadParameters(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def export_queryset(dataset: Dataset, params, *, fmt: str = "json") -> QuerySet:
    """The dataset's public rows narrowed by the request's parameters, as `values_list`
    tuples in the columns' order. Raises `BadParameters` for anything it does not know."""
    unknown = sorted(set(params) - set(dataset.parameters))
    if unknown:
        raise BadParameters({name: [_("Unknown parameter.")] for name in unknown})
    for name in params:
        if len(params.getlist(name)) > 1:
            raise BadParameters({name: [_("Give this parameter once.")]})
    queryset = dataset.rows()
    if dataset.filterset_class is not None and params:
        filterset = dataset.filterset_class(params, queryset=queryset)
        if not filterset.is_valid():
            raise BadParameters({name: list(errors) for name, errors in filterset.errors.items()})
        queryset = filterset.qs
    queryset = queryset.order_by(*dataset.ordering)
    return queryset.values_list(*_selected(dataset, queryset, fmt=fmt))


# Times in UTC as ISO 8601 (`2026-12-03T10:00:00Z`), written by the database so that CSV
# and JSON agree to the character.
_ISO_UTC = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


def _selected(dataset: Dataset, queryset: QuerySet, *, fmt: str) -> list:
    """What the SELECT reads for each column: the value itself, a datetime as ISO text, and
    for CSV a list joined with semicolons and a boolean as `true`/`false`."""
    query = queryset.query.clone()
    selected: list = []
    for column in dataset.columns:
        kind = query.resolve_ref(column.lookup, allow_joins=True).output_field.get_internal_type()
        if kind == "DateTimeField":
            selected.append(Func(F(column.lookup), template=_ISO_UTC, output_field=CharField()))
        elif fmt == "csv" and column.many:
            selected.append(
                Func(
                    F(column.lookup),
                    Value(";"),
                    function="array_to_string",
                    output_field=CharField(),
                )
            )
        elif fmt == "csv" and kind == "BooleanField":
            selected.append(Cast(F(column.lookup), CharField()))
        else:
            selected.append(column.lookup)
    return selected


def _rows(queryset: QuerySet) -> Iterator[tuple]:
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def _batched(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    size = CHUNK_SIZE
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Writing them ----------------------------------------------------------------------------


def csv_chunks(dataset: Dataset, queryset: QuerySet) -> Iterator[str | bytes]:
    """The header, then the rows as PostgreSQL writes them (`COPY (query) TO STDOUT`): the
    database formats the CSV itself, several times faster than Python reading and writing
    each value, and sends it as it goes. The query is the `values_list` one, so the rows and
    values are exactly the JSON export's (lists joined with semicolons)."""
    # A byte-order mark first: without it Excel reads UTF-8 as the local code page and
    # Chinese and Urdu names come out as mojibake. Other CSV readers skip it.
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.name for column in dataset.columns])
    yield "\ufeff" + buffer.getvalue()
    sql, params = queryset.query.sql_with_params()
    connection = connections[queryset.db]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        pending = bytearray()
        for block in copy:  # about one row each: sent on in pieces of 64 KiB
            pending += block
            if len(pending) >= 65536:
                yield bytes(pending)
                pending.clear()
        if pending:
            yield bytes(pending)


def json_chunks(dataset: Dataset, queryset: QuerySet) -> Iterator[str]:
    """A JSON array of objects, one per row, written as the rows arrive."""
    names = [column.name for column in dataset.columns]
    many = [column.many for column in dataset.columns]
    encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))
    yield "["
    separator = "\n"
    for batch in _batched(_rows(queryset)):
        parts = []
        for row in batch:
            record = {
                name: (list(value or ()) if m else value)
                for name, value, m in zip(names, row, many, strict=True)
            }
            parts.append(separator + encoder.encode(record))
            separator = ",\n"
        yield "".join(parts)
    yield "\n]\n"


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def attachment(chunks: Iterator[str], *, filename: str, content_type: str):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dated_filename(name: str, extension: str) -> str:
    return f"emining-{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def export_response(dataset: Dataset, fmt: str, params):
    if fmt not in FORMATS:
        raise Http404
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        # Array subqueries, to_char and COPY: the production database's. A development
        # database in SQLite says so rather than failing halfway through a file.
        return JsonResponse(
            {"detail": _("The open-data exports need a PostgreSQL database.")}, status=503
        )
    try:
        queryset = export_queryset(dataset, params, fmt=fmt)
    except BadParameters as error:
        return JsonResponse(error.errors, status=400, json_dumps_params={"ensure_ascii": False})
    chunks = csv_chunks if fmt == "csv" else json_chunks
    return attachment(
        chunks(dataset, queryset),
        filename=dated_filename(dataset.name, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
