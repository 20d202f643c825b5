"""The cohort's space. Views are thin: who may see it (``community.access``),
parse the form, call a service, show its refusal beside the field.

Everyone who is not allowed gets a 404; signed-out visitors are sent to sign
in first (members follow links from emails).
"""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts.models import Cohort, Session
from community import (
    discussion,
    learning,
    members,
    resources,
    selectors,
    sessions,
    topics,
)
from community.access import (
    Access,
    access_for,
    guest_invitation,
    member_cohort_ids,
    staff_cohorts,
)
from community.emails import read_digest_off_token
from community.errors import NotAllowedError
from community.forms import (
    DigestForm,
    GuestForm,
    MemberCardForm,
    PostForm,
    ResourceForm,
    SessionPlanForm,
    SharedItemForm,
    ThreadForm,
    TopicForm,
)
from community.guests import invite_guest, withdraw_invitation
from community.models import (
    DigestPreference,
    GuestInvitation,
    Post,
    SessionPage,
    SharedItem,
    Thread,
    TopicProposal,
)
from community.personal_data import PRIVACY_LINE
from community.uploads import max_bytes
from cop.errors import DomainError
from cop.models import User

POSTS_PER_PAGE = 100


def _space(request, cohort_id: int) -> Access:
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)
    access = access_for(request.user, cohort)
    if access is None:
        raise Http404
    return access


def _staff_space(request, cohort_id: int) -> Access:
    access = _space(request, cohort_id)
    if not access.is_staff:
        raise Http404
    return access


def _refused(form: django_forms.Form, error: DomainError) -> None:
    """Show a refusal beside its field (or at the top) in the usual pattern."""
    if isinstance(error, NotAllowedError):
        raise Http404 from error
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _flash_refusal(request, error: DomainError) -> None:
    if isinstance(error, NotAllowedError):
        raise Http404 from error
    messages.error(request, error.message)


def _posted(request):
    """The form data on POST (even when empty: unticked boxes), else None."""
    return request.POST if request.method == "POST" else None


def _context(access: Access, section: str, **extra) -> dict:
    return {"access": access, "cohort": access.cohort, "section": section, **extra}


# --- Front page and my spaces -------------------------------------------------


@login_required
def my_spaces(request):
    cohorts = Cohort.objects.filter(pk__in=member_cohort_ids(request.user))
    return render(
        request,
        "community/my_spaces.html",
        {
            "cohorts": cohorts.order_by("programme__name", "name"),
            "staff_cohorts": staff_cohorts(request.user).order_by(
                "programme__name", "name"
            )[:50],
        },
    )


@login_required
def space(request, cohort_id: int):
    access = _space(request, cohort_id)
    cohort = access.cohort
    now = timezone.now()
    session_list = list(cohort.sessions.order_by("starts_at"))
    threads = list(selectors.threads_for(cohort, request.user)[:20])
    return render(
        request,
        "community/space.html",
        _context(
            access,
            "home",
            past_sessions=[s for s in session_list if s.ends_at <= now][::-1],
            coming_sessions=[s for s in session_list if s.ends_at > now],
            threads=threads,
            unread=sum(1 for t in threads if t.has_unread),
            resources=list(selectors.resources_for(cohort)[:5]),
        ),
    )


# --- Members ------------------------------------------------------------------


@login_required
def member_list(request, cohort_id: int):
    access = _space(request, cohort_id)
    return render(
        request,
        "community/members.html",
        _context(access, "members", members=selectors.members(access.cohort)),
    )


@login_required
def my_card(request, cohort_id: int):
    access = _space(request, cohort_id)
    card = members.card_for(access=access, user=request.user)
    initial = {name: getattr(card, name) for name in MemberCardForm.base_fields}
    form = MemberCardForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            members.save_card(access=access, user=request.user, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "Your card is saved.")
            return redirect("community:members", cohort_id)
    return render(
        request,
        "community/my_card.html",
        _context(access, "members", form=form, card=card, privacy=PRIVACY_LINE),
    )


# --- Sessions -----------------------------------------------------------------


def _session_context(session: Session, *, can_see_private: bool) -> dict:
    page = SessionPage.objects.filter(session=session).first()
    return {
        "session": session,
        "page": page,
        "guests": selectors.guests_for_session(session),
        "topics": list(session.community_topics.filter(is_hidden=False)),
        "notes_published": sessions.notes_are_published(session),
        "session_resources": list(
            session.community_resources.filter(is_hidden=False)
            .select_related("added_by")
            .order_by("-added_at")
        ),
        "can_see_private": can_see_private,
    }


