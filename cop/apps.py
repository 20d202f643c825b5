from django.apps import AppConfig


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from cop.two_factor import record_activation

        authenticator_added.connect(record_activation, dispatch_uid="cop_mfa_added")
