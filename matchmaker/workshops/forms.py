"""Forms of the workshop pages. Forms that offer a choice of firms or items take that scope as arguments."""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from matchmaker.enums import Outcome
from matchmaker.fields import options, plain_text, strip
from matchmaker.workshops.formatting import venue_time, venue_time_range
from matchmaker.workshops.models import (
    BREAKS_MAX,
    DEFAULT_TIMEZONE,
    MESSAGE_MAX,
    NOTE_MAX,
    PLACE_MAX,
    REASON_MAX,
    TITLE_MAX,
)
from matchmaker.workshops.timetable import (
    MEETING_MINUTES, SLOT_COUNT, ProgrammeError, build_slots, parse_breaks, venue_zone)

MAX_TABLES = 200


def _translated(error: Exception) -> str:
    """The pure timetable's English message in the reader's language (its msgids are marked there with ``N_``)."""
    if not isinstance(error, ProgrammeError):
        return str(error)
    return _(error.message, **{name: _translated(value) if isinstance(value, Exception) else value
                               for name, value in error.params.items()})


def _sentence(error: Exception) -> str:
    """A pure module's lower-case error message as a sentence beside the field."""
    text = _translated(error)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip],
                        validators=[DataRequired(), Length(min=5, max=TITLE_MAX), plain_text])
    theme = StringField(_l("Theme"), filters=[strip], validators=[Length(max=TITLE_MAX), plain_text],
                        description=_l("E.g. “Inspection and traceability of food packaging”."))
    city = StringField(_l("City"), filters=[strip], validators=[DataRequired(), Length(max=100), plain_text])
    venue = StringField(_l("Venue"), filters=[strip], validators=[DataRequired(), Length(max=PLACE_MAX), plain_text])
    timezone = StringField(_l("Time zone"), filters=[strip], default=DEFAULT_TIMEZONE,
                           validators=[DataRequired(), Length(max=64), plain_text],
                           description=_l("The venue's IANA time zone; agendas and calendar files use it."))
    date = DateField(_l("Date"), validators=[InputRequired(message=_l("Give the workshop's date."))])
    first_start = TimeField(_l("First meeting starts at"), default=dt.time(9, 30),
                            validators=[InputRequired(message=_l("Give the first meeting's start time."))])
    meeting_minutes = IntegerField(_l("Meeting length (minutes)"), default=20, validators=[
        InputRequired(), NumberRange(min=MEETING_MINUTES.start, max=MEETING_MINUTES.stop - 1)])
    slot_count = IntegerField(_l("Number of slots"), default=8, validators=[
        InputRequired(), NumberRange(min=SLOT_COUNT.start, max=SLOT_COUNT.stop - 1)])
    breaks = StringField(_l("Breaks"), filters=[strip], validators=[Length(max=BREAKS_MAX), plain_text],
                         description=_l("“after slot:minutes label”, separated by commas, "
                                        "e.g. “3:15 Coffee, 6:60 Lunch”."))
    tables = IntegerField(_l("Number of tables"), default=6,
                          validators=[InputRequired(), NumberRange(min=1, max=MAX_TABLES)])
    registration_deadline = DateField(_l("Registration deadline"), validators=[
        InputRequired(message=_l("Give the last day firms can register."))],
        description=_l("Firms can register until the end of this day (venue time)."))

    def validate_timezone(self, field) -> None:
        try:
            venue_zone(field.data)
        except ValueError:  # the field is required, so the zone can only be unknown
            raise ValidationError(_("Unknown time zone '%(name)s': use an IANA name such as 'Europe/Madrid'.",
                                    name=field.data)) from None

    def validate_breaks(self, field) -> None:
        try:
            parse_breaks(field.data or "")
        except ValueError as error:
            raise ValidationError(_sentence(error)) from None

    def validate_registration_deadline(self, field) -> None:
        if self.date.data and field.data and field.data > self.date.data:
            raise ValidationError(_("The deadline must be on or before the workshop's day."))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        try:
            build_slots(date=self.date.data, timezone=self.timezone.data, first_start=self.first_start.data,
                        meeting_minutes=self.meeting_minutes.data, slot_count=self.slot_count.data,
                        breaks=parse_breaks(self.breaks.data or ""))
        except ValueError as error:
            self.slot_count.errors = [*self.slot_count.errors, _sentence(error)]
            return False
        return True


class TransitionForm(FlaskForm):
    """A confirmed state change: the button is the confirmation."""


