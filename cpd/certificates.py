"""Issuing, rendering, revoking and reissuing CPD certificates.

A certificate is issued at most once per place (a partial unique index
enforces it even when two workers race), frozen as issued, rendered to PDF
after commit and then emailed. A correction never edits one: it issues a new
certificate and marks the old one replaced.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.audit import record
from cop.errors import DomainError
from cop.pdf import render_pdf
from cpd.eligibility import Eligibility, assess_cohort, assess_place
from cpd.models import Certificate, CpdPolicy
from cpd.templatetags.cpd_tags import amount

PDF_TEMPLATE = "cpd/certificate_pdf.html"


class CertificateError(DomainError):
    """The certificate action is refused; the message says why."""


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("cpd:verify", args=[certificate.number])


def download_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("cpd:download", args=[certificate.number])


def participant_name(place) -> str:
    """The name as on the participant's profile, else as booked."""
    if place.attendee_id and place.attendee.full_name:
        return place.attendee.full_name
    return place.attendee_name


def _snapshot(place, eligibility: Eligibility, actor) -> Certificate:
    cohort = place.cohort
    policy = CpdPolicy.for_programme(cohort.programme)
    sessions = eligibility.attended
    return Certificate(
        place=place,
        cohort=cohort,
        user=place.attendee,
        participant_name=participant_name(place),
        participant_email=(place.attendee.email if place.attendee_id else "")
        or place.attendee_email,
        programme_name=cohort.programme.name,
        cohort_name=cohort.name,
        sessions=[
            {
                "number": s.number,
                "title": s.title,
                "date": timezone.localdate(s.starts_at).isoformat(),
            }
            for s in sessions
        ],
        first_session_on=timezone.localdate(sessions[0].starts_at),
        last_session_on=timezone.localdate(sessions[-1].starts_at),
        hours=eligibility.hours,
        points=eligibility.points,
        learning_objectives=policy.objectives,
        practice=eligibility.practice_summary(),
        accreditation_body=policy.accreditation_body if policy.is_accredited else "",
        accreditation_number=(
            policy.accreditation_number if policy.is_accredited else ""
        ),
        provider_name=settings.PROVIDER_NAME,
        signatory_name=policy.signatory_name,
        signatory_role=policy.signatory_role,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )


def issue_certificate(
    *, place, actor=None, eligibility: Eligibility | None = None
) -> tuple[Certificate, bool]:
    """Issue ``place``'s certificate unless it has one; (certificate, created).

    Rendering and the email follow after commit.
    """
    eligibility = eligibility or assess_place(place)
    if not eligibility.is_eligible:
        raise CertificateError(eligibility.reason)
    existing = Certificate.objects.valid().filter(place=place).first()
    if existing:
        return existing, False
    certificate = _snapshot(place, eligibility, actor)
    try:
        with transaction.atomic():
            certificate.save()
            record(
                "cpd.certificate.issued",
                certificate,
                actor=actor,
                number=certificate.number,
                points=certificate.points,
                hours=certificate.hours,
            )
    except IntegrityError:
        # Another worker issued it first: theirs stands.
        return Certificate.objects.valid().get(place=place), False
    _after_commit_render(certificate)
    return certificate, True


def _after_commit_render(certificate: Certificate) -> None:
    from cpd.tasks import render_and_send_certificate

    pk = certificate.pk
    transaction.on_commit(lambda: render_and_send_certificate.delay(pk))


def issue_certificates_for_cohort(*, cohort, actor=None) -> list[Certificate]:
    """Issue to every eligible participant who has none yet; returns the new ones.

    A place whose certificate was revoked is skipped: revoking is deliberate,
    and only a person may undo it.
    """
    issued = []
    has_one = set(
        Certificate.objects.filter(cohort=cohort).values_list("place_id", flat=True)
    )
    for eligibility in assess_cohort(cohort):
        if not eligibility.is_eligible or eligibility.place.pk in has_one:
            continue
        place = eligibility.place
        place.cohort = cohort
        certificate, created = issue_certificate(
            place=place, actor=actor, eligibility=eligibility
        )
        if created:
            issued.append(certificate)
    return issued


def finish_cohort(*, cohort, actor=None) -> None:
    """Mark the cohort finished and issue its certificates after commit."""
    from cohorts.models import Cohort
    from cpd.tasks import issue_cohort_certificates

    if cohort.status == Cohort.Status.CANCELLED:
        raise CertificateError(_("A cancelled cohort cannot be finished."))
    with transaction.atomic():
        old = cohort.status
        if old != Cohort.Status.FINISHED:
            Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED)
            cohort.status = Cohort.Status.FINISHED
            record(
                "cohorts.cohort.finished",
                cohort,
                actor=actor,
                old=old,
                new=cohort.status,
            )
        actor_id = getattr(actor, "pk", None)
        transaction.on_commit(
            lambda: issue_cohort_certificates.delay(cohort.pk, actor_id)
        )


