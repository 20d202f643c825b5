from django.apps import AppConfig


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = "People and organisations"
