"""A photonics member's capability: what its technology does."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.auth.models import enum_column
from matchmaker.enums import Technology
from matchmaker.extensions import db
from matchmaker.submissions import SHORT_TEXT_MAX, SubmissionMixin


class Capability(SubmissionMixin, db.Model):
    __tablename__ = "capabilities"
    __table_args__ = (CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),)

    applications: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX * 2), default="")
    trl: Mapped[int] = mapped_column(default=7)
    technology_links: Mapped[list["CapabilityTechnology"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CapabilityTechnology.technology"
    )

    @property
    def technologies(self) -> list[Technology]:
        return [link.technology for link in self.technology_links]

    @technologies.setter
    def technologies(self, values) -> None:
        wanted = {Technology(value) for value in values}
        self.technology_links = [link for link in self.technology_links if link.technology in wanted]
        present = {link.technology for link in self.technology_links}
        for technology in sorted(wanted - present):
            self.technology_links.append(CapabilityTechnology(technology=technology))

    def __repr__(self) -> str:
        return f"<Capability {self.id} {self.title!r}>"


class CapabilityTechnology(db.Model):
    """One technology a capability uses; a row per technology so lists can filter on it."""

    __tablename__ = "capability_technologies"

    capability_id: Mapped[int] = mapped_column(
        ForeignKey("capabilities.id", ondelete="CASCADE"), primary_key=True
    )
    technology: Mapped[Technology] = mapped_column(enum_column(Technology), primary_key=True)
