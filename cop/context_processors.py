from django.conf import settings


def site(request):
    return {
        "PROVIDER_NAME": settings.PROVIDER_NAME,
        "STRIPE_ENABLED": settings.STRIPE_ENABLED,
    }
