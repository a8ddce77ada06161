"""Open data: the registry of public datasets and how they are streamed as CSV and JSON.

The core cannot import the domain apps (dependencies point one way), so each app declares
its datasets in its `AppConfig.ready()`: a name, the queryset of its public rows and its
columns. The `/opendata/` page lists what is registered and one view streams any of them, so
a new dataset (the public MoUs, say) is one more declaration in its own app.

Exports are streamed: rows come from a server-side cursor (`iterator(chunk_size=...)`) and
leave as text in batches, so 100,000 rows never sit in memory at once. Everything that can
go wrong with the request (an unknown parameter, a bad filter value) is checked before the
first byte is sent: a bad request is a 400, never a half file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
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


def export_queryset(dataset: Dataset, params) -> QuerySet:
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
    return queryset.order_by(*dataset.ordering).values_list(
        *(column.lookup for column in dataset.columns)
    )


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


def _csv_value(value: Any, *, many: bool) -> Any:
    if many:
        return ";".join(str(item) for item in value or ())
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_chunks(dataset: Dataset, queryset: QuerySet) -> Iterator[str]:
    # A byte-order mark first: without it Excel reads UTF-8 as the local code page and
    # Chinese and Urdu names come out as mojibake. Other CSV readers skip it.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in dataset.columns])
    yield "\ufeff" + buffer.getvalue()
    many = [column.many for column in dataset.columns]
    for batch in _batched(_rows(queryset)):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows(
            [_csv_value(value, many=m) for value, m in zip(row, many, strict=True)] for row in batch
        )
        yield buffer.getvalue()


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
    try:
        queryset = export_queryset(dataset, params)
    except BadParameters as error:
        return JsonResponse(error.errors, status=400, json_dumps_params={"ensure_ascii": False})
    chunks = csv_chunks if fmt == "csv" else json_chunks
    return attachment(
        chunks(dataset, queryset),
        filename=dated_filename(dataset.name, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
