from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "bops.documents"
    label = "documents"
