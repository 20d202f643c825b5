"""Claims belong to a free recruiting cohort; staff come from the applications
tests' fixtures (facilitators and coordinators with the staff permissions)."""

from tests.applications.conftest import (
    cohort,
    coordinator,
    facilitator,
    practitioner,
    staff_client,
)

__all__ = ["cohort", "coordinator", "facilitator", "practitioner", "staff_client"]
