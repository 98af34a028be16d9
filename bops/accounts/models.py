from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ASSESSOR = "assessor", "Assessor"
    REVIEWER = "reviewer", "Reviewer"
    ADMINISTRATOR = "administrator", "Administrator"


class UserManager(BaseUserManager["User"]):
    def create_user(self, *, email: str, name: str, council: Any, role: str, password: str | None = None) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), name=name, council=council, role=role)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A council officer. Every user belongs to one council and signs in on that council's subdomain."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200)
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["council", "role"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_officer(self) -> bool:
        """Assessors and reviewers work on cases; administrators manage the council's settings."""
        return self.role in {Role.ASSESSOR, Role.REVIEWER}

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR
