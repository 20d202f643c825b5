"""The CPD record page reuses the cpd tests' cohort of six sessions."""

from tests.cpd.conftest import _fresh_cache, cohort, place, sessions

__all__ = ["_fresh_cache", "cohort", "place", "sessions"]
