"""Field checks every Matchmaker form shares: trimmed text, no control characters, sane keyword lists."""
from __future__ import annotations

import re

from wtforms import SelectChoice, SelectField
from wtforms.validators import ValidationError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
KEYWORD_MAX = 60
KEYWORDS_COUNT_MAX = 20

COUNTRIES = [
    ("AT", "Austria"), ("BE", "Belgium"), ("CH", "Switzerland"), ("CZ", "Czechia"), ("DE", "Germany"),
    ("DK", "Denmark"), ("ES", "Spain"), ("FI", "Finland"), ("FR", "France"), ("GB", "United Kingdom"),
    ("GR", "Greece"), ("IE", "Ireland"), ("IT", "Italy"), ("LU", "Luxembourg"), ("NL", "Netherlands"),
    ("NO", "Norway"), ("PL", "Poland"), ("PT", "Portugal"), ("SE", "Sweden"), ("OTHER", "Other"),
]
COUNTRY_CODES = {code for code, _ in COUNTRIES}


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the option objects WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value):
    return value.strip() if isinstance(value, str) else value


def plain_text(form, field) -> None:
    """Refuse invisible control characters (tabs and line breaks are fine)."""
    if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data):
        raise ValidationError("Remove the invisible control characters from this text.")


def keyword_list(form, field) -> None:
    keywords = [part.strip() for part in (field.data or "").split(",") if part.strip()]
    if len(keywords) > KEYWORDS_COUNT_MAX:
        raise ValidationError(f"Use at most {KEYWORDS_COUNT_MAX} keywords.")
    too_long = [keyword for keyword in keywords if len(keyword) > KEYWORD_MAX]
    if too_long:
        raise ValidationError(f"Each keyword must be at most {KEYWORD_MAX} characters.")



class LevelField(SelectField):
    """A select of whole numbers (TRL 1-9) that answers nonsense with the usual 'Not a valid choice.'"""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, coerce=int, **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.gettext("Not a valid choice.")) from error
