from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cop.audit import record
from cop.models import AuditEvent, MembershipTier, Organisation, OrganisationType, User
from cop.scoping import facilitated_by


class MembershipTierForm(forms.ModelForm):
    free_place_organisation_types = forms.MultipleChoiceField(
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Organisation types that get the free places"),
    )

    class Meta:
        model = MembershipTier
        fields = [
            "name",
            "slug",
            "discount_percent",
            "free_places_per_cohort",
            "free_place_organisation_types",
        ]


@admin.register(MembershipTier)
class MembershipTierAdmin(admin.ModelAdmin):
    form = MembershipTierForm
    list_display = ["name", "discount_percent", "free_places_per_cohort"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "type",
        "membership_tier",
        "membership_valid_from",
        "membership_valid_until",
    ]
    list_filter = ["type", "membership_tier"]
    search_fields = ["name", "billing_email"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "organisation",
        "organisation_confirmed",
        "is_staff",
        "is_active",
    ]
    list_filter = [
        "organisation_confirmed",
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
    ]
    actions = ["confirm_organisation"]
    search_fields = ["email", "full_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "full_name",
                    "job_role",
                    "organisation",
                    "organisation_confirmed",
                    "is_organisation_contact",
                    "access_needs",
                    "dietary_requirements",
                    "optional_emails",
                ]
            },
        ),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "anonymised_at"]}),
    ]
    readonly_fields = ["anonymised_at"]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"],
            },
        ),
    ]

    @admin.action(
        description=_("Confirm their link to their organisation (member prices)"),
        permissions=["change"],
    )
    def confirm_organisation(self, request, queryset):
        people = queryset.filter(
            organisation__isnull=False, organisation_confirmed=False
        )
        for person in people:
            person.organisation_confirmed = True
            person.save(update_fields=["organisation_confirmed"])
            record(
                "cop.user.organisation_confirmed",
                person,
                actor=request.user,
                organisation=person.organisation_id,
            )
        self.message_user(
            request,
            _("Confirmed %(count)d people as members of their organisation.")
            % {"count": len(people)},
            messages.SUCCESS,
        )


class AuditAreaFilter(admin.SimpleListFilter):
    """The areas the trail exists for, by the action's prefix."""

    title = _("area")
    parameter_name = "area"
    AREAS = {
        "attendance": ("cpd.attendance", _("Attendance")),
        "certificates": ("cpd.certificate", _("Certificates")),
        "applications": ("applications.", _("Applications and expenses")),
        "prices": ("bookings.priceoption", _("Prices")),
        "payments": ("bookings.payment", _("Payments")),
        "invoices": ("bookings.invoice", _("Invoices")),
        "refunds": ("bookings.refund", _("Refunds")),
        "places": ("bookings.", _("All bookings")),
        "people": ("cop.user", _("People (anonymised)")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (_prefix, label) in self.AREAS.items()]

    def queryset(self, request, queryset):
        area = self.AREAS.get(self.value() or "")
        if area is None:
            return queryset
        return queryset.filter(action__startswith=area[0])


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "object_repr", "actor", "changes"]
    list_filter = [AuditAreaFilter, "action"]
    list_select_related = ["actor"]
    search_fields = ["object_key", "object_repr", "actor__email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "action",
        "object_key",
        "object_repr",
        "actor",
        "data",
    ]

    @admin.display(description=_("changes"))
    def changes(self, obj: AuditEvent) -> str:
        text = ", ".join(f"{key}: {value}" for key, value in obj.data.items())
        return text if len(text) <= 120 else text[:119] + "…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Base classes and helpers the apps' admin modules share ------------------


class ProgrammeScopedAdmin(admin.ModelAdmin):
    """Limit rows to the facilitator's programmes; coordinators see everything.

    ``programme_path`` is the lookup from the model to its programme
    ("programme", "cohort__programme", "order__cohort__programme"...); the
    programme model is reached through it, so the kernel imports no app.
    """

    programme_path = "programme"

    def action_checkbox(self, obj):
        """The row's checkbox, written directly: the same HTML as Django's,
        without rendering a widget template for every row of the list."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select"'
            ' aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_coordinator:
            return queryset
        return facilitated_by(
            queryset, request.user, programme_path=self.programme_path
        ).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme" and not request.user.is_coordinator:
            programmes = db_field.remote_field.model._default_manager.all()
            kwargs["queryset"] = facilitated_by(
                programmes, request.user, programme_path=""
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def add_inline(
    model, inline, *, first: bool = False, site: admin.AdminSite = admin.site
) -> None:
    """Add ``inline`` to the admin registered for ``model`` (once).

    How an app extends a lower app's admin screen without importing its
    admin module: call this from your own ``admin.py`` (admin modules load in
    INSTALLED_APPS order, so the lower app's admin is registered already).
    """
    model_admin = site.get_model_admin(model)
    if inline in model_admin.inlines:
        return
    inlines = list(model_admin.inlines)
    # The registered instance's own list: the class stays as written.
    vars(model_admin)["inlines"] = [inline, *inlines] if first else [*inlines, inline]


def add_list_columns(
    model,
    *columns,
    annotate=None,
    replaces: tuple[str, ...] = (),
    site: admin.AdminSite = admin.site,
) -> None:
    """Add ``columns`` to the change list registered for ``model`` (once),
    leaving out the columns named in ``replaces`` (shown by a new one).

    ``annotate(queryset) -> queryset`` adds what the columns read, in the
    same query (subqueries, not joins), so the list's cost does not grow
    with the rows behind each column. For apps above the model's own app,
    the way ``add_inline`` is for inlines.
    """
    model_admin = site.get_model_admin(model)
    display = list(model_admin.list_display)
    new = [column for column in columns if column not in display]
    if not new:
        return
    kept = [column for column in display if column not in replaces]
    vars(model_admin)["list_display"] = [*kept, *new]
    if annotate is not None:
        original = model_admin.get_queryset

        def get_queryset(request):
            return annotate(original(request))

        vars(model_admin)["get_queryset"] = get_queryset
