"""Writing the audit log: explicit ``record`` calls for events, and a flush listener for challenges and capabilities.

Challenge and capability inserts, updates and deletes are written by ``_audit_submissions`` on the session's own
connection after each flush, so an entry lives and dies with the change it describes: a rolled-back change leaves
no entry and a committed one cannot lose it. The actor is the logged-in user of the current request, "visitor"
without one, and "command line" outside a request. Summaries name ids and non-secret fields only.
"""
from __future__ import annotations

from flask import has_request_context
from flask_babel import force_locale
from sqlalchemy import Select, event, inspect, insert, select, update
from sqlalchemy.orm import Session

from matchmaker.audit.models import COMMAND_LINE, DELETED_USER, LABEL_MAX, SUMMARY_MAX, VISITOR, AuditEntry
from matchmaker.auth.models import Organisation, User
from matchmaker.capabilities.models import Capability
from matchmaker.challenges.models import Challenge
from matchmaker.extensions import db

# The families of actions organisers filter by (the part before the dot).
ACTION_PREFIXES = ("auth", "account", "organisation", "challenge", "capability", "workshop", "meeting", "export")
AUDITED_ITEMS = {Challenge: "challenge", Capability: "capability"}
# Columns whose change says nothing an organiser needs: derived or bookkeeping values.
UNREPORTED = {"updated_at", "language", "created_at"}
ACTORS_ORGANISATION = object()  # ``record``'s default: the entry concerns the actor's own organisation
SHOWN_VALUES = {"status", "visibility", "anonymous", "trl", "trl_target", "category"}
_ENGLISH_ROLE_LABELS: dict = {}  # role -> its English label, worked out once (every audited write names one)


def actor_label(user) -> str:
    """A role and organisation, never a person's name or email: what the log says about who acted."""
    label = _ENGLISH_ROLE_LABELS.get(user.role)
    if label is None:
        with force_locale("en"):  # stored once for every reader: the log's own words stay English
            label = _ENGLISH_ROLE_LABELS[user.role] = user.role.label
    if user.organisation is not None:
        label += f" · {user.organisation.name}"
    return label[:LABEL_MAX]


def _gone(session: Session, user) -> bool:
    state = inspect(user)
    return user in session.deleted or state.was_deleted or state.deleted


def current_actor(session: Session | None = None) -> tuple[int | None, str, int | None]:
    """(actor id, actor label, actor's organisation id) for the current request, or the command line."""
    if not has_request_context():
        return None, COMMAND_LINE, None
    from flask_login import current_user

    user = current_user._get_current_object()
    if not getattr(user, "is_authenticated", False):
        return None, VISITOR, None
    if _gone(session or db.session, user):
        return None, DELETED_USER, None
    return user.id, actor_label(user), user.organisation_id


def _clip(summary: str) -> str:
    return summary if len(summary) <= SUMMARY_MAX else summary[:SUMMARY_MAX - 1] + "…"


def record(action: str, *, target_type: str | None = None, target_id: int | None = None, summary: str = "",
           organisation_id: int | None | object = ACTORS_ORGANISATION) -> AuditEntry:
    """Add an entry for ``action`` by the current actor to the current transaction; the caller commits.

    The entry concerns the actor's own organisation unless ``organisation_id`` says another one (or None).
    """
    actor_id, label, actor_organisation = current_actor()
    entry = AuditEntry(actor_id=actor_id, actor_label=label, action=action, target_type=target_type,
                       target_id=target_id, summary=_clip(summary),
                       organisation_id=(actor_organisation if organisation_id is ACTORS_ORGANISATION
                                        else organisation_id))
    db.session.add(entry)
    db.session.flush()
    return entry


def record_now(action: str, **details) -> AuditEntry:
    """``record`` and commit: for requests that change nothing else (logins, downloads)."""
    entry = record(action, **details)
    db.session.commit()
    return entry