def render_certificate(certificate: Certificate) -> bytes:
    import segno

    url = verify_url(certificate)
    # A fixed mask skips scoring all eight (any mask is a valid QR code);
    # one pixel per module, scaled up crisply by the template.
    qr = segno.make(url, error="m", mask=0)
    return render_pdf(
        PDF_TEMPLATE,
        {
            "certificate": certificate,
            "verify_url": url,
            "qr_data_uri": qr.png_data_uri(scale=1, border=2),
            "sessions": [
                {**s, "date": dt.date.fromisoformat(s["date"])}
                for s in certificate.sessions
            ],
        },
    )


def store_pdf(certificate: Certificate) -> Certificate:
    """Render and store the PDF unless it is stored; a second call changes nothing.

    A file missing from storage (media moved, or never rendered) is rendered
    again from the frozen snapshot, which gives the same certificate.
    """
    previous = certificate.pdf.name or ""
    if previous and default_storage.exists(previous):
        return certificate
    content = render_certificate(certificate)
    name = certificate.pdf.field.generate_filename(certificate, "certificate.pdf")
    stored = default_storage.save(name, ContentFile(content))
    updated = Certificate.objects.filter(pk=certificate.pk, pdf=previous).update(
        pdf=stored
    )
    if not updated:  # another worker stored it first
        default_storage.delete(stored)
        certificate.refresh_from_db(fields=["pdf"])
    else:
        certificate.pdf.name = stored
    return certificate


def send_certificate_ready(certificate: Certificate):
    """Email the participant a link; at most once per certificate."""
    from notifications.services import notify

    if not certificate.is_valid or not certificate.pdf:
        return None
    return notify(
        kind="cpd_certificate_ready",
        to=certificate.participant_email,
        about=certificate,
        user=certificate.user,
        cohort=certificate.cohort,
        context={
            "certificate": certificate,
            "download_url": download_url(certificate),
            "verify_url": verify_url(certificate),
            "record_url": settings.SITE_URL + reverse("portal:cpd_record"),
        },
    )


def revoke_certificate(*, certificate: Certificate, actor, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is revoked."))
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not current.is_valid:
            raise CertificateError(_("Only a valid certificate can be revoked."))
        Certificate.objects.filter(pk=current.pk).update(
            status=Certificate.Status.REVOKED,
            status_changed_at=timezone.now(),
            status_reason=reason,
        )
        record(
            "cpd.certificate.revoked",
            current,
            actor=actor,
            number=current.number,
            reason=reason,
        )
    current.refresh_from_db()
    return current


def out_of_date(certificate: Certificate, eligibility: Eligibility) -> str:
    """What changed in the attendance since ``certificate`` was issued, in
    words ('' when it still says what the register says)."""
    if not eligibility.is_eligible:
        return _("No longer eligible: %(why)s Revoke it if that is right.") % {
            "why": eligibility.reason
        }
    issued = [s["number"] for s in certificate.sessions]
    now = [s.number for s in eligibility.attended]
    if (
        issued == now
        and certificate.hours == eligibility.hours
        and certificate.points == eligibility.points
    ):
        return ""
    return _(
        "Out of date: attendance changed after it was issued. It shows "
        "%(was_sessions)d sessions, %(was_hours)s hours and %(was_points)s points; "
        "the register now gives %(sessions)d sessions, %(hours)s hours and "
        "%(points)s points."
    ) % {
        "was_sessions": len(issued),
        "was_hours": amount(certificate.hours),
        "was_points": amount(certificate.points),
        "sessions": len(now),
        "hours": amount(eligibility.hours),
        "points": amount(eligibility.points),
    }


def reissue_certificate(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Replace a certificate with a new one from today's profile and attendance."""
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Say what the correction is."))
    with transaction.atomic():
        current = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("place__cohort__programme", "place__attendee")
            .get(pk=certificate.pk)
        )
        if not current.is_valid:
            raise CertificateError(_("Only a valid certificate can be reissued."))
        eligibility = assess_place(current.place)
        if not eligibility.is_eligible:
            raise CertificateError(
                _("The participant is no longer eligible (%(why)s) Revoke it instead.")
                % {"why": eligibility.reason}
            )
        # The old one stops being current first: one valid per place.
        Certificate.objects.filter(pk=current.pk).update(
            status=Certificate.Status.REPLACED,
            status_changed_at=timezone.now(),
            status_reason=reason,
        )
        new = _snapshot(current.place, eligibility, actor)
        new.save()
        Certificate.objects.filter(pk=current.pk).update(replaced_by=new)
        record(
            "cpd.certificate.replaced",
            current,
            actor=actor,
            number=current.number,
            replaced_by=new.number,
            reason=reason,
        )
        record("cpd.certificate.issued", new, actor=actor, number=new.number)
        _after_commit_render(new)
    return new
