"""The password policy refuses short, common, sequential and personal passwords."""
from __future__ import annotations

import pytest

from matchmaker.auth.passwords import PERSONAL, SEQUENCE, TOO_COMMON, password_problem



@pytest.mark.parametrize(("password", "problem"), [
    ("short-one", "Use at least 12 characters."),
    ("x" * 129, "Use at most 128 characters."),
    ("Password2026!", TOO_COMMON),
    ("contraseña1234", TOO_COMMON),
    ("Matchmaker 2026", TOO_COMMON),
    ("aaaaaaaaaaaa", TOO_COMMON),
    ("123456789012", SEQUENCE),
    ("qwertyuiopas", TOO_COMMON),
    ("lkjhgfdsamnb", SEQUENCE),
    ("9876543210987", SEQUENCE),
    ("Lucia-Perez-2026", PERSONAL),
    ("ocho tortugas beben café", None),
    ("Vakuum-Schale-17-Grün", None),
    ("qwerty-Valdeluz-99", None),
    ("123456789012", SEQUENCE),
])
def test_password_policy(password, problem):
    assert password_problem(password, email="lucia.perez@valdeluz.example", name="Lucía Pérez") == problem
