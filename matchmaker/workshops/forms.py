"""Forms of the workshop pages. Forms that offer a choice of firms or items take that scope as arguments."""
from __future__ import annotations

import datetime as dt

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
from matchmaker.workshops.models import (
    BREAKS_MAX,
    DEFAULT_TIMEZONE,
    MESSAGE_MAX,
    NOTE_MAX,
    PLACE_MAX,
    REASON_MAX,
    TITLE_MAX,
)
from matchmaker.workshops.timetable import MEETING_MINUTES, SLOT_COUNT, build_slots, parse_breaks, venue_zone

MAX_TABLES = 200


def _sentence(error: Exception) -> str:
    """A pure module's lower-case error message as a sentence beside the field."""
    text = str(error)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class WorkshopForm(FlaskForm):
    title = StringField("Title", filters=[strip],
                        validators=[DataRequired(), Length(min=5, max=TITLE_MAX), plain_text])
    theme = StringField("Theme", filters=[strip], validators=[Length(max=TITLE_MAX), plain_text],
                        description="E.g. “Inspection and traceability of food packaging”.")
    city = StringField("City", filters=[strip], validators=[DataRequired(), Length(max=100), plain_text])
    venue = StringField("Venue", filters=[strip], validators=[DataRequired(), Length(max=PLACE_MAX), plain_text])
    timezone = StringField("Time zone", filters=[strip], default=DEFAULT_TIMEZONE,
                           validators=[DataRequired(), Length(max=64), plain_text],
                           description="The venue's IANA time zone; agendas and calendar files use it.")
    date = DateField("Date", validators=[InputRequired(message="Give the workshop's date.")])
    first_start = TimeField("First meeting starts at", default=dt.time(9, 30),
                            validators=[InputRequired(message="Give the first meeting's start time.")])
    meeting_minutes = IntegerField("Meeting length (minutes)", default=20, validators=[
        InputRequired(), NumberRange(min=MEETING_MINUTES.start, max=MEETING_MINUTES.stop - 1)])
    slot_count = IntegerField("Number of slots", default=8, validators=[
        InputRequired(), NumberRange(min=SLOT_COUNT.start, max=SLOT_COUNT.stop - 1)])
    breaks = StringField("Breaks", filters=[strip], validators=[Length(max=BREAKS_MAX), plain_text],
                         description="“after slot:minutes label”, separated by commas, e.g. “3:15 Coffee, 6:60 Lunch”.")
    tables = IntegerField("Number of tables", default=6,
                          validators=[InputRequired(), NumberRange(min=1, max=MAX_TABLES)])
    registration_deadline = DateField("Registration deadline", validators=[
        InputRequired(message="Give the last day firms can register.")],
        description="Firms can register until the end of this day (venue time).")

    def validate_timezone(self, field) -> None:
        try:
            venue_zone(field.data)
        except ValueError as error:
            raise ValidationError(_sentence(error)) from None

    def validate_breaks(self, field) -> None:
        try:
            parse_breaks(field.data or "")
        except ValueError as error:
            raise ValidationError(_sentence(error)) from None

    def validate_registration_deadline(self, field) -> None:
        if self.date.data and field.data and field.data > self.date.data:
            raise ValidationError("The deadline must be on or before the workshop's day.")

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
    available = CheckboxListField("Slots you are free for", validators=[
        DataRequired(message="Tick at least one slot.")])
    items = CheckboxListField("What you bring", validators=[DataRequired(message="Pick at least one.")])

    def __init__(self, *args, slots=(), items=(), item_label: str = "What you bring", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.available.choices = options(
            (str(slot.number), f"{slot.label}–{slot.ends_at:%H:%M}") for slot in slots)
        self.items.choices = options((str(item.id), item.title) for item in items)
        self.items.label.text = item_label


class PitchForm(FlaskForm):
    challenge = SelectField("Challenge", validators=[InputRequired()])
    capability = SelectField("With your capability", validators=[Optional()])
    message = TextAreaField("Why you can help", filters=[strip],
                            validators=[DataRequired(), Length(min=20, max=MESSAGE_MAX), plain_text],
                            description="“We can help because…”: at most 1,000 characters.")

    def __init__(self, *args, challenges=(), capabilities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.challenge.choices = options(challenges)
        self.capability.choices = options([("", "Any of them"), *capabilities])


class RequestForm(FlaskForm):
    recipient = SelectField("Meet with", validators=[InputRequired()])
    message = TextAreaField("Message", filters=[strip], validators=[Length(max=MESSAGE_MAX), plain_text],
                            description="Optional: what you would like to talk about (at most 1,000 characters).")

    def __init__(self, *args, recipients=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recipient.choices = options(recipients)


class AnswerForm(FlaskForm):
    answer = RadioField("Answer", choices=options([("accept", "Accept"), ("decline", "Decline")]),
                        validators=[InputRequired(message="Accept or decline.")])
    reason = StringField("Reason", filters=[strip], validators=[Length(max=REASON_MAX), plain_text],
                         description="Optional, shown to the firm that asked.")


class PairDecisionForm(FlaskForm):
    packaging = HiddenField(validators=[InputRequired()])
    photonics = HiddenField(validators=[InputRequired()])
    decision = SelectField("Decision", choices=options([("", "No decision"), ("pin", "Pin"), ("ban", "Ban")]),
                           validators=[Optional()])

    def validate_packaging(self, field) -> None:
        if not str(field.data).isdigit():
            raise ValidationError("Not a firm.")

    validate_photonics = validate_packaging


class LimitsForm(FlaskForm):
    max_meetings = IntegerField("Max meetings per firm", validators=[Optional(), NumberRange(min=0, max=48)],
                                description="Empty: as many as the firm has free slots.")
    min_meetings_per_challenge = IntegerField("Min meetings per challenge", default=0,
                                              validators=[InputRequired(), NumberRange(min=0, max=48)])
    max_meetings_per_challenge = IntegerField("Max meetings per challenge",
                                              validators=[Optional(), NumberRange(min=0, max=48)],
                                              description="Empty: no limit per challenge.")


class FirmLimitForm(FlaskForm):
    max_meetings = IntegerField("Max meetings", validators=[Optional(), NumberRange(min=0, max=48)],
                                description="Empty: the workshop's default.")


class MoveForm(FlaskForm):
    slot = SelectField("Slot", coerce=int)
    table = SelectField("Table", validators=[Optional()])

    def __init__(self, *args, slots=(), tables: int = 1, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slot.choices = options((slot.number, f"{slot.number} · {slot.label}") for slot in slots)
        self.table.choices = options([("", "First free table"), *((str(t), f"Table {t}") for t in range(1, tables + 1))])


class OutcomeForm(FlaskForm):
    outcome = RadioField("What came of it", choices=options(Outcome.choices()),
                         validators=[InputRequired(message="Choose what came of the meeting.")])
    rating = RadioField("How useful was it (1 = not at all, 5 = very)", coerce=int,
                        choices=options((n, str(n)) for n in range(1, 6)),
                        validators=[InputRequired(message="Rate the meeting from 1 to 5.")])
    note = TextAreaField("Note", filters=[strip], validators=[Length(max=NOTE_MAX), plain_text],
                         description="Optional, seen only by your firm and the organisers (at most 1,000 characters).")


class ConfirmForm(FlaskForm):
    confirm = BooleanField("Yes, I am sure", validators=[DataRequired(message="Tick the box to confirm.")])
