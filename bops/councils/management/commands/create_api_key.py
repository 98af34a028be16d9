from django.core.management.base import BaseCommand, CommandError

from bops.core.errors import DomainError
from bops.councils.api_keys import api_key_create
from bops.councils.models import Council, Scope


class Command(BaseCommand):
    help = "Make an API key for a council and print it (it is shown this once)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("council", help="the council's subdomain, e.g. southwark")
        parser.add_argument("name", help="who uses the key, e.g. PlanX")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            choices=Scope.values,
            help="repeat for each scope (default: planning_application:write and :read)",
        )

    def handle(self, *args, council: str, name: str, scopes: list[str] | None, **options) -> None:  # type: ignore[no-untyped-def]
        found = Council.objects.filter(subdomain=council).first()
        if found is None:
            raise CommandError(f"No council has the subdomain {council!r}.")
        try:
            key, raw = api_key_create(
                council=found,
                user=None,
                name=name,
                scopes=scopes or ["planning_application:read", "planning_application:write"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(raw)
        self.stderr.write(f"Key {key.prefix}… for {found.name} ({', '.join(key.scopes)}). It is not shown again.")
