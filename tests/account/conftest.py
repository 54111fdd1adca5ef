from tests.audit.conftest import audit_entries  # noqa: F401  (fixture)
