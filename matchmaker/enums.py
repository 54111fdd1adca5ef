"""The words Matchmaker's users choose from: roles, states, visibility and the two taxonomies."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Choice(str, enum.Enum):
    """An enum whose members carry a translatable human label beside their stored (never translated) value."""

    def __new__(cls, value: str, label) -> "Choice":
        member = str.__new__(cls, value)
        member._value_ = value
        member.lazy_label = label
        return member

    @property
    def label(self) -> str:
        """The label in the reader's language, as a plain string (safe for flash messages, JSON and XLSX)."""
        return str(self.lazy_label)

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(value, lazy label) pairs: form classes are built at import time, labels are translated when shown."""
        return [(member.value, member.lazy_label) for member in cls]

    def __str__(self) -> str:
        return self.value


class OrganisationKind(Choice):
    PACKAGING = ("packaging", _l("Packaging firm"))
    PHOTONICS = ("photonics", _l("Photonics member"))


class Role(Choice):
    PACKAGING = ("packaging", _l("Packaging firm"))
    PHOTONICS = ("photonics", _l("Photonics member"))
    ORGANISER = ("organiser", _l("Organiser"))


class Visibility(Choice):
    PUBLIC = ("public", _l("Public: anyone"))
    MEMBERS = ("members", _l("Members: logged-in users"))
    ORGANISERS = ("organisers", _l("Confidential: organisers only"))


class Status(Choice):
    DRAFT = ("draft", _l("Draft"))
    OPEN = ("open", _l("Open"))
    CLOSED = ("closed", _l("Closed"))


class Category(Choice):
    INSPECTION = ("inspection", _l("Inspection & quality control"))
    FOOD_SAFETY = ("food_safety", _l("Food safety & decontamination"))
    TRACEABILITY = ("traceability", _l("Traceability & marking"))
    RECYCLING = ("recycling", _l("Recycling & sustainability"))
    SHELF_LIFE = ("shelf_life", _l("Shelf life & active/intelligent packaging"))
    PROCESS = ("process", _l("Process & automation"))
    OTHER = ("other", _l("Other"))


class Technology(Choice):
    HYPERSPECTRAL = ("hyperspectral", _l("Hyperspectral imaging"))
    NIR_MIR = ("nir_mir", _l("NIR/MIR spectroscopy"))
    RAMAN = ("raman", _l("Raman"))
    FLUORESCENCE = ("fluorescence", _l("Fluorescence"))
    LASER_MARKING = ("laser_marking", _l("Laser marking & coding"))
    LASER_PROCESSING = ("laser_processing", _l("Laser processing (perforation, scoring, welding, cutting)"))
    THERMOGRAPHY = ("thermography", _l("Thermography"))
    MACHINE_VISION = ("machine_vision", _l("Machine vision"))
    THZ = ("thz", _l("THz"))
    XRAY = ("xray", _l("X-ray"))
    UVC_PULSED_LIGHT = ("uvc_pulsed_light", _l("UV-C & pulsed light"))
    GAS_SENSING = ("gas_sensing", _l("Gas sensing (TDLAS)"))
    OCT = ("oct", _l("OCT"))
    FIBRE_OPTIC = ("fibre_optic", _l("Fibre-optic sensing"))
    PHOTONIC_SENSORS = ("photonic_sensors", _l("Photonic sensors & indicators"))
    VISION_3D = ("vision_3d", _l("3D vision/LiDAR"))
    OTHER = ("other", _l("Other"))


TRL_CHOICES = [(level, f"TRL {level}") for level in range(1, 10)]


class WorkshopStatus(Choice):
    """A workshop's life: set up, take registrations, plan meetings, show agendas, record outcomes."""

    DRAFT = ("draft", _l("Draft"))
    OPEN = ("open", _l("Open for registration"))
    SCHEDULED = ("scheduled", _l("Scheduled (not yet published)"))
    PUBLISHED = ("published", _l("Agendas published"))
    CLOSED = ("closed", _l("Closed"))


class RequestStatus(Choice):
    PENDING = ("pending", _l("Waiting for an answer"))
    ACCEPTED = ("accepted", _l("Accepted"))
    DECLINED = ("declined", _l("Declined"))


class PairDecision(Choice):
    PIN = ("pin", _l("Pinned: must meet"))
    BAN = ("ban", _l("Banned: must not meet"))


class MeetingStatus(Choice):
    SCHEDULED = ("scheduled", _l("Scheduled"))
    CANCELLED = ("cancelled", _l("Cancelled"))


class Outcome(Choice):
    """What came of a meeting, from least to most; everything after NO_FIT counts as a lead."""

    NO_FIT = ("no_fit", _l("No fit"))
    FOLLOW_UP = ("follow_up", _l("Follow-up call"))
    NDA = ("nda", _l("NDA"))
    JOINT_PROJECT = ("joint_project", _l("Joint project"))
    AGREEMENT = ("agreement", _l("Agreement signed"))
