"""Checks between fields (``DateOrder``, ``NeededWhen``) and ``InputSchema``, which cleans what a
service is given through its rules and checks and reports every problem by field name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from wellboard.core.access import Actor
from wellboard.core.inputs.problems import Errors, add_error, refuse_unknown_fields
from wellboard.core.inputs.rules import FieldRule


class FieldsCheck:
    """A rule between fields of one schema, checked once each field has been cleaned. A field not
    being changed is read as stored (``current``); a field with a problem of its own is not
    checked again here."""

    def check(self, errors: Errors, cleaned: Mapping[str, Any], current: Any) -> None:
        raise NotImplementedError

    @staticmethod
    def value(name: str, cleaned: Mapping[str, Any], current: Any) -> Any:
        return cleaned[name] if name in cleaned else getattr(current, name, None)


@dataclass(frozen=True)
class Order(FieldsCheck):
    """``end`` may not be less than ``start`` (a measure's highest and lowest values). Checked only
    when both are known."""

    start: str
    end: str
    message: str

    def check(self, errors: Errors, cleaned: Mapping[str, Any], current: Any) -> None:
        if self.start in errors or self.end in errors:
            return
        start = self.value(self.start, cleaned, current)
        end = self.value(self.end, cleaned, current)
        if start is not None and end is not None and end < start:
            add_error(errors, self.end, self.message)


class DateOrder(Order):
    """``end`` may not come before ``start``: the dates of a strategy, an action or a membership."""


@dataclass(frozen=True)
class NeededWhen(FieldsCheck):
    """``field`` must be given when ``other`` is ``value``: a contributor's organisation."""

    field: str
    other: str
    when: Any
    message: str

    def check(self, errors: Errors, cleaned: Mapping[str, Any], current: Any) -> None:
        if self.field in errors or self.other in errors:
            return
        if self.value(self.other, cleaned, current) == self.when and self.value(
            self.field, cleaned, current
        ) in (
            None,
            "",
        ):
            add_error(errors, self.field, self.message)


class InputSchema:
    """One writable entity's input: subclasses declare a ``FieldRule`` per field, a ``FieldsCheck``
    (such as a ``DateOrder`` for each pair of dates that may not cross) for each rule between fields,
    and the ``related`` fields their service checks against other records itself (a node's parent).
    Never instantiated: the class is the schema."""

    rules: ClassVar[dict[str, FieldRule]] = {}
    checks: ClassVar[tuple[FieldsCheck, ...]] = ()
    related: ClassVar[frozenset[str]] = frozenset()
    owner: ClassVar[str] = "A record"  # "An action", in "An action's colour cannot be changed here"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        rules: dict[str, FieldRule] = {}
        checks: dict[str, FieldsCheck] = {}
        for klass in reversed(cls.__mro__):
            rules.update({k: v for k, v in vars(klass).items() if isinstance(v, FieldRule)})
            checks.update({k: v for k, v in vars(klass).items() if isinstance(v, FieldsCheck)})
        cls.rules = rules
        cls.checks = tuple(checks.values())

    @classmethod
    def fields(cls) -> frozenset[str]:
        """Every field the entity accepts."""
        return frozenset(cls.rules) | cls.related

    @classmethod
    def refuse_unknown(cls, changes: Mapping[str, Any]) -> None:
        refuse_unknown_fields(changes, cls.fields(), owner=cls.owner)

    @classmethod
    def clean(
        cls, values: Mapping[str, Any], errors: Errors, *, by: Actor, current: Any = None
    ) -> dict[str, Any]:
        """The values among ``values`` that this schema has rules for, cleaned, with every problem
        added to ``errors``. ``current`` is the record being changed; ``None`` when creating."""
        creating = current is None
        cleaned = {
            name: rule.clean(errors, values[name], creating=creating, by=by)
            for name, rule in cls.rules.items()
            if name in values
        }
        for check in cls.checks:
            check.check(errors, cleaned, current)
        return cleaned
