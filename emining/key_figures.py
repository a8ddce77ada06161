"""Live key figures on the home page, contributed by each app.

The core cannot import the domain apps (dependencies point one way), so each app registers
a function returning its figures in its `AppConfig.ready()`; the home page asks them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class KeyFigure:
    label: str | Promise
    value: int
    url: str = ""
    order: int = 100


_providers: list[Callable[[], list[KeyFigure]]] = []


def register(provider: Callable[[], list[KeyFigure]]) -> Callable[[], list[KeyFigure]]:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def collect() -> list[KeyFigure]:
    figures = [figure for provider in _providers for figure in provider()]
    return sorted(figures, key=lambda figure: figure.order)
