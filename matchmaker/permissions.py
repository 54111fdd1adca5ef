"""The one permission policy: who may see, change or create which challenge and capability.

Every view, list, JSON endpoint and export asks this module. Single objects go through
``can_view``/``can_edit``; lists through the ``visible_*`` SQL clauses, which say the same thing.
Things a user may not see answer 404 (their existence is not confirmed); things a user may see but
not change answer 403.
"""
from __future__ import annotations

from typing import TypeVar

from flask import abort
from sqlalchemy import ColumnElement, and_, false, func, or_, select, true

from matchmaker.auth.models import Organisation, User
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.enums import MeetingStatus, OrganisationKind, Role, Status, Visibility, WorkshopStatus
from matchmaker.extensions import db
from matchmaker.jobs.models import Job
from matchmaker.workshops.models import Meeting, Registration, Workshop

Item = TypeVar("Item", Challenge, Capability)


def _logged_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_organiser(user) -> bool:
    return _logged_in(user) and user.role == Role.ORGANISER


def is_owner(user, item: Challenge | Capability) -> bool:
    """Members of the organisation that posted an item own it together."""
    return _logged_in(user) and user.organisation_id is not None and user.organisation_id == item.organisation_id


def can_view(user, item: Challenge | Capability) -> bool:
    if is_organiser(user) or is_owner(user, item):
        return True
    if item.status == Status.DRAFT:
        return False
    if isinstance(item, Capability):
        return True
    if item.visibility == Visibility.PUBLIC:
        return True
    if item.visibility == Visibility.MEMBERS:
        return _logged_in(user)
    return False


def can_edit(user, item: Challenge | Capability) -> bool:
    return is_organiser(user) or is_owner(user, item)


def can_create(user, model: type[Challenge] | type[Capability]) -> bool:
    """Packaging firms post challenges, photonics members post capabilities, each for their organisation."""
    if not _logged_in(user) or user.organisation_id is None:
        return False
    wanted = Role.PACKAGING if model is Challenge else Role.PHOTONICS
    return user.role == wanted


def shows_organisation(user, item: Challenge | Capability) -> bool:
    """Anonymous challenges hide who posted them from everyone but the owner and the organisers."""
    if isinstance(item, Capability) or not item.anonymous:
        return True
    return is_organiser(user) or is_owner(user, item)


def visible_clause(user, model: type[Challenge] | type[Capability]) -> ColumnElement[bool]:
    """The SQL twin of ``can_view`` for lists and searches."""
    if is_organiser(user):
        return true()
    own = model.organisation_id == user.organisation_id if _logged_in(user) and user.organisation_id else false()
    published = model.status != Status.DRAFT
    if model is Capability:
        return or_(own, published)
    levels = [Visibility.PUBLIC, Visibility.MEMBERS] if _logged_in(user) else [Visibility.PUBLIC]
    return or_(own, and_(published, Challenge.visibility.in_(levels)))


def organisation_shown_clause(user, model: type[Challenge] | type[Capability]) -> ColumnElement[bool]:
    """The SQL twin of ``shows_organisation``: filters on the organisation must not unmask anonymous posts."""
    if model is Capability or is_organiser(user):
        return true()
    own = Challenge.organisation_id == user.organisation_id if _logged_in(user) and user.organisation_id else false()
    return or_(own, Challenge.anonymous.is_(False))


def get_or_404(model: type[Item], item_id: int, user, *, for_edit: bool = False) -> Item:
    """Load an item the user may see (else 404) and, with ``for_edit``, may change (else 403)."""
    item = db.session.get(model, item_id)
    if item is None or not can_view(user, item):
        abort(404)
    if for_edit and not can_edit(user, item):
        abort(403)
    return item


def require_create(user, model: type[Challenge] | type[Capability]) -> None:
    """403 for a logged-in user of the wrong role; anonymous visitors are sent to log in by the view."""
    if not can_create(user, model):
        abort(403)


def require_organiser(user) -> None:
    if not is_organiser(user):
        abort(403)


# --- Workshops ----------------------------------------------------------------------------------------------
# Organisers run workshops; draft workshops exist only for them (404 for everyone else). Firms take part
# through their organisation: they see their own registration, requests, pitches, agenda and outcomes, and
# nobody else's. Inside a workshop the challenge rules above still hold: a challenge a participant may not see
# (``can_view``) is never named to it, and a packaging firm that brings an anonymous challenge is shown to
# photonics members as "Anonymous packaging firm" unless it accepted a meeting request from their firm.

def can_manage_workshop(user) -> bool:
    return is_organiser(user)


def can_view_workshop(user, workshop: Workshop) -> bool:
    return is_organiser(user) or workshop.status != WorkshopStatus.DRAFT


def visible_workshop_clause(user) -> ColumnElement[bool]:
    """The SQL twin of ``can_view_workshop``."""
    return true() if is_organiser(user) else Workshop.status != WorkshopStatus.DRAFT


