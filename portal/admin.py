"""Data retention on the people admin: a filter and an anonymising action.

The kernel's ``UserAdmin`` knows no app; erasure reaches every app, so the
portal adds both to the registered screen.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cop.models import User
from portal.personal_data import anonymise_user, inactive_people, retention_cutoff


class RetentionFilter(admin.SimpleListFilter):
    """People whose last activity is older than DATA_RETENTION_DAYS."""

    title = _("data retention")
    parameter_name = "retention"

    def lookups(self, request, model_admin):
        return [("expired", _("Inactive beyond the retention period"))]

    def queryset(self, request, queryset):
        if self.value() == "expired":
            return queryset.filter(pk__in=inactive_people().values("pk"))
        return queryset


@admin.action(
    description=_("Anonymise selected people inactive beyond the retention period"),
    permissions=["change"],
)
def anonymise_inactive(model_admin, request, queryset):
    """Only people past the retention period; staff and others are skipped."""
    due = inactive_people().filter(pk__in=queryset.values("pk"))
    count = 0
    for person in due:
        anonymise_user(user=person, actor=request.user, reason="retention period")
        count += 1
    skipped = queryset.count() - count
    cutoff = retention_cutoff()
    model_admin.message_user(
        request,
        _(
            "Anonymised %(count)d people inactive since before %(cutoff)s; "
            "%(skipped)d skipped (recent activity, staff or already done)."
        )
        % {"count": count, "cutoff": f"{cutoff:%d %B %Y}", "skipped": skipped},
        messages.SUCCESS,
    )


def _extend_user_admin() -> None:
    user_admin = admin.site.get_model_admin(User)
    filters = list(user_admin.list_filter)
    filters.insert(
        filters.index("groups") if "groups" in filters else 0, RetentionFilter
    )
    user_admin.list_filter = filters
    user_admin.actions = [anonymise_inactive, *user_admin.actions]


_extend_user_admin()
