from django.conf import settings


def site(request):
    return {
        "PROVIDER_NAME": settings.PROVIDER_NAME,
        "PROVIDER_CONTACT_EMAIL": settings.PROVIDER_CONTACT_EMAIL,
        "PROVIDER_CONTACT_PHONE": settings.PROVIDER_CONTACT_PHONE,
        "STRIPE_ENABLED": settings.STRIPE_ENABLED,
    }