def get_workshop_or_404(workshop_id: int, user, *, manage: bool = False) -> Workshop:
    """Load a workshop the user may see (else 404) and, with ``manage``, may run (else 403)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not can_view_workshop(user, workshop):
        abort(404)
    if manage and not can_manage_workshop(user):
        abort(403)
    return workshop


def participant_kind(user) -> OrganisationKind | None:
    """Which side of a workshop this user takes part on, or None (visitors, organisers, firm-less accounts)."""
    if not _logged_in(user) or user.organisation_id is None:
        return None
    return {Role.PACKAGING: OrganisationKind.PACKAGING, Role.PHOTONICS: OrganisationKind.PHOTONICS}.get(user.role)


def require_participant(user) -> None:
    if participant_kind(user) is None:
        abort(403)


def can_register(user, workshop: Workshop) -> bool:
    """New registrations: firms only, while the workshop is open and its deadline (venue's day) has not passed."""
    return (participant_kind(user) is not None and workshop.status == WorkshopStatus.OPEN
            and workshop.today() <= workshop.registration_deadline)


def can_change_registration(user, registration: Registration) -> bool:
    """A firm edits or withdraws its registration, and sends or answers interest, until the schedule is made."""
    return (participant_kind(user) is not None and user.organisation_id == registration.organisation_id
            and registration.workshop.status == WorkshopStatus.OPEN)


def agendas_published(workshop: Workshop) -> bool:
    return workshop.status in (WorkshopStatus.PUBLISHED, WorkshopStatus.CLOSED)


def meeting_visible_to(user, meeting: Meeting) -> bool:
    """Organisers see every meeting; a firm sees its own meetings once the agendas are published."""
    if is_organiser(user):
        return True
    return (participant_kind(user) is not None and meeting.involves(user.organisation_id)
            and agendas_published(meeting.workshop))


def can_record_outcome(user, meeting: Meeting) -> bool:
    """Each side records its own meetings' outcomes once the workshop is closed or its day is over."""
    workshop = meeting.workshop
    return (participant_kind(user) is not None and meeting.involves(user.organisation_id)
            and meeting.status == MeetingStatus.SCHEDULED and agendas_published(workshop)
            and (workshop.status == WorkshopStatus.CLOSED or workshop.date < workshop.today()))


def masks_firm(user, registration: Registration | None, *, revealed: bool = False,
               challenges: tuple[Challenge, ...] = ()) -> bool:
    """Whether to show this packaging firm as "Anonymous packaging firm" to the user.

    It is masked when any challenge it brings (or ``challenges``, e.g. a meeting's) hides its name from the user
    (``shows_organisation``), unless ``revealed``: the firm accepted a meeting request from the user's firm.
    """
    items = [*(registration.challenges if registration is not None else ()), *challenges]
    if revealed or is_organiser(user):
        return False
    return any(not shows_organisation(user, challenge) for challenge in items)


# --- Audit log, accounts and organisations (GDPR) ----------------------------------------------------------
# Organisers read the audit log and export or erase any organisation. Everyone logged in sees, exports and
# deletes their own account, except the last organiser (someone must remain to run the platform). A firm's last
# member deletes the firm with the account (the view asks for an explicit extra confirmation).

def require_audit_reader(user) -> None:
    if not is_organiser(user):
        abort(403)


def require_organisation_manager(user) -> None:
    if not is_organiser(user):
        abort(403)


def _organiser_count(*conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(User)
                             .where(User.role == Role.ORGANISER, *conditions)) or 0


def is_last_organiser(user) -> bool:
    return is_organiser(user) and _organiser_count() <= 1


def is_last_member(user) -> bool:
    """Whether deleting this account leaves its organisation without anyone to speak for it."""
    if not _logged_in(user) or user.organisation_id is None:
        return False
    return (db.session.scalar(select(func.count()).select_from(User)
                              .where(User.organisation_id == user.organisation_id)) or 0) <= 1


def can_delete_account(user) -> bool:
    return _logged_in(user) and not is_last_organiser(user)


def erasure_keeps_an_organiser(organisation: Organisation) -> bool:
    """Whether some organiser account survives erasing this organisation (with its members)."""
    return (not _organiser_count(User.organisation_id == organisation.id)
            or _organiser_count(or_(User.organisation_id.is_(None), User.organisation_id != organisation.id)) > 0)


def can_erase_organisation(user, organisation: Organisation) -> bool:
    """Organisers erase firms, but never the one holding every organiser account."""
    return is_organiser(user) and erasure_keeps_an_organiser(organisation)


def get_organisation_or_404(organisation_id: int, user):
    """An organisation for an organiser to export or erase: 403 for everyone else, 404 when it does not exist."""
    require_organisation_manager(user)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


# --- Background jobs ------------------------------------------------------------------------------------------
# A job's progress and outcome (which may name firms and conflicts) are shown to whoever started it and to
# organisers; everyone else gets 404, so a job's existence is not confirmed.

def can_view_job(user, job: Job) -> bool:
    return is_organiser(user) or (_logged_in(user) and job.started_by_id is not None and job.started_by_id == user.id)


def get_job_or_404(job_id: int, user) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not can_view_job(user, job):
        abort(404)
    return job
