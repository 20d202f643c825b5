"""The review report for a cohort: how the group did and what changed.

For the review session and for funders: attendance (from cpd), the feedback
trend, questionnaire results, empowerment change (participants' own and the
facilitator's review of the cohort), and what was practised between
sessions. One page and the same content as a PDF (``cop.pdf``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString

from cohorts.models import Cohort, Session
from cpd.eligibility import assess_cohort
from evaluation import assessments, charts, questionnaires
from evaluation.aggregates import (
    DimensionChange,
    ScaleSummary,
    TrendPoint,
    mean,
    summarise_scale,
    trend,
)
from evaluation.models import SessionFeedback
from practice.selectors import cohort_practice_counts


@dataclass(frozen=True)
class SessionAttendance:
    session: Session
    attended: int
    expected: int


@dataclass(frozen=True)
class Attendance:
    participants: int
    sessions: list[SessionAttendance]
    mean_sessions: Decimal | None
    eligible: int


@dataclass
class FeedbackSummary:
    sessions: list[tuple[Session, ScaleSummary]]
    trend: list[TrendPoint]
    overall: ScaleSummary
    chart: SafeString | None = None


@dataclass
class PracticeSummary:
    """What the ``practice`` app reports: action steps done, catch-ups held."""

    action_steps_done: int
    action_steps_total: int
    catch_ups_held: int


@dataclass
class Report:
    cohort: Cohort
    attendance: Attendance
    feedback: FeedbackSummary
    runs: list[questionnaires.RunResults]
    empowerment: list[DimensionChange]
    cohort_review: list[DimensionChange]
    practice: PracticeSummary | None
    charts: dict[str, SafeString] = field(default_factory=dict)
    run_sections: list = field(default_factory=list)

    @property
    def has_empowerment(self) -> bool:
        return any(c.people for c in self.empowerment)

    @property
    def has_cohort_review(self) -> bool:
        return any(c.people for c in self.cohort_review)


def practice_summary(cohort: Cohort) -> PracticeSummary | None:
    """Action steps done and catch-ups held, from the ``practice`` app.

    None (the report hides the section) when the cohort recorded neither.
    """
    done, total, held = cohort_practice_counts(cohort)
    if not (total or held):
        return None
    return PracticeSummary(
        action_steps_done=done, action_steps_total=total, catch_ups_held=held
    )


def attendance_summary(cohort: Cohort) -> Attendance:
    assessments_ = assess_cohort(cohort)
    sessions = list(cohort.sessions.filter(is_cancelled=False).order_by("starts_at"))
    counts: dict[int, int] = defaultdict(int)
    for eligibility in assessments_:
        for session in eligibility.attended:
            counts[session.pk] += 1
    return Attendance(
        participants=len(assessments_),
        sessions=[
            SessionAttendance(s, counts[s.pk], len(assessments_)) for s in sessions
        ],
        mean_sessions=mean(e.sessions_attended for e in assessments_),
        eligible=sum(1 for e in assessments_ if e.is_eligible),
    )


def feedback_summary(cohort: Cohort) -> FeedbackSummary:
    sessions = list(cohort.sessions.filter(is_cancelled=False).order_by("starts_at"))
    scores: dict[int, list[int]] = defaultdict(list)
    for session_id, usefulness in SessionFeedback.objects.filter(
        session__in=sessions
    ).values_list("session_id", "usefulness"):
        scores[session_id].append(usefulness)
    points = trend([(f"Session {s.number}", scores[s.pk]) for s in sessions])
    return FeedbackSummary(
        sessions=[(s, summarise_scale(scores[s.pk])) for s in sessions],
        trend=points,
        overall=summarise_scale(v for s in sessions for v in scores[s.pk]),
    )


def build_report(cohort: Cohort) -> Report:
    feedback = feedback_summary(cohort)
    runs = [
        questionnaires.run_results(run)
        for run in cohort.questionnaire_runs.select_related("questionnaire")
    ]
    report = Report(
        cohort=cohort,
        attendance=attendance_summary(cohort),
        feedback=feedback,
        runs=runs,
        empowerment=assessments.cohort_change(cohort),
        cohort_review=assessments.cohort_change(cohort, review=True),
        practice=practice_summary(cohort),
    )
    if feedback.overall.count:
        report.charts["trend"] = charts.trend_chart(
            feedback.trend,
            chart_id="report-trend",
            title="Mean usefulness of each session (1 to 5)",
        )
    report.run_sections = [
        (results, with_charts(results, prefix=f"report-run-{results.run.pk}"))
        for results in runs
    ]
    if report.has_empowerment:
        report.charts["empowerment"] = charts.change_chart(
            report.empowerment,
            chart_id="report-empowerment",
            title="Participants' empowerment ratings, start and end",
        )
    if report.has_cohort_review:
        report.charts["review"] = charts.change_chart(
            report.cohort_review,
            chart_id="report-review",
            title="The facilitator's review of the cohort, start and end",
        )
    return report


def with_charts(results: questionnaires.RunResults, *, prefix: str) -> list:
    """(question result, chart or None) for each question of a run."""
    return [
        (
            item,
            charts.question_chart(
                item.summary, chart_id=f"{prefix}-q{n}", title=item.question.text
            ),
        )
        for n, item in enumerate(results.questions, 1)
    ]
