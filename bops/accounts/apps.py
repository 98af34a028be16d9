from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bops.accounts"
    label = "accounts"
