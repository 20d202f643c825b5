"""Files: checked by content and size, stored privately, served only to members."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from community import resources
from community.errors import CommunityError
from community.models import Resource
from community.uploads import check_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_real_pdf_is_accepted_with_its_type():
    assert check_upload(upload("slides.pdf", PDF)).content_type == "application/pdf"


def test_a_png_is_accepted():
    assert check_upload(upload("photo.png", PNG)).content_type == "image/png"


def test_a_word_document_is_accepted():
    checked = check_upload(upload("notes.docx", docx_bytes()))
    assert checked.content_type.endswith("wordprocessingml.document")


def test_an_executable_renamed_pdf_is_refused():
    with pytest.raises(CommunityError, match="not a PDF, Word"):
        check_upload(upload("slides.pdf", EXE))


def test_a_pdf_renamed_to_an_image_is_refused():
    with pytest.raises(CommunityError, match="content is PDF"):
        check_upload(upload("photo.png", PDF))


def test_a_text_file_is_refused():
    with pytest.raises(CommunityError):
        check_upload(upload("notes.txt", b"just some words"))


def test_a_zero_byte_file_is_refused():
    with pytest.raises(CommunityError, match="empty"):
        check_upload(upload("empty.pdf", b""))


def test_a_file_over_the_limit_is_refused_before_reading_it():
    big = upload("huge.pdf", PDF)
    big.size = 200 * 2**20  # a 200 MB upload, without making one
    with pytest.raises(CommunityError, match="the limit is 20 MB"):
        check_upload(big)


def test_the_limit_is_a_setting(settings):
    settings.COMMUNITY_MAX_UPLOAD_MB = 1
    file = upload("big.pdf", PDF + b"0" * (2 * 2**20))
    with pytest.raises(CommunityError, match="the limit is 1 MB"):
        check_upload(file)


def test_a_refused_upload_shows_the_reason_and_stores_nothing(client, space):
    client.force_login(space.member)
    response = client.post(
        f"/space/{space.cohort.pk}/resources/",
        {"title": "Slides", "file": upload("slides.pdf", EXE)},
    )
    assert response.status_code == 400
    assert "whatever its name says" in response.content.decode()
    assert not Resource.objects.exists()


def test_an_oversized_upload_through_the_page_changes_nothing(client, space, settings):
    settings.COMMUNITY_MAX_UPLOAD_MB = 1
    client.force_login(space.member)
    response = client.post(
        f"/space/{space.cohort.pk}/resources/",
        {"title": "Big", "file": upload("big.pdf", PDF + b"0" * (2 * 2**20))},
        follow=True,
    )
    assert "the limit is 1 MB" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_member_adds_a_file_and_another_member_downloads_it(client, space):
    client.force_login(space.member)
    client.post(
        f"/space/{space.cohort.pk}/resources/",
        {"title": "Slides", "file": upload("slides.pdf", PDF)},
    )
    resource = Resource.objects.get()
    client.force_login(space.other_member)
    response = client.get(f"/space/{space.cohort.pk}/resources/{resource.pk}/download/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_files_are_stored_outside_the_public_media_folder(space):
    resource = resources.add_file(
        access=space.access(),
        user=space.member,
        title="Slides",
        upload=upload("slides.pdf", PDF),
    )
    path = resource.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no public URL"):
        resource.file.url  # noqa: B018 - the property raises


def test_a_link_needs_a_web_address(space):
    with pytest.raises(CommunityError, match="https://"):
        resources.add_link(
            access=space.access(), user=space.member, title="x", url="javascript:x"
        )


def test_a_hidden_file_is_404_for_members(client, space):
    resource = resources.add_file(
        access=space.access(),
        user=space.member,
        title="Slides",
        upload=upload("slides.pdf", PDF),
    )
    resources.hide_resource(
        access=space.access(staff=True), resource=resource, actor=space.facilitator
    )
    client.force_login(space.other_member)
    response = client.get(f"/space/{space.cohort.pk}/resources/{resource.pk}/download/")
    assert response.status_code == 404


def test_hiding_a_resource_is_audited(space):
    from cop.models import AuditEvent

    resource = resources.add_link(
        access=space.access(), user=space.member, title="x", url="https://x.example"
    )
    resources.hide_resource(
        access=space.access(staff=True), resource=resource, actor=space.facilitator
    )
    assert AuditEvent.objects.filter(action="community.resource.hidden").exists()


def test_programme_resources_show_in_every_cohort(client, space):
    from tests.factories import CohortFactory

    resources.add_link(
        access=space.access(staff=True),
        user=space.facilitator,
        title="Network toolkit",
        url="https://toolkit.example",
        for_programme=True,
    )
    sibling = CohortFactory(programme=space.cohort.programme, status="running")
    client.force_login(space.facilitator)
    response = client.get(f"/space/{sibling.pk}/resources/")
    assert b"Network toolkit" in response.content


def test_members_cannot_add_to_the_programmes_library(space):
    from community.errors import NotAllowedError

    with pytest.raises(NotAllowedError):
        resources.add_link(
            access=space.access(),
            user=space.member,
            title="x",
            url="https://x.example",
            for_programme=True,
        )


def test_a_huge_upload_is_refused_from_its_declared_length(client, space):
    client.force_login(space.member)
    response = client.post(
        f"/space/{space.cohort.pk}/resources/",
        {"title": "Huge", "file": upload("huge.pdf", PDF)},
        CONTENT_LENGTH=str(200 * 2**20),
        follow=True,
    )
    assert "the limit is 20 MB" in response.content.decode()
    assert not Resource.objects.exists()
