"""Field checks every Matchmaker form shares: trimmed text, no control characters, sane keyword lists."""
from __future__ import annotations

import re

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import SelectChoice, SelectField
from wtforms.validators import ValidationError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
KEYWORD_MAX = 60
KEYWORDS_COUNT_MAX = 20

COUNTRIES = [
    ("AT", _l("Austria")), ("BE", _l("Belgium")), ("CH", _l("Switzerland")), ("CZ", _l("Czechia")),
    ("DE", _l("Germany")), ("DK", _l("Denmark")), ("ES", _l("Spain")), ("FI", _l("Finland")),
    ("FR", _l("France")), ("GB", _l("United Kingdom")), ("GR", _l("Greece")), ("IE", _l("Ireland")),
    ("IT", _l("Italy")), ("LU", _l("Luxembourg")), ("NL", _l("Netherlands")), ("NO", _l("Norway")),
    ("PL", _l("Poland")), ("PT", _l("Portugal")), ("SE", _l("Sweden")), ("OTHER", _l("Other")),
]
COUNTRY_CODES = {code for code, _name in COUNTRIES}


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the option objects WTForms wants."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value):
    return value.strip() if isinstance(value, str) else value


def plain_text(form, field) -> None:
    """Refuse invisible control characters (tabs and line breaks are fine)."""
    if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_("Remove the invisible control characters from this text."))


def keyword_list(form, field) -> None:
    keywords = [part.strip() for part in (field.data or "").split(",") if part.strip()]
    if len(keywords) > KEYWORDS_COUNT_MAX:
        raise ValidationError(_("Use at most %(count)d keywords.", count=KEYWORDS_COUNT_MAX))
    too_long = [keyword for keyword in keywords if len(keyword) > KEYWORD_MAX]
    if too_long:
        raise ValidationError(_("Each keyword must be at most %(count)d characters.", count=KEYWORD_MAX))



class LevelField(SelectField):
    """A select of whole numbers (TRL 1-9) that answers nonsense with the usual 'Not a valid choice.'"""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, coerce=int, **kwargs)

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.gettext("Not a valid choice.")) from error
