"""Focal points, invitations and change requests, made through the services where they exist."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts.enums import RequestKind
from accounts.models import ChangeRequest, FocalPoint

PASSWORD = "a long focal point password 87"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"focal{n}")
    email = factory.Sequence(lambda n: f"focal{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        from allauth.account.models import EmailAddress

        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class FocalPointFactory(DjangoModelFactory):
    class Meta:
        model = FocalPoint

    user = factory.SubFactory(UserFactory)


class ChangeRequestFactory(DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    kind = RequestKind.CORRECTION
    message = "The website moved."
    reply_email = factory.Sequence(lambda n: f"visitor{n}@example.net")
