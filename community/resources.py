"""The libraries: a cohort's own, and its programme's (shared by every cohort).

Members add files and links to their cohort's library; facilitators add to
either and may hide anything (audited). Files are checked by content
(``community.uploads``) and stored privately (``community.storage``).
"""

from __future__ import annotations

from django.db import transaction

from community.access import Access
from community.errors import CommunityError, NotAllowedError
from community.models import TITLE_MAX, Resource
from community.uploads import check_upload
from cop.audit import record


def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise CommunityError("Give the resource a title.", field="title")
    if len(title) > TITLE_MAX:
        raise CommunityError(
            f"Keep the title to {TITLE_MAX} characters (it has {len(title)}).",
            field="title",
        )
    return title


def _owner(access: Access, for_programme: bool) -> dict:
    if for_programme:
        if not access.is_staff:
            raise NotAllowedError("Only facilitators add to the programme's library.")
        return {"programme": access.cohort.programme}
    if not access.can_post:
        raise NotAllowedError("Only members of this cohort may add resources.")
    return {"cohort": access.cohort}


def _session(access: Access, session):
    if session is not None and session.cohort_id != access.cohort.pk:
        raise CommunityError("That session is not in this cohort.", field="session")
    return session


def add_file(
    *,
    access: Access,
    user,
    title: str,
    upload,
    session=None,
    for_programme: bool = False,
) -> Resource:
    owner = _owner(access, for_programme)
    title = _title(title)
    if upload is None:
        raise CommunityError("Choose a file to upload.", field="file")
    checked = check_upload(upload)
    with transaction.atomic():
        resource = Resource(
            **owner,
            session=_session(access, session),
            kind=Resource.Kind.FILE,
            title=title,
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            added_by=user,
        )
        resource.file.save(checked.filename, upload, save=False)
        resource.save()
    return resource


def add_link(
    *, access: Access, user, title: str, url: str, session=None, for_programme=False
) -> Resource:
    owner = _owner(access, for_programme)
    title = _title(title)
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")):
        raise CommunityError("Give a web address starting with https://", field="url")
    return Resource.objects.create(
        **owner,
        session=_session(access, session),
        kind=Resource.Kind.LINK,
        title=title,
        url=url,
        added_by=user,
    )


def hide_resource(*, access: Access, resource: Resource, actor, hidden=True) -> None:
    if not access.is_staff:
        raise NotAllowedError("Only the facilitators can hide resources.")
    with transaction.atomic():
        if resource.is_hidden != hidden:
            resource.is_hidden = hidden
            resource.save(update_fields=["is_hidden"])
            action = "hidden" if hidden else "shown"
            record(f"community.resource.{action}", resource, actor=actor)
