"""The words Matchmaker's users choose from: roles, states, visibility and the two taxonomies."""
from __future__ import annotations

import enum


class Choice(str, enum.Enum):
    """An enum whose members carry a human label beside their stored value."""

    def __new__(cls, value: str, label: str) -> "Choice":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]

    def __str__(self) -> str:
        return self.value


class OrganisationKind(Choice):
    PACKAGING = ("packaging", "Packaging firm")
    PHOTONICS = ("photonics", "Photonics member")


class Role(Choice):
    PACKAGING = ("packaging", "Packaging firm")
    PHOTONICS = ("photonics", "Photonics member")
    ORGANISER = ("organiser", "Organiser")


class Visibility(Choice):
    PUBLIC = ("public", "Public: anyone")
    MEMBERS = ("members", "Members: logged-in users")
    ORGANISERS = ("organisers", "Confidential: organisers only")


class Status(Choice):
    DRAFT = ("draft", "Draft")
    OPEN = ("open", "Open")
    CLOSED = ("closed", "Closed")


class Category(Choice):
    INSPECTION = ("inspection", "Inspection & quality control")
    FOOD_SAFETY = ("food_safety", "Food safety & decontamination")
    TRACEABILITY = ("traceability", "Traceability & marking")
    RECYCLING = ("recycling", "Recycling & sustainability")
    SHELF_LIFE = ("shelf_life", "Shelf life & active/intelligent packaging")
    PROCESS = ("process", "Process & automation")
    OTHER = ("other", "Other")


class Technology(Choice):
    HYPERSPECTRAL = ("hyperspectral", "Hyperspectral imaging")
    NIR_MIR = ("nir_mir", "NIR/MIR spectroscopy")
    RAMAN = ("raman", "Raman")
    FLUORESCENCE = ("fluorescence", "Fluorescence")
    LASER_MARKING = ("laser_marking", "Laser marking & coding")
    LASER_PROCESSING = ("laser_processing", "Laser processing (perforation, scoring, welding, cutting)")
    THERMOGRAPHY = ("thermography", "Thermography")
    MACHINE_VISION = ("machine_vision", "Machine vision")
    THZ = ("thz", "THz")
    XRAY = ("xray", "X-ray")
    UVC_PULSED_LIGHT = ("uvc_pulsed_light", "UV-C & pulsed light")
    GAS_SENSING = ("gas_sensing", "Gas sensing (TDLAS)")
    OCT = ("oct", "OCT")
    FIBRE_OPTIC = ("fibre_optic", "Fibre-optic sensing")
    PHOTONIC_SENSORS = ("photonic_sensors", "Photonic sensors & indicators")
    VISION_3D = ("vision_3d", "3D vision/LiDAR")
    OTHER = ("other", "Other")


TRL_CHOICES = [(level, f"TRL {level}") for level in range(1, 10)]


class WorkshopStatus(Choice):
    """A workshop's life: set up, take registrations, plan meetings, show agendas, record outcomes."""

    DRAFT = ("draft", "Draft")
    OPEN = ("open", "Open for registration")
    SCHEDULED = ("scheduled", "Scheduled (not yet published)")
    PUBLISHED = ("published", "Agendas published")
    CLOSED = ("closed", "Closed")


class RequestStatus(Choice):
    PENDING = ("pending", "Waiting for an answer")
    ACCEPTED = ("accepted", "Accepted")
    DECLINED = ("declined", "Declined")


class PairDecision(Choice):
    PIN = ("pin", "Pinned: must meet")
    BAN = ("ban", "Banned: must not meet")


class MeetingStatus(Choice):
    SCHEDULED = ("scheduled", "Scheduled")
    CANCELLED = ("cancelled", "Cancelled")


class Outcome(Choice):
    """What came of a meeting, from least to most; everything after NO_FIT counts as a lead."""

    NO_FIT = ("no_fit", "No fit")
    FOLLOW_UP = ("follow_up", "Follow-up call")
    NDA = ("nda", "NDA")
    JOINT_PROJECT = ("joint_project", "Joint project")
    AGREEMENT = ("agreement", "Agreement signed")
