"""Session pages: the plan or agenda the facilitator writes for a session."""

from __future__ import annotations

from django.utils import timezone

from cohorts.models import Session
from community.access import Access
from community.errors import CommunityError, NotAllowedError
from community.markdown import render_markdown
from community.models import BODY_MAX, SessionPage


def save_plan(*, access: Access, session: Session, plan: str) -> SessionPage:
    if not access.is_staff or session.cohort_id != access.cohort.pk:
        raise NotAllowedError("Only the facilitators can edit the plan.")
    plan = (plan or "").strip()
    if len(plan) > BODY_MAX:
        raise CommunityError(f"Keep the plan to {BODY_MAX:,} characters.", field="plan")
    page, _ = SessionPage.objects.update_or_create(
        session=session,
        defaults={
            "plan": plan,
            "plan_html": render_markdown(plan),
            "updated_at": timezone.now(),
        },
    )
    return page


def notes_are_published(session: Session, now=None) -> bool:
    """The facilitator's notes show once the session is over."""
    return bool(session.facilitator_notes) and session.ends_at <= (
        now or timezone.now()
    )