def forget_user(user_id: int) -> None:
    """Erase a deleted account from the log: its entries keep the action, lose the link and say "deleted user"."""
    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user_id)
                       .values(actor_id=None, actor_label=DELETED_USER),
                       execution_options={"synchronize_session": False})
    db.session.execute(update(AuditEntry).where(AuditEntry.target_type == "user", AuditEntry.target_id == user_id)
                       .values(target_id=None), execution_options={"synchronize_session": False})


def _changed_fields(obj) -> list[str]:
    state = inspect(obj)
    names = []
    for attr in state.mapper.attrs:
        if attr.key in UNREPORTED or attr.key in ("organisation", "author"):
            continue
        if state.attrs[attr.key].history.has_changes():
            names.append("technologies" if attr.key == "technology_links" else attr.key)
    return names


def _describe(kind: str, verb: str, obj, fields: list[str]) -> str:
    noun = f"{kind.capitalize()} #{obj.id}"
    if verb == "create":
        settings = [f"status {obj.status.value}"]
        if isinstance(obj, Challenge):
            settings.append(f"visibility {obj.visibility.value}" + (", anonymous" if obj.anonymous else ""))
        return f"{noun} created ({', '.join(settings)})."
    if verb == "delete":
        return f"{noun} deleted."
    shown = [f"{name} → {getattr(getattr(obj, name), 'value', getattr(obj, name))}" if name in SHOWN_VALUES
             else name for name in fields]
    return f"{noun} changed: {', '.join(shown)}."


@event.listens_for(Session, "after_flush")
def _audit_submissions(session: Session, _context) -> None:
    """Write an entry for every challenge and capability this flush created, changed or deleted."""
    changes = []
    for obj in session.new:
        if type(obj) in AUDITED_ITEMS:
            changes.append((obj, "create", []))
    for obj in session.dirty:
        if type(obj) in AUDITED_ITEMS and obj not in session.deleted and session.is_modified(obj):
            fields = _changed_fields(obj)
            if fields:
                changes.append((obj, "update", fields))
    for obj in session.deleted:
        if type(obj) in AUDITED_ITEMS:
            changes.append((obj, "delete", []))
    if not changes:
        return
    actor_id, label, _ = current_actor(session)
    erased = {o.id for o in session.deleted if isinstance(o, Organisation)}
    rows = []
    for obj, verb, fields in changes:
        kind = AUDITED_ITEMS[type(obj)]
        rows.append({"actor_id": actor_id, "actor_label": label, "action": f"{kind}.{verb}", "target_type": kind,
                     "target_id": obj.id, "summary": _clip(_describe(kind, verb, obj, fields)),
                     "organisation_id": None if obj.organisation_id in erased else obj.organisation_id})
    # One row (the usual single-item write) goes as a plain INSERT, not through the executemany machinery.
    session.connection().execute(insert(AuditEntry), rows[0] if len(rows) == 1 else rows)


def entries_query(*, action_prefix: str | None = None, organisation_id: int | None = None) -> Select:
    """Entries newest first, optionally only one family of actions and one organisation."""
    query = select(AuditEntry)
    if action_prefix:
        query = query.where(AuditEntry.action.startswith(action_prefix + ".", autoescape=True))
    if organisation_id:
        query = query.where(AuditEntry.organisation_id == organisation_id)
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def entries_about_user(user: User) -> list[AuditEntry]:
    """What the log holds about one person: what they did and failed logins to their account."""
    return list(db.session.scalars(select(AuditEntry).where(
        (AuditEntry.actor_id == user.id) | ((AuditEntry.target_type == "user") & (AuditEntry.target_id == user.id)))
        .order_by(AuditEntry.created_at, AuditEntry.id)))


def record_failed_login(email: str) -> AuditEntry:
    """Record a failed login and commit. The typed email is personal data (and often a typo of someone else's
    address), so it is not stored: only whether it belongs to an account, and which one."""
    from matchmaker.auth.services import find_user

    user = find_user(email)
    return record_now("auth.login_failed", target_type="user" if user else None, target_id=user.id if user else None,
                      organisation_id=user.organisation_id if user else None,
                      summary="Wrong password for an existing account." if user else "Unknown email.")
