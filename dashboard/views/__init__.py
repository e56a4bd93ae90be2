"""Every explorer page, declared once: what pages, exports, slides, warm-up and the shell all read.

A `View` names a page (its id is the page module's name in `dashboard.pages` and the page part
of its export URLs), its path, title and place in the navigation, and the outputs it fills with
the function computing them from a `Scope`, by output id. The compute functions live in this
package, next to the spec, and import nothing from Dash: a page module only lays the outputs
out and wires them (components/pagekit.py), and exports compute the very same values without
importing a page. `EXPLORER` lists the views explicitly: no registry is filled by importing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.webctx import Scope


@dataclass(frozen=True)
class View:
    id: str
    path: str
    title: str  # an N_ message: translated where it is shown
    order: int
    outputs: tuple[tuple[str, str], ...] = ()  # (component id, property), filled by `compute`
    compute: Callable[[Scope], dict] | None = None

    def values(self, scope: Scope) -> list:
        """The outputs' values in the order of `outputs`; compute must name each output exactly once."""
        named = self.compute(scope)
        expected = [oid for oid, _prop in self.outputs]
        if set(named) != set(expected):
            raise ValueError(f"page {self.id}: compute gave {sorted(named)}, the page has {sorted(expected)}")
        return [named[oid] for oid in expected]

    def figures(self, scope: Scope) -> list[tuple[str, dict]]:
        """(id, figure) of every chart the page shows for a scope: what exports and slides take."""
        named = self.compute(scope) if self.compute else {}
        return [(oid, named[oid]) for oid, prop in self.outputs if prop == "figure"]

    @property
    def chart_ids(self) -> tuple[str, ...]:
        """The page's figures, known before computing anything."""
        return tuple(oid for oid, prop in self.outputs if prop == "figure")

    @property
    def exportable(self) -> bool:
        return bool(self.chart_ids)


def _explorer() -> dict[str, View]:
    from dashboard.views import geography, key_populations, methodology, overview, response, trends, violations

    views = [module.VIEW for module in (overview, key_populations, violations, response, trends, geography,
                                        methodology)]
    return {view.id: view for view in sorted(views, key=lambda v: v.order)}


EXPLORER: dict[str, View] = _explorer()


def exportable() -> dict[str, View]:
    """The views whose charts can be downloaded and put on slides."""
    return {vid: view for vid, view in EXPLORER.items() if view.exportable}
