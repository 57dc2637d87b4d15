"""The back office's roles and a Secretariat editor, shared with tests/backoffice."""

from tests.backoffice.conftest import roles, secretariat, secretariat_user

__all__ = ["roles", "secretariat", "secretariat_user"]
