"""factory_boy factories. Partnerships come with two organisations: a council and a charity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from wellboard.core.access import Role
from wellboard.partners.models import Membership, Organisation, OrganisationType, Partnership, RoleGrant, User


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n}")
    place_name = "Test Town"
    fortnight_anchor = dt.date(2020, 3, 30)
    # Tests sign people in with force_login; the tests of two-factor sign-in turn it on themselves.
    two_factor_roles = factory.LazyFunction(list)

    @factory.post_generation
    def organisations(self: Partnership, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        OrganisationFactory(
            partnership=self, slug="test-council", name="Test Council", kind=OrganisationType.LOCAL_AUTHORITY
        )
        OrganisationFactory(
            partnership=self, slug="test-charity", name="Test Charity", kind=OrganisationType.VCFS
        )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationType.VCFS
    membership = factory.RelatedFactory(
        "tests.factories.MembershipFactory", factory_related_name="organisation"
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    board_seat = False


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}@example.org")
    email = factory.LazyAttribute(lambda o: o.username)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password("correct-horse-battery")


def make_person(
    partnership: Partnership, key: str, role: str, *, organisation: Organisation | None = None
) -> User:
    """A person with one role in ``partnership`` (email ``KEY.PARTNERSHIP@example.org``)."""
    email = f"{key}.{partnership.slug}@example.org"
    user = UserFactory(username=email, email=email, first_name=key.replace("-", " ").title())
    RoleGrant.objects.get_or_create(
        user=user,
        partnership=partnership,
        role=role,
        organisation=organisation if role == Role.CONTRIBUTOR else None,
    )
    return user
