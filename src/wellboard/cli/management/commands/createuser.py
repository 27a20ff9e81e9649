"""Create a person and give them a role in a partnership."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from wellboard.core.access import Role
from wellboard.core.management.base import WellboardCommand
from wellboard.partners.selectors import organisation_find, partnership_get_for_command_line
from wellboard.partners.services import role_grant, user_create


class Command(WellboardCommand):
    help = "Create a person who can sign in, with a role in a partnership."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", default="")
        parser.add_argument("--partnership", required=True, help="partnership slug")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--organisation", default="", help="for contributors: organisation name or slug")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        parser.add_argument("--generate-password", action="store_true", help="generate and print a password")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership, actor = partnership_get_for_command_line(slug=options["partnership"])
        organisation = None
        if options["organisation"]:
            organisation = organisation_find(actor=actor, name_or_slug=options["organisation"])
            if organisation is None:
                raise CommandError(f"No organisation '{options['organisation']}' in {partnership.slug}")
        if options["generate_password"]:
            password = secrets.token_urlsafe(12)
        elif options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords did not match")
        with transaction.atomic():
            user = user_create(
                by=actor,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                password=password,
            )
            role_grant(by=actor, user=user, role=options["role"], organisation=organisation)
        self.stdout.write(f"Created {user.email} as {options['role']} in {partnership.slug}")
        if options["generate_password"]:
            self.stdout.write(f"Password: {password}")
