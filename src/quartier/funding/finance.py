"""The figures of a cost and financing plan: sums per side, whether it balances, and which cost
lines were overrun by more than ``FUNDING_LINE_OVERRUN_PERCENT`` (ANBest-P allows single lines
to be exceeded by up to 20 % when savings elsewhere compensate). Pure computation on lines
already loaded: no query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from quartier.funding.models import COST_CATEGORIES, PlanLine

ZERO = Decimal("0.00")


def euros(amount: Decimal) -> str:
    """An amount as Germans write it: "1.234,50 €"."""
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} €"


@dataclass(frozen=True)
class LineFigures:
    line: PlanLine
    difference: Decimal  # actual - planned
    overrun_percent: Decimal | None  # by how much the actual passes the plan, None without a plan
    flag: str  # why the line is flagged, "" when it is not

    @property
    def flagged(self) -> bool:
        return bool(self.flag)


@dataclass(frozen=True)
class PlanFigures:
    costs: list[LineFigures]
    financing: list[LineFigures]
    cost_planned: Decimal
    cost_actual: Decimal
    financing_planned: Decimal
    financing_actual: Decimal
    allowed_percent: int

    @property
    def difference(self) -> Decimal:
        """Planned financing minus planned costs: 0 when the plan balances."""
        return self.financing_planned - self.cost_planned

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    @property
    def flagged(self) -> list[LineFigures]:
        return [row for row in self.costs if row.flagged]

    @property
    def lines(self) -> list[LineFigures]:
        return self.costs + self.financing


def line_figures(line: PlanLine, allowed_percent: int) -> LineFigures:
    difference = line.actual - line.planned
    if line.category not in COST_CATEGORIES:
        return LineFigures(line, difference, None, "")
    if line.planned == 0:
        flag = _("Ausgaben ohne Planansatz") if line.actual > 0 else ""
        return LineFigures(line, difference, None, flag)
    percent = (difference * 100 / line.planned).quantize(Decimal("0.1"))
    flag = ""
    if line.actual * 100 > line.planned * (100 + allowed_percent):
        flag = _("um %(percent)s %% überschritten (erlaubt: %(allowed)s %%)") % {
            "percent": number_format(percent, 1, use_l10n=True),
            "allowed": allowed_percent,
        }
    return LineFigures(line, difference, percent if difference > 0 else None, flag)


def plan_figures(lines: Iterable[PlanLine], allowed_percent: int | None = None) -> PlanFigures:
    allowed = settings.FUNDING_LINE_OVERRUN_PERCENT if allowed_percent is None else allowed_percent
    rows = [line_figures(line, allowed) for line in lines]
    costs = [row for row in rows if row.line.category in COST_CATEGORIES]
    financing = [row for row in rows if row.line.category not in COST_CATEGORIES]
    return PlanFigures(
        costs=costs,
        financing=financing,
        cost_planned=sum((row.line.planned for row in costs), ZERO),
        cost_actual=sum((row.line.actual for row in costs), ZERO),
        financing_planned=sum((row.line.planned for row in financing), ZERO),
        financing_actual=sum((row.line.actual for row in financing), ZERO),
        allowed_percent=allowed,
    )


def balance_refusal(figures: PlanFigures) -> str:
    """Why the plan may not be submitted yet, or "" when it may."""
    if not figures.costs:
        return _(
            "Bitte tragen Sie vor dem Einreichen den Kosten- und Finanzierungsplan ein (mindestens eine Kostenzeile)."
        )
    if figures.balanced:
        return ""
    values = {
        "costs": euros(figures.cost_planned),
        "financing": euros(figures.financing_planned),
        "difference": euros(abs(figures.difference)),
    }
    if figures.difference < 0:
        return (
            _(
                "Der Kosten- und Finanzierungsplan ist nicht ausgeglichen: Kosten %(costs)s, Finanzierung "
                "%(financing)s. Es fehlen %(difference)s Finanzierung."
            )
            % values
        )
    return (
        _(
            "Der Kosten- und Finanzierungsplan ist nicht ausgeglichen: Kosten %(costs)s, Finanzierung "
            "%(financing)s. Die Finanzierung übersteigt die Kosten um %(difference)s."
        )
        % values
    )
