"""Forms for the space. They only parse input: the rules are in the services."""

from __future__ import annotations

from django import forms

from community.models import BODY_MAX, TITLE_MAX, SharedItem
from community.uploads import ACCEPT


class ThreadForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX)
    body = forms.CharField(
        label="Your post",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=BODY_MAX,
        help_text="Markdown: **bold**, *italic*, [link](https://…), lists with -.",
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX,
        help_text="Markdown: **bold**, *italic*, [link](https://…), lists with -.",
    )


class MemberCardForm(forms.Form):
    share_email = forms.BooleanField(
        label="Show my email address to the group", required=False
    )
    what_i_bring = forms.CharField(
        label="What I bring",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    share_what_i_bring = forms.BooleanField(
        label="Show what I bring to the group", required=False
    )
    challenge = forms.CharField(
        label="A challenge I'm working on",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    share_challenge = forms.BooleanField(
        label="Show my challenge to the group", required=False
    )


class ResourceForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX)
    file = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="PDF, Word, PowerPoint, Excel or an image.",
    )
    url = forms.URLField(
        label="Or a link",
        required=False,
        max_length=1000,
        help_text="A web address starting with https://",
    )
    session = forms.ChoiceField(label="For session", required=False)
    for_programme = forms.BooleanField(
        label="Add to the programme's library (shared with every cohort)",
        required=False,
    )

    def __init__(self, *args, sessions=(), is_staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["session"].choices = [("", "No particular session")] + [
            (str(s.pk), str(s)) for s in sessions
        ]
        if not is_staff:
            del self.fields["for_programme"]

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url") and not self.errors:
            raise forms.ValidationError("Choose a file or give a link.")
        if data.get("file") and data.get("url"):
            raise forms.ValidationError("Add a file or a link, not both at once.")
        data["session"] = self.sessions.get(data.get("session") or "")
        return data


class SessionPlanForm(forms.Form):
    plan = forms.CharField(
        label="Plan or agenda",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=BODY_MAX,
        help_text="Markdown.",
    )


class GuestForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    topic = forms.CharField(label="What they will talk about", max_length=TITLE_MAX)


class TopicForm(forms.Form):
    title = forms.CharField(label="Topic or challenge", max_length=TITLE_MAX)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class SharedItemForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of item", choices=SharedItem.Kind.choices)
    title = forms.CharField(max_length=TITLE_MAX)
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=BODY_MAX,
        help_text="Markdown.",
    )


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(
        label="Email me a daily digest of new posts in my cohorts' spaces",
        required=False,
    )