class RegistrationForm(FlaskForm):
    available = CheckboxListField(_l("Slots you are free for"), validators=[
        DataRequired(message=_l("Tick at least one slot."))])
    items = CheckboxListField(_l("What you bring"), validators=[DataRequired(message=_l("Pick at least one."))])

    def __init__(self, *args, slots=(), items=(), item_label: str = _l("What you bring"), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.available.choices = options(
            (str(slot.number), venue_time_range(slot.starts_at, slot.ends_at)) for slot in slots)
        self.items.choices = options((str(item.id), item.title) for item in items)
        self.items.label.text = item_label


class PitchForm(FlaskForm):
    challenge = SelectField(_l("Challenge"), validators=[InputRequired()])
    capability = SelectField(_l("With your capability"), validators=[Optional()])
    message = TextAreaField(_l("Why you can help"), filters=[strip],
                            validators=[DataRequired(), Length(min=20, max=MESSAGE_MAX), plain_text],
                            description=_l("“We can help because…”: at most 1,000 characters."))

    def __init__(self, *args, challenges=(), capabilities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.challenge.choices = options(challenges)
        self.capability.choices = options([("", _("Any of them")), *capabilities])


class RequestForm(FlaskForm):
    recipient = SelectField(_l("Meet with"), validators=[InputRequired()])
    message = TextAreaField(_l("Message"), filters=[strip], validators=[Length(max=MESSAGE_MAX), plain_text],
                            description=_l("Optional: what you would like to talk about (at most 1,000 characters)."))

    def __init__(self, *args, recipients=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recipient.choices = options(recipients)


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Answer"), choices=options([("accept", _l("Accept")), ("decline", _l("Decline"))]),
                        validators=[InputRequired(message=_l("Accept or decline."))])
    reason = StringField(_l("Reason"), filters=[strip], validators=[Length(max=REASON_MAX), plain_text],
                         description=_l("Optional, shown to the firm that asked."))


class PairDecisionForm(FlaskForm):
    packaging = HiddenField(validators=[InputRequired()])
    photonics = HiddenField(validators=[InputRequired()])
    decision = SelectField(_l("Decision"),
                           choices=options([("", _l("No decision")), ("pin", _l("Pin")), ("ban", _l("Ban"))]),
                           validators=[Optional()])

    def validate_packaging(self, field) -> None:
        if not str(field.data).isdigit():
            raise ValidationError(_("Not a firm."))

    validate_photonics = validate_packaging


class LimitsForm(FlaskForm):
    max_meetings = IntegerField(_l("Max meetings per firm"), validators=[Optional(), NumberRange(min=0, max=48)],
                                description=_l("Empty: as many as the firm has free slots."))
    min_meetings_per_challenge = IntegerField(_l("Min meetings per challenge"), default=0,
                                              validators=[InputRequired(), NumberRange(min=0, max=48)])
    max_meetings_per_challenge = IntegerField(_l("Max meetings per challenge"),
                                              validators=[Optional(), NumberRange(min=0, max=48)],
                                              description=_l("Empty: no limit per challenge."))


class FirmLimitForm(FlaskForm):
    max_meetings = IntegerField(_l("Max meetings"), validators=[Optional(), NumberRange(min=0, max=48)],
                                description=_l("Empty: the workshop's default."))


class MoveForm(FlaskForm):
    slot = SelectField(_l("Slot"), coerce=int)
    table = SelectField(_l("Table"), validators=[Optional()])

    def __init__(self, *args, slots=(), tables: int = 1, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slot.choices = options((slot.number, f"{slot.number} · {venue_time(slot.starts_at)}") for slot in slots)
        self.table.choices = options([("", _("First free table")),
                                      *((str(t), _("Table %(number)s", number=t)) for t in range(1, tables + 1))])


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("What came of it"), choices=options(Outcome.choices()),
                         validators=[InputRequired(message=_l("Choose what came of the meeting."))])
    rating = RadioField(_l("How useful was it (1 = not at all, 5 = very)"), coerce=int,
                        choices=options((n, str(n)) for n in range(1, 6)),
                        validators=[InputRequired(message=_l("Rate the meeting from 1 to 5."))])
    note = TextAreaField(_l("Note"), filters=[strip], validators=[Length(max=NOTE_MAX), plain_text],
                         description=_l("Optional, seen only by your firm and the organisers "
                                        "(at most 1,000 characters)."))


class ConfirmForm(FlaskForm):
    confirm = BooleanField(_l("Yes, I am sure"), validators=[DataRequired(message=_l("Tick the box to confirm."))])
