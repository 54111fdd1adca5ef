"""What challenges and capabilities have in common: a firm's text, its keywords, its state and its owner."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from matchmaker.auth.models import Organisation, User, enum_column, utcnow
from matchmaker.enums import Status
from matchmaker.extensions import db
from matchmaker.matching.language import detect_language

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
KEYWORDS_MAX = 500
SHORT_TEXT_MAX = 200


class SubmissionMixin:
    """Columns shared by Challenge and Capability."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(String(KEYWORDS_MAX), default="")
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.OPEN)
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @declared_attr
    def organisation_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def organisation(cls) -> Mapped[Organisation]:
        return relationship(Organisation, lazy="joined")

    @declared_attr
    def author(cls) -> Mapped[User | None]:
        return relationship(User)

    @property
    def keyword_list(self) -> list[str]:
        return split_keywords(self.keywords)


def split_keywords(text: str | None) -> list[str]:
    """'seal, leak ,, vacuum' -> ['seal', 'leak', 'vacuum']."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def store_text_fields(item: SubmissionMixin, data: dict, names: tuple[str, ...]) -> None:
    """Copy the free-text fields from a form, tidy the keywords and note the text's language."""
    for name in names:
        value = data.get(name) or ""
        setattr(item, name, normalise_keywords(value) if name == "keywords" else value)
    item.language = detect_language(" ".join([item.title, item.description, item.keywords]))


def normalise_keywords(text: str | None) -> str:
    """Store keywords as 'a, b, c' without empty entries or repeats."""
    seen: dict[str, str] = {}
    for keyword in split_keywords(text):
        seen.setdefault(keyword.casefold(), keyword)
    return ", ".join(seen.values())


def save_submission(item: SubmissionMixin, data: dict, fill: Callable[[SubmissionMixin, dict], None]):
    """Fill a new or stored challenge or capability from its form's data and flush it; the request commits."""
    fill(item, data)
    db.session.add(item)
    db.session.flush()
    return item


def close_submission(item: SubmissionMixin) -> None:
    """A closed challenge or capability stays visible but takes no new proposals."""
    item.status = Status.CLOSED
    db.session.flush()


def delete_submission(item: SubmissionMixin) -> None:
    db.session.delete(item)
    db.session.flush()
