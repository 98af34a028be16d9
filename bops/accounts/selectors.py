from django.db.models import QuerySet

from bops.accounts.models import User
from bops.councils.models import Council


def users_of(*, council: Council) -> QuerySet[User]:
    """The council's users, active first."""
    return User.objects.filter(council=council).order_by("-is_active", "name")


def user_of(*, council: Council, user_id: int) -> User | None:
    return User.objects.filter(council=council, pk=user_id).first()
