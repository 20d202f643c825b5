"""Load demo data modelled on the two real programmes; safe to run twice.

It fills every app, so it lives in the portal, at the top of the layers
(docs/architecture.md), not in the kernel.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from applications.models import (
    Application,
    ApplicationAnswer,
    Review,
    ReviewCriterion,
    ReviewPanel,
)
from applications.review import score_application
from bookings.invoicing import mark_invoice_paid
from bookings.models import Order, Place, PriceOption
from bookings.services import Attendee, Billing, book_places, create_order, quote
from cohorts.attendance import say_how_i_attend
from cohorts.models import AttendanceIntention, Cohort, Programme, Question, Session
from community.demo import fill_demo_space
from cop.models import (
    COORDINATORS_GROUP,
    FACILITATORS_GROUP,
    MembershipTier,
    Organisation,
    OrganisationType,
    User,
)
from cpd.attendance import record_attendance
from cpd.certificates import issue_certificate
from cpd.models import CpdPolicy
from evaluation.demo import seed_evaluation
from portal.feed import feed_for, feed_urls
from practice import demo as practice_demo

LONDON = ZoneInfo("Europe/London")
DEMO_PASSWORD = "demo-pass-2026"


def london(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


class Command(BaseCommand):
    help = "Create demo programmes, cohorts, organisations and logins (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        groups = self.groups()
        tiers = self.tiers()
        orgs = self.organisations(tiers)
        people = self.people(groups, orgs)
        self.shared_practice(people, orgs)
        self.connection_groups(people)
        self.cpd_policies(people)
        self.practitioner_history(people)
        fill_demo_space(
            facilitator=people["facilitator"], practitioner=people["practitioner"]
        )
        seed_evaluation(
            facilitator=people["facilitator"], practitioner=people["practitioner"]
        )
        self.recruitment_review(people)
        self.half_day_numbers(people)
        self.full_cohort(people)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Logins:"))
        for role, user in people.items():
            self.stdout.write(f"  {role:<13} {user.email}  password: {DEMO_PASSWORD}")
        feed = feed_urls(feed_for(people["practitioner"]))
        self.stdout.write(f"  Practitioner's calendar feed: {feed['webcal']}")

    def groups(self) -> dict[str, Group]:
        """The staff groups come from a data migration (cop.roles)."""
        return {
            "facilitators": Group.objects.get(name=FACILITATORS_GROUP),
            "coordinators": Group.objects.get(name=COORDINATORS_GROUP),
        }

    def tiers(self) -> dict[str, MembershipTier]:
        lg = [OrganisationType.LOCAL_GOVERNMENT]
        specs = {
            "standard": ("Standard", 1),
            "advanced": ("Advanced", 2),
        }
        tiers = {}
        for slug, (name, free) in specs.items():
            tiers[slug], _ = MembershipTier.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "discount_percent": Decimal("33"),
                    "free_places_per_cohort": free,
                    "free_place_organisation_types": lg,
                },
            )
        return tiers

    def organisations(self, tiers) -> dict[str, Organisation]:
        T = OrganisationType  # noqa: N806
        specs = [
            ("northbridge", "Northbridge City Council", T.LOCAL_GOVERNMENT, "advanced"),
            ("eastvale", "Eastvale District Council", T.LOCAL_GOVERNMENT, "standard"),
            ("riverside", "Riverside Housing Association", T.HOUSING, "standard"),
            ("harbour", "Harbour Community Trust", T.CHARITY, "standard"),
            ("westmoor", "Westmoor Police", T.POLICE, None),
            ("oakfield", "Oakfield Primary School", T.EDUCATION, None),
            ("hillside", "Hillside Faith Forum", T.FAITH, None),
            ("meadow", "Meadow Vale NHS Trust", T.HEALTH, None),
        ]
        orgs = {}
        for key, name, kind, tier in specs:
            orgs[key], _ = Organisation.objects.update_or_create(
                name=name,
                defaults={
                    "type": kind,
                    "membership_tier": tiers[tier] if tier else None,
                    "membership_valid_from": dt.date(2025, 4, 1) if tier else None,
                    "membership_valid_until": dt.date(2028, 3, 31) if tier else None,
                    "billing_contact": "Finance team" if tier else "",
                    "billing_email": f"finance@{key}.example",
                    "email_domains": f"{key}.example",
                    "billing_address": f"{name}\n1 High Street\nExampletown EX1 1AA",
                },
            )
        return orgs

    def people(self, groups, orgs) -> dict[str, User]:
        specs = [
            (
                "coordinator",
                "coordinator@example.com",
                "Sam Okafor",
                "Network coordinator",
                None,
                True,
                groups["coordinators"],
            ),
            (
                "facilitator",
                "facilitator@example.com",
                "Priya Natarajan",
                "Lead facilitator",
                None,
                True,
                groups["facilitators"],
            ),
            (
                "practitioner",
                "practitioner@example.com",
                "Jordan Ellis",
                "Community development officer",
                orgs["harbour"],
                False,
                None,
            ),
            (
                "council lead",
                "council@example.com",
                "Morgan Reid",
                "Head of neighbourhoods",
                orgs["northbridge"],
                False,
                None,
            ),
        ]
        people = {}
        for role, email, name, job, org, staff, group in specs:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD)
            user.full_name, user.job_role, user.organisation = name, job, org
            # The demo members' links to their organisations are confirmed.
            user.organisation_confirmed = org is not None
            user.is_staff = staff
            user.save()
            if group:
                user.groups.add(group)
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            people[role] = user
        return people

    def shared_practice(self, people, orgs) -> None:
        programme = self.programme(
            slug="neighbourhood-practice",
            name="Neighbourhood Working Community of Practice",
            summary=(
                "Six two-hour online sessions a year for officers who work with "
                "communities, with an optional in-person half day."
            ),
            audience=(
                "Officers in councils, police, housing, schools and charities "
                "whose work depends on relationships with residents and "
                "community groups."
            ),
            content=(
                "Sharing what works in neighbourhood working, testing ideas with "
                "peers facing the same pressures, and turning them into action "
                "steps you try between sessions."
            ),
            how_it_works=(
                "Join at least three sessions, ideally all six. Between sessions "
                "the facilitator supports you with your action steps. Attend "
                "three or more sessions to receive a CPD certificate; over six "
                "sessions you can earn up to twenty CPD points."
            ),
            format=Programme.Format.HYBRID,
            booking_mode=Programme.BookingMode.DIRECT,
            default_capacity=24,
            facilitator=people["facilitator"],
        )
        titles = [
            "Getting to know the community",
            "Listening at scale",
            "Working with informal groups",
            "In-person half day: shared learning",
            "Sharing power in decisions",
            "Looking back and planning ahead",
        ]
        current = self.cohort(programme, "2026-27", 24, Cohort.Status.OPEN)
        dates = [
            (2027, 1, 26),
            (2027, 2, 23),
            (2027, 3, 23),
            (2027, 4, 27),
            (2027, 5, 25),
            (2027, 6, 22),
        ]
        for number, ((y, m, d), title) in enumerate(zip(dates, titles, strict=True), 1):
            in_person = number == 4
            self.session(
                current,
                number,
                title,
                london(y, m, d, 10),
                london(y, m, d, 13 if in_person else 12),
                in_person=in_person,
            )
        self.prices(current)
        past = self.cohort(programme, "2025-26", 24, Cohort.Status.FINISHED)
        past_dates = [
            (2025, 5, 20),
            (2025, 6, 24),
            (2025, 9, 23),
            (2025, 11, 25),
            (2026, 1, 27),
            (2026, 3, 24),
        ]
        for number, ((y, m, d), title) in enumerate(
            zip(past_dates, titles, strict=True), 1
        ):
            in_person = number == 4  # the half day with lunch, as this year
            self.session(
                past,
                number,
                title,
                london(y, m, d, 10),
                london(y, m, d, 13 if in_person else 12),
                in_person=in_person,
            )
        self.prices(past)
        bespoke = self.cohort(
            programme,
            "northbridge-2027",
            15,
            Cohort.Status.OPEN,
            name="Northbridge bespoke 2027",
            private_to=orgs["northbridge"],
        )
        self.session(
            bespoke,
            1,
            "Bespoke opening session",
            london(2027, 3, 2, 10),
            london(2027, 3, 2, 12),
        )

    def connection_groups(self, people) -> None:
        programme = self.programme(
            slug="connected-communities",
            name="Connected Communities Coalition",
            summary=(
                "A free six-week group for people tackling loneliness and "
                "isolation, by application."
            ),
            audience=(
                "People on the front line of tackling loneliness, and people "
                "who design that work, in any sector."
            ),
            content=(
                "Six weekly two-hour sessions, from orientation to review, with "
                "short one-to-one coffee catch-ups between members and "
                "self-directed learning. Guest contributors join some sessions."
            ),
            how_it_works=(
                "Register interest to get the link to the online drop-in, then "
                "apply by the deadline. Groups are limited to twenty; more may "
                "run if demand is high. It is free to join and expenses are "
                "available where relevant."
            ),
            format=Programme.Format.ONLINE,
            booking_mode=Programme.BookingMode.APPLICATION,
            default_capacity=20,
            facilitator=people["facilitator"],
        )
        cohort = self.cohort(
            programme,
            "spring-2027",
            20,
            Cohort.Status.OPEN,
            name="Spring 2027",
            applications_open_at=london(2026, 11, 2, 9),
            application_deadline=london(2027, 1, 13, 9),
            dropin_starts_at=london(2026, 12, 8, 13),
            dropin_ends_at=london(2026, 12, 8, 14),
            dropin_joining_link="https://meet.example/connected-dropin",
        )
        titles = [
            "Orientation",
            "Understanding connection",
            "What gets in the way",
            "Trying things out",
            "Learning from each other",
            "Review",
        ]
        for number, title in enumerate(titles, 1):
            day = dt.date(2027, 2, 2) + dt.timedelta(weeks=number - 1)
            self.session(
                cohort,
                number,
                title,
                london(day.year, day.month, day.day, 14),
                london(day.year, day.month, day.day, 16),
            )

    def cpd_policies(self, people) -> None:
        """Attend 3+ sessions for a certificate; up to twenty points over six."""
        facilitator = people["facilitator"]
        CpdPolicy.objects.update_or_create(
            programme=Programme.objects.get(slug="neighbourhood-practice"),
            defaults={
                "min_sessions": 3,
                "points_per_session": Decimal("3"),
                "activity_points": Decimal("1"),
                "max_points": Decimal("20"),
                "accreditation_body": "Community Practice CPD Board (demo)",
                "accreditation_number": "CPB-2026-0417",
                "learning_objectives": (
                    "Build trusted relationships with residents and groups.\n"
                    "Plan and review action steps with peers.\n"
                    "Share power in local decisions."
                ),
                "signatory_name": facilitator.full_name,
                "signatory_role": facilitator.job_role,
            },
        )
        CpdPolicy.objects.get_or_create(
            programme=Programme.objects.get(slug="connected-communities"),
            defaults={"signatory_name": facilitator.full_name},
        )

    def practitioner_history(self, people) -> None:
        """The practitioner attended last year's cohort and booked this year's."""
        practitioner, facilitator = people["practitioner"], people["facilitator"]
        past = Cohort.objects.get(
            programme__slug="neighbourhood-practice", slug="2025-26"
        )
        place = Place.objects.filter(cohort=past, attendee=practitioner).first()
        if place is None:
            option = past.price_options.get(sessions_included=None)
            booked_on = london(2025, 4, 2, 9)
            breakdown = quote(
                cohort=past,
                option=option,
                organisation=practitioner.organisation,
                places=1,
                now=booked_on,
            )
            organisation = practitioner.organisation
            order = create_order(
                cohort=past,
                booker=practitioner,
                organisation=organisation,
                people=[Attendee(practitioner.full_name, practitioner.email)],
                breakdown=breakdown,
                option=option,
                method=Order.PaymentMethod.INVOICE,
                now=booked_on,
                billing=Billing(
                    purchase_order_number="",
                    contact=organisation.billing_contact or practitioner.full_name,
                    email=organisation.billing_email,
                    address=organisation.billing_address,
                ),
            )
            # Last year's invoice was paid long ago: no reminders for it.
            mark_invoice_paid(
                invoice_id=order.invoice.pk,
                actor=facilitator,
                now=london(2025, 4, 20, 10),
            )
            place = order.places.get()
            for session in past.sessions.order_by("number"):
                record_attendance(
                    session=session,
                    place=place,
                    status="absent" if session.number in {4, 6} else "attended",
                    minutes_present=0 if session.number in {4, 6} else 120,
                    actor=facilitator,
                )
            # Steps done after sessions 1-3 earn the activity points, and a
            # running cohort shows practice between sessions.
            practice_demo.load(
                people=people, record_attendance=record_attendance, past_place=place
            )
            issue_certificate(place=place, actor=facilitator)
        current = Cohort.objects.get(
            programme__slug="neighbourhood-practice", slug="2026-27"
        )
        if not Place.objects.filter(cohort=current, attendee=practitioner).exists():
            org = practitioner.organisation
            book_places(
                cohort_id=current.pk,
                booker=practitioner,
                option_id=current.price_options.get(sessions_included=None).pk,
                attendees=[Attendee(practitioner.full_name, practitioner.email)],
                organisation_id=org.pk,
                payment_method=Order.PaymentMethod.INVOICE,
                billing=Billing(
                    purchase_order_number="HCT-0042",
                    contact=org.billing_contact,
                    email=org.billing_email,
                    address=org.billing_address,
                ),
            )

    def recruitment_review(self, people) -> None:
        """A custom application question, criteria, two reviewers, two scored."""
        cohort = Cohort.objects.get(
            programme__slug="connected-communities", slug="spring-2027"
        )
        sector, _ = Question.objects.update_or_create(
            programme=cohort.programme,
            form=Question.Form.APPLICATION,
            text="Which sector do you work in?",
            defaults={
                "kind": Question.Kind.SINGLE_CHOICE,
                "options": "Local government\nHealth\nHousing\n"
                "Voluntary and community\nFaith group\nOther",
                "required": True,
                "help_text": "So each group mixes people from different sectors.",
            },
        )
        criteria = [
            ReviewCriterion.objects.update_or_create(
                cohort=cohort,
                name=name,
                defaults={"description": description, "position": position},
            )[0]
            for position, (name, description) in enumerate(
                [
                    ("Fit with the focus", "Works on loneliness or isolation."),
                    ("Experience to share", "Has practice others can learn from."),
                    ("Organisational support", "Has time agreed to take part."),
                ]
            )
        ]
        panel, _ = ReviewPanel.objects.get_or_create(cohort=cohort)
        reviewers = [people["coordinator"], people["facilitator"]]
        panel.reviewers.add(*reviewers)
        applicants = [
            ("amara.bello@example.com", "Amara Bello", "Health", [3, 2, 3], [3, 3, 2]),
            ("tom.hughes@example.com", "Tom Hughes", "Housing", [2, 1, 1], [1, 2, 0]),
        ]
        for email, name, answer, first, second in applicants:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD)
                user.full_name = name
                user.save()
            application, _ = Application.objects.get_or_create(
                cohort=cohort,
                applicant=user,
                defaults={
                    "status": Application.Status.SUBMITTED,
                    "motivation": "Loneliness is the issue I meet most at work.",
                    "hopes": "New ideas for reaching people who stay at home.",
                    "challenge": "Keeping volunteers once the funding ends.",
                    "role": Application.Role.FRONT_LINE,
                    "organisation_supports": True,
                    "preferred_days": [1, 3],
                    "preferred_times": ["afternoon"],
                    "submitted_at": london(2026, 12, 1, 11),
                },
            )
            ApplicationAnswer.objects.get_or_create(
                application=application, question=sector, defaults={"value": answer}
            )
            for reviewer, values in zip(reviewers, [first, second], strict=True):
                if not Review.objects.filter(
                    application=application, reviewer=reviewer
                ).exists():
                    score_application(
                        application_id=application.pk,
                        reviewer=reviewer,
                        scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
                    )

    def half_day_numbers(self, people) -> None:
        """The in-person half day is hybrid, with people's plans for the venue."""
        current = Cohort.objects.get(
            programme__slug="neighbourhood-practice", slug="2026-27"
        )
        half_day = current.sessions.get(number=4)
        council_lead = people["council lead"]
        if not Place.objects.filter(cohort=current, attendee=council_lead).exists():
            book_places(
                cohort_id=current.pk,
                booker=council_lead,
                option_id=current.price_options.get(sessions_included=None).pk,
                attendees=[Attendee(council_lead.full_name, council_lead.email)],
                organisation_id=council_lead.organisation_id,
            )
        plans = [
            (people["practitioner"], "in_person", "Vegetarian", ""),
            (council_lead, "in_person", "", "Step-free access, please"),
        ]
        before_cutoff = half_day.attendance_cutoff - dt.timedelta(days=7)
        for person, how, dietary, access in plans:
            if not AttendanceIntention.objects.filter(
                session=half_day, user=person, how=how
            ).exists():
                say_how_i_attend(
                    session=half_day,
                    user=person,
                    how=how,
                    dietary_requirements=dietary,
                    access_needs=access,
                    now=before_cutoff,
                )

    def full_cohort(self, people) -> None:
        """A small evening cohort the council filled: try its waiting list."""
        programme = Programme.objects.get(slug="neighbourhood-practice")
        cohort = self.cohort(
            programme,
            "evenings-2027",
            2,
            Cohort.Status.OPEN,
            name="Evenings 2027 (small group)",
        )
        for number in range(1, 7):
            day = dt.date(2027, 2, 3) + dt.timedelta(weeks=4 * (number - 1))
            self.session(
                cohort,
                number,
                f"Evening session {number}",
                london(day.year, day.month, day.day, 18),
                london(day.year, day.month, day.day, 20),
            )
        self.prices(cohort)
        if not Place.objects.filter(cohort=cohort).exists():
            council = people["council lead"]
            org = council.organisation
            book_places(
                cohort_id=cohort.pk,
                booker=council,
                option_id=cohort.price_options.get(sessions_included=None).pk,
                attendees=[
                    Attendee("Casey Morgan", "casey.morgan@example.com"),
                    Attendee("Riley Shah", "riley.shah@example.com"),
                ],
                organisation_id=org.pk,
                payment_method=Order.PaymentMethod.INVOICE,
                billing=Billing(
                    purchase_order_number="NB-2027-07",
                    contact=org.billing_contact or council.full_name,
                    email=org.billing_email or council.email,
                    address=org.billing_address,
                ),
            )

    def programme(self, *, slug, facilitator, **fields) -> Programme:
        programme, _ = Programme.objects.update_or_create(slug=slug, defaults=fields)
        programme.facilitators.add(facilitator)
        return programme

    def cohort(self, programme, slug, capacity, status, **fields) -> Cohort:
        fields.setdefault("name", slug)
        cohort, _ = Cohort.objects.update_or_create(
            programme=programme,
            slug=slug,
            defaults={"capacity": capacity, "status": status, **fields},
        )
        return cohort

    def session(self, cohort, number, title, starts, ends, *, in_person=False):
        # The half day is hybrid: at the venue with lunch, or joining online.
        Session.objects.update_or_create(
            cohort=cohort,
            number=number,
            defaults={
                "title": title,
                "starts_at": starts,
                "ends_at": ends,
                "mode": Session.Mode.HYBRID if in_person else Session.Mode.ONLINE,
                "joining_link": f"https://meet.example/{cohort.slug}-{number}",
                "venue": "Civic Centre, Committee Room 2, Northbridge NB1 2AB"
                if in_person
                else "",
                "catering": in_person,
            },
        )

    def prices(self, cohort) -> None:
        PriceOption.objects.update_or_create(
            cohort=cohort,
            name="All six sessions",
            defaults={
                "price": Decimal("750.00"),
                "sessions_included": None,
                "position": 0,
            },
        )
        PriceOption.objects.update_or_create(
            cohort=cohort,
            name="Any three sessions",
            defaults={
                "price": Decimal("450.00"),
                "sessions_included": 3,
                "position": 1,
            },
        )
