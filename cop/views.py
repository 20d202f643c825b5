from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    """The practitioner's home: their places, applications and certificates."""
    places = (
        request.user.places.select_related("cohort__programme")
        .prefetch_related("cohort__sessions")
        .order_by("-created_at")
    )
    return render(request, "account/dashboard.html", {"places": places})