@login_required
def session_page(request, cohort_id: int, session_id: int):
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_id)
    session = get_object_or_404(
        Session.objects.select_related("cohort__programme"),
        pk=session_id,
        cohort=cohort,
    )
    access = access_for(request.user, cohort)
    if access is None:
        invitation = guest_invitation(request.user, session)
        if invitation is None:
            raise Http404
        return _guest_render(request, invitation)
    return render(
        request,
        "community/session.html",
        _context(access, "sessions", **_session_context(session, can_see_private=True)),
    )


def guest_page(request, token: str):
    """A guest's personal link: that session's page only, no account needed."""
    invitation = get_object_or_404(
        GuestInvitation.objects.select_related("session__cohort__programme"),
        token=token,
        is_withdrawn=False,
    )
    return _guest_render(request, invitation)


def _guest_render(request, invitation: GuestInvitation):
    session = invitation.session
    context = _session_context(session, can_see_private=True)
    context.update(
        {
            "cohort": session.cohort,
            "invitation": invitation,
            "is_guest": True,
        }
    )
    response = render(request, "community/session.html", context)
    response["Referrer-Policy"] = "no-referrer"  # keep the token out of Referer
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def session_plan(request, cohort_id: int, session_id: int):
    access = _staff_space(request, cohort_id)
    session = get_object_or_404(Session, pk=session_id, cohort=access.cohort)
    page = SessionPage.objects.filter(session=session).first()
    form = SessionPlanForm(
        _posted(request), initial={"plan": page.plan if page else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            sessions.save_plan(access=access, session=session, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "The plan is saved.")
            return redirect("community:session", cohort_id, session_id)
    return render(
        request,
        "community/session_plan.html",
        _context(access, "sessions", form=form, session=session),
    )


@login_required
def session_guests(request, cohort_id: int, session_id: int):
    access = _staff_space(request, cohort_id)
    session = get_object_or_404(Session, pk=session_id, cohort=access.cohort)
    form = GuestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_guest(
                access=access, session=session, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(
                request, f"{invitation.name} is invited; the invitation is on its way."
            )
            return redirect("community:session_guests", cohort_id, session_id)
    return render(
        request,
        "community/session_guests.html",
        _context(
            access,
            "sessions",
            form=form,
            session=session,
            guests=selectors.guests_for_session(session),
        ),
    )


@login_required
@require_POST
def guest_withdraw(request, cohort_id: int, invitation_id: int):
    access = _staff_space(request, cohort_id)
    invitation = get_object_or_404(
        GuestInvitation, pk=invitation_id, session__cohort=access.cohort
    )
    withdraw_invitation(access=access, invitation=invitation, actor=request.user)
    messages.success(request, f"The invitation to {invitation.name} is withdrawn.")
    return redirect("community:session_guests", cohort_id, invitation.session_id)


# --- Resources ----------------------------------------------------------------


@login_required
def resource_list(request, cohort_id: int):
    access = _space(request, cohort_id)
    cohort = access.cohort
    too_big = _upload_too_big(request)
    if too_big:
        messages.error(request, too_big)
        return redirect("community:resources", cohort_id)
    session_list = list(cohort.sessions.order_by("starts_at"))
    form = ResourceForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        sessions=session_list,
        is_staff=access.is_staff,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            common = {
                "access": access,
                "user": request.user,
                "title": data["title"],
                "session": data["session"],
                "for_programme": data.get("for_programme", False),
            }
            if data.get("file"):
                resources.add_file(upload=data["file"], **common)
            else:
                resources.add_link(url=data["url"], **common)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "The resource is added.")
            return redirect("community:resources", cohort_id)
    items = list(selectors.resources_for(cohort, include_hidden=access.is_staff))
    return render(
        request,
        "community/resources.html",
        _context(
            access,
            "resources",
            form=form,
            cohort_resources=[r for r in items if r.cohort_id],
            programme_resources=[r for r in items if r.programme_id],
        ),
        status=400 if form.errors else 200,
    )


def _upload_too_big(request) -> str:
    """Refuse a huge upload from its declared length, before reading it."""
    if request.method != "POST":
        return ""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return ""
    limit = max_bytes()
    if length <= limit + 2**20:  # the form's other fields fit in a megabyte
        return ""
    return (
        f"The file is about {length / 2**20:.0f} MB; the limit is "
        f"{limit // 2**20} MB. Nothing was added."
    )


@login_required
def resource_download(request, cohort_id: int, resource_id: int):
    access = _space(request, cohort_id)
    resource = selectors.resource_in_space(access.cohort, resource_id)
    if (
        resource is None
        or not resource.file
        or (resource.is_hidden and not access.is_staff)
    ):
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.filename or "resource",
        content_type=resource.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def resource_hide(request, cohort_id: int, resource_id: int):
    access = _staff_space(request, cohort_id)
    resource = selectors.resource_in_space(access.cohort, resource_id)
    if resource is None:
        raise Http404
    hidden = request.POST.get("action") != "show"
    resources.hide_resource(
        access=access, resource=resource, actor=request.user, hidden=hidden
    )
    messages.success(request, "Hidden." if hidden else "Shown again.")
    return redirect("community:resources", cohort_id)


# --- Discussion ---------------------------------------------------------------


@login_required
def thread_list(request, cohort_id: int):
    access = _space(request, cohort_id)
    threads = list(
        selectors.threads_for(
            access.cohort, request.user, include_hidden=access.is_staff
        )
    )
    return render(
        request,
        "community/threads.html",
        _context(access, "discussion", threads=threads),
    )


@login_required
def thread_new(request, cohort_id: int):
    access = _space(request, cohort_id)
    form = ThreadForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            thread = discussion.start_thread(
                access=access, author=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return redirect("community:thread", cohort_id, thread.pk)
    return render(
        request,
        "community/thread_new.html",
        _context(access, "discussion", form=form),
        status=400 if form.errors else 200,
    )


def _thread(access: Access, thread_id: int) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("author"), pk=thread_id, cohort=access.cohort
    )
    if thread.is_hidden and not access.is_staff:
        raise Http404
    return thread


@login_required
def thread_detail(request, cohort_id: int, thread_id: int):
    access = _space(request, cohort_id)
    thread = _thread(access, thread_id)
    form = PostForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            post = discussion.reply(
                access=access, thread=thread, author=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            url = reverse("community:thread", args=[cohort_id, thread.pk])
            return HttpResponseRedirect(f"{url}?page=last#post-{post.pk}")
    posts = selectors.posts_for(thread, include_hidden=access.is_staff)
    paginator = Paginator(posts, POSTS_PER_PAGE)
    number = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    page.object_list = list(page.object_list)
    if request.method == "GET":
        if page.has_next():
            discussion.mark_read(
                user=request.user, thread=thread, up_to=page.object_list[-1].created_at
            )
        else:
            discussion.mark_read(user=request.user, thread=thread)
    return render(
        request,
        "community/thread.html",
        _context(
            access,
            "discussion",
            thread=thread,
            page=page,
            form=form,
            staff_ids=selectors.staff_ids(access.cohort),
            shared_item=SharedItem.objects.filter(thread=thread).first(),
        ),
        status=400 if form.errors else 200,
    )


@login_required
def post_edit(request, cohort_id: int, post_id: int):
    access = _space(request, cohort_id)
    post = get_object_or_404(
        Post.objects.select_related("thread"), pk=post_id, thread__cohort=access.cohort
    )
    if post.author_id != request.user.pk:
        raise Http404
    form = PostForm(_posted(request), initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            discussion.edit_post(
                access=access, post=post, editor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "Your post is updated.")
            url = reverse("community:thread", args=[cohort_id, post.thread_id])
            return HttpResponseRedirect(f"{url}#post-{post.pk}")
    return render(
        request,
        "community/post_edit.html",
        _context(access, "discussion", form=form, post=post),
    )


@login_required
@require_POST
def thread_moderate(request, cohort_id: int, thread_id: int):
    access = _staff_space(request, cohort_id)
    thread = get_object_or_404(Thread, pk=thread_id, cohort=access.cohort)
    action = request.POST.get("action", "")
    try:
        discussion.moderate_thread(
            access=access, thread=thread, actor=request.user, action=action
        )
    except DomainError as error:
        _flash_refusal(request, error)
    else:
        messages.success(request, f"Done: {action}.")
    return redirect("community:thread", cohort_id, thread_id)


@login_required
@require_POST
def post_hide(request, cohort_id: int, post_id: int):
    access = _staff_space(request, cohort_id)
    post = get_object_or_404(
        Post.objects.select_related("thread"), pk=post_id, thread__cohort=access.cohort
    )
    hidden = request.POST.get("action") != "show"
    discussion.hide_post(access=access, post=post, actor=request.user, hidden=hidden)
    messages.success(request, "The post is hidden." if hidden else "The post is shown.")
    return redirect("community:thread", cohort_id, post.thread_id)


# --- Topics -------------------------------------------------------------------


@login_required
def topic_list(request, cohort_id: int):
    access = _space(request, cohort_id)
    form = TopicForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            topics.propose_topic(access=access, user=request.user, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "Your topic is proposed.")
            return redirect("community:topics", cohort_id)
    ranked = list(topics.ranked(access.cohort))
    mine = set(
        access.cohort.community_topics.filter(votes__user=request.user).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "community/topics.html",
        _context(
            access,
            "topics",
            form=form,
            topics=ranked,
            my_votes=mine,
            coming_sessions=list(
                access.cohort.sessions.filter(ends_at__gt=timezone.now()).order_by(
                    "starts_at"
                )
            ),
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def topic_vote(request, cohort_id: int, topic_id: int):
    access = _space(request, cohort_id)
    topic = get_object_or_404(TopicProposal, pk=topic_id, cohort=access.cohort)
    try:
        if request.POST.get("action") == "withdraw":
            topics.withdraw_vote(access=access, topic=topic, user=request.user)
            messages.success(request, "Your vote is withdrawn.")
        else:
            topics.vote(access=access, topic=topic, user=request.user)
            messages.success(request, "Your vote is counted.")
    except DomainError as error:
        _flash_refusal(request, error)
    return redirect("community:topics", cohort_id)


@login_required
@require_POST
def topic_assign(request, cohort_id: int, topic_id: int):
    access = _staff_space(request, cohort_id)
    topic = get_object_or_404(TopicProposal, pk=topic_id, cohort=access.cohort)
    session_id = request.POST.get("session") or ""
    session = None
    if session_id:
        session = Session.objects.filter(pk=session_id, cohort=access.cohort).first()
        if session is None:
            messages.error(request, "Choose a session of this cohort.")
            return redirect("community:topics", cohort_id)
    topics.assign_topic(access=access, topic=topic, session=session, actor=request.user)
    messages.success(
        request, f"Given to {session}." if session else "The topic is unassigned."
    )
    return redirect("community:topics", cohort_id)


# --- Learning shared with the network -----------------------------------------


@login_required
def learning_list(request, cohort_id: int):
    access = _space(request, cohort_id)
    form = SharedItemForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = learning.draft_item(
                access=access, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "Your draft is saved; the group can discuss it.")
            return redirect("community:learning_item", cohort_id, item.pk)
    items = SharedItem.objects.filter(cohort=access.cohort).order_by("-created_at")
    return render(
        request,
        "community/learning.html",
        _context(access, "learning", form=form, items=list(items)),
        status=400 if form.errors else 200,
    )


LEARNING_ACTIONS = {
    "name_me": lambda access, item, user: learning.agree_to_be_named(
        access=access, item=item, user=user
    ),
    "unname_me": lambda access, item, user: learning.withdraw_name(
        access=access, item=item, user=user
    ),
    "agree": lambda access, item, user: learning.mark_agreed(
        access=access, item=item, actor=user
    ),
    "publish": lambda access, item, user: learning.publish(
        access=access, item=item, actor=user
    ),
    "unpublish": lambda access, item, user: learning.unpublish(
        access=access, item=item, actor=user
    ),
}


@login_required
def learning_item(request, cohort_id: int, item_id: int):
    access = _space(request, cohort_id)
    item = get_object_or_404(SharedItem, pk=item_id, cohort=access.cohort)
    if request.method == "POST":
        action = LEARNING_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, "Unknown action.")
        else:
            try:
                action(access, item, request.user)
            except DomainError as error:
                _flash_refusal(request, error)
            else:
                messages.success(request, "Done.")
        return redirect("community:learning_item", cohort_id, item.pk)
    credits = list(item.credits.select_related("user").order_by("user__full_name"))
    return render(
        request,
        "community/learning_item.html",
        _context(
            access,
            "learning",
            item=item,
            credits=credits,
            named=any(c.user_id == request.user.pk for c in credits),
        ),
    )


@login_required
def learning_edit(request, cohort_id: int, item_id: int):
    access = _space(request, cohort_id)
    item = get_object_or_404(SharedItem, pk=item_id, cohort=access.cohort)
    if not (access.is_staff or item.created_by_id == request.user.pk):
        raise Http404
    form = SharedItemForm(
        _posted(request),
        initial={"kind": item.kind, "title": item.title, "body": item.body},
    )
    del form.fields["kind"]
    if request.method == "POST" and form.is_valid():
        try:
            learning.edit_item(
                access=access, item=item, user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "The draft is updated.")
            return redirect("community:learning_item", cohort_id, item.pk)
    return render(
        request,
        "community/learning_edit.html",
        _context(access, "learning", form=form, item=item),
    )


# --- Digest preference ----------------------------------------------------------


@login_required
def preferences(request):
    preference = DigestPreference.objects.filter(user=request.user).first()
    form = DigestForm(
        _posted(request),
        initial={"daily_digest": preference.daily_digest if preference else True},
    )
    if request.method == "POST" and form.is_valid():
        DigestPreference.objects.update_or_create(
            user=request.user, defaults=form.cleaned_data
        )
        messages.success(request, "Your email preferences are saved.")
        return redirect("community:preferences")
    return render(request, "community/preferences.html", {"form": form})


def digest_off(request, token: str):
    """From the digest itself: no sign-in; a button (not the link) turns it off."""
    user_id = read_digest_off_token(token)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    done = False
    if request.method == "POST":
        DigestPreference.objects.update_or_create(
            user=user, defaults={"daily_digest": False}
        )
        done = True
    return render(request, "community/digest_off.html", {"done": done})
