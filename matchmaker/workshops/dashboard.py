"""The organisers' workshop dashboard: who takes part, how the meetings fill the day, and what came of them.

Plain functions over the models count; ``dashboard_charts`` turns the counts into chart geometry (``charts``)
with labels in the reader's language.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import format_decimal, get_locale, gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from matchmaker import charts
from matchmaker.enums import MeetingStatus, OrganisationKind, Outcome
from matchmaker.extensions import db
from matchmaker.workshops.models import Meeting, Workshop
from matchmaker.workshops.outcomes import RANK, OutcomeStats, outcome_stats
from matchmaker.workshops.services import programme


@dataclass(frozen=True)
class MetPair:
    """A held meeting, the engine's score of its pair, and the furthest outcome either side recorded."""

    meeting_id: int
    packaging: str
    photonics: str
    score: float
    outcome: Outcome | None  # None until either side records one


@dataclass(frozen=True)
class WorkshopDashboard:
    packaging: int
    photonics: int
    by_country: list[tuple[str, int]]  # (ISO country code, firms), most first
    by_cluster: list[tuple[str, int]]  # (cluster, firms), most first; "" for firms without a cluster
    per_slot: list[tuple[int, int]]  # every slot of the programme with its held meetings
    per_table: list[tuple[int, int]]  # every table with its held meetings
    held: int
    cancelled: int
    outcomes: OutcomeStats
    met_pairs: list[MetPair]

    @property
    def participants(self) -> int:
        return self.packaging + self.photonics

    def by_furthest_outcome(self) -> list[tuple[Outcome | None, int]]:
        """Held meetings per furthest recorded outcome, every outcome listed, then those without a record."""
        counts = Counter(pair.outcome for pair in self.met_pairs)
        return [(outcome, counts[outcome]) for outcome in Outcome] + [(None, counts[None])]


@dataclass(frozen=True)
class DashboardCharts:
    by_country: charts.BarChart
    by_cluster: charts.BarChart
    per_slot: charts.BarChart
    per_table: charts.BarChart
    outcomes: charts.BarChart
    score_vs_outcome: charts.StripPlot
    point_titles: list[str]  # one per point of score_vs_outcome, in its order


def _most_first(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _meetings(workshop: Workshop) -> list[Meeting]:
    return list(db.session.scalars(
        select(Meeting).where(Meeting.workshop_id == workshop.id).order_by(Meeting.id)
        .options(joinedload(Meeting.packaging), joinedload(Meeting.photonics), selectinload(Meeting.outcomes))))


def furthest_outcome(meeting: Meeting) -> Outcome | None:
    return max((record.outcome for record in meeting.outcomes), key=RANK.__getitem__, default=None)


def workshop_dashboard(workshop: Workshop) -> WorkshopDashboard:
    """Everything the dashboard counts, for one workshop."""
    firms = [registration.organisation for registration in workshop.registrations]
    meetings = _meetings(workshop)
    held = [meeting for meeting in meetings if meeting.status == MeetingStatus.SCHEDULED]
    slots, tables = Counter(m.slot for m in held), Counter(m.table_number for m in held)
    return WorkshopDashboard(
        packaging=sum(1 for firm in firms if firm.kind == OrganisationKind.PACKAGING),
        photonics=sum(1 for firm in firms if firm.kind == OrganisationKind.PHOTONICS),
        by_country=_most_first(Counter(firm.country for firm in firms)),
        by_cluster=_most_first(Counter(firm.cluster.strip() for firm in firms)),
        per_slot=[(slot, slots[slot]) for slot in range(1, max([workshop.slot_count, *slots]) + 1)],
        per_table=[(table, tables[table]) for table in range(1, max([workshop.tables, *tables]) + 1)],
        held=len(held), cancelled=len(meetings) - len(held), outcomes=outcome_stats(workshop),
        met_pairs=[MetPair(m.id, m.packaging.name, m.photonics.name, m.score, furthest_outcome(m)) for m in held],
    )


def country_name(code: str) -> str:
    """The country's name in the reader's language (the code itself when Babel does not know it)."""
    return get_locale().territories.get(code.upper(), code) if code else _("Unknown")


def _outcome_label(outcome: Outcome | None) -> str:
    return outcome.label if outcome is not None else _("No outcome recorded yet")


def dashboard_charts(workshop: Workshop, dashboard: WorkshopDashboard) -> DashboardCharts:
    """The dashboard's charts, labelled for the reader."""
    starts = {slot.number: slot.label for slot in programme(workshop)}
    groups: dict[Outcome | None, list[tuple[str, float]]] = {outcome: [] for outcome in Outcome}
    titles: dict[Outcome | None, list[str]] = {outcome: [] for outcome in Outcome}
    for pair in dashboard.met_pairs:
        groups.setdefault(pair.outcome, []).append((str(pair.meeting_id), pair.score))
        titles.setdefault(pair.outcome, []).append(_(
            "%(packaging)s ↔ %(photonics)s: score %(score)s, %(outcome)s", packaging=pair.packaging,
            photonics=pair.photonics, score=format_decimal(pair.score, "0.00"), outcome=_outcome_label(pair.outcome)))
    strip = charts.strip_plot([(_outcome_label(outcome), members) for outcome, members in groups.items()])
    group_titles = list(titles.values())
    return DashboardCharts(
        by_country=charts.bar_chart([(country_name(code), n) for code, n in dashboard.by_country]),
        by_cluster=charts.bar_chart([(name or _("No cluster"), n) for name, n in dashboard.by_cluster]),
        per_slot=charts.bar_chart([(_("Slot %(number)s · %(time)s", number=slot, time=starts.get(slot, "–")), n)
                                   for slot, n in dashboard.per_slot], reference=workshop.tables),
        per_table=charts.bar_chart([(_("Table %(number)s", number=table), n) for table, n in dashboard.per_table],
                                   reference=workshop.slot_count),
        outcomes=charts.bar_chart([(_outcome_label(outcome), n) for outcome, n in dashboard.by_furthest_outcome()]),
        score_vs_outcome=strip,
        point_titles=[group_titles[point.group][point.index] for point in strip.points],
    )
