"""A packaging firm's challenge: a concrete problem from its line or product."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.auth.models import enum_column
from matchmaker.enums import Category, Visibility
from matchmaker.extensions import db
from matchmaker.submissions import SHORT_TEXT_MAX, SubmissionMixin


class Challenge(SubmissionMixin, db.Model):
    __tablename__ = "challenges"
    __table_args__ = (CheckConstraint("trl_target BETWEEN 1 AND 9", name="trl_target_range"),)

    category: Mapped[Category] = mapped_column(enum_column(Category), default=Category.OTHER)
    packaging_format: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), default="")
    material: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), default="")
    trl_target: Mapped[int] = mapped_column(default=7)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PUBLIC)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<Challenge {self.id} {self.title!r}>"
