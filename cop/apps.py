from django.apps import AppConfig


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed
        from allauth.mfa.signals import authenticator_added

        from cop import checks  # noqa: F401 - registers the deployment checks
        from cop.affiliation import on_email_confirmed
        from cop.two_factor import record_activation

        authenticator_added.connect(record_activation, dispatch_uid="cop_mfa_added")
        email_confirmed.connect(on_email_confirmed, dispatch_uid="cop_affiliation")
