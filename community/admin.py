"""The space's rows in the admin, scoped to the facilitator's programmes.

Moderation (hide, lock, publish) happens on the space's own pages, which call
the services and write the audit trail; here the rows can be looked up.
"""

from django.contrib import admin
from django.db.models import Q

from cohorts.models import Programme
from community.models import (
    CommunitySettings,
    GuestInvitation,
    MemberCard,
    Post,
    Resource,
    SharedItem,
    Thread,
    TopicProposal,
)


class ScopedAdmin(admin.ModelAdmin):
    """Rows of the facilitator's programmes only; ``programme_path`` says how."""

    programme_path = "cohort__programme"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(
            **{f"{self.programme_path}__facilitators": request.user}
        ).distinct()


@admin.register(CommunitySettings)
class CommunitySettingsAdmin(ScopedAdmin):
    programme_path = "programme"
    list_display = ["programme", "access_days_after_end"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme" and not request.user.is_coordinator:
            kwargs["queryset"] = Programme.objects.filter(facilitators=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Thread)
class ThreadAdmin(ScopedAdmin):
    list_display = [
        "title",
        "cohort",
        "author",
        "last_post_at",
        "is_pinned",
        "is_locked",
        "is_hidden",
    ]
    list_filter = ["is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title"]
    readonly_fields = [
        "cohort",
        "author",
        "created_at",
        "last_post_at",
        "is_pinned",
        "is_locked",
        "is_hidden",
    ]


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    programme_path = "thread__cohort__programme"
    list_display = ["pk", "thread", "author", "created_at", "is_hidden"]
    list_select_related = ["thread", "author"]
    readonly_fields = [
        "thread",
        "author",
        "body",
        "created_at",
        "edited_at",
        "is_hidden",
    ]


@admin.register(Resource)
class ResourceAdmin(ScopedAdmin):
    list_display = [
        "title",
        "kind",
        "cohort",
        "programme",
        "added_by",
        "added_at",
        "is_hidden",
    ]
    list_filter = ["kind", "is_hidden"]
    readonly_fields = [
        "file",
        "filename",
        "content_type",
        "size",
        "added_by",
        "added_at",
        "is_hidden",
    ]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_coordinator:
            return queryset
        return queryset.filter(
            Q(cohort__programme__facilitators=request.user)
            | Q(programme__facilitators=request.user)
        ).distinct()


@admin.register(GuestInvitation)
class GuestInvitationAdmin(ScopedAdmin):
    programme_path = "session__cohort__programme"
    list_display = ["name", "email", "session", "topic", "invited_at", "is_withdrawn"]
    exclude = ["token"]
    readonly_fields = ["session", "invited_by", "invited_at", "is_withdrawn"]


@admin.register(TopicProposal)
class TopicProposalAdmin(ScopedAdmin):
    list_display = ["title", "cohort", "proposed_by", "session", "is_hidden"]


@admin.register(SharedItem)
class SharedItemAdmin(ScopedAdmin):
    list_display = ["title", "kind", "cohort", "status", "published_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "agreed_at", "published_at", "thread", "created_by"]


@admin.register(MemberCard)
class MemberCardAdmin(ScopedAdmin):
    list_display = ["user", "cohort", "updated_at"]
