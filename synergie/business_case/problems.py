"""The engine's objections to a business case's inputs, said to the reader in their language and
placed on the form field a person can change.

The engine names a problem by a path (`members[1].users`, `pooled.shared_one_off[3]`) and a
stable code; its English message is for developers and never reaches the page."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergie.business_case.engine import MAX_HORIZON, InputProblem
from synergie.business_case.forms import CHANGE_SUPPORT, YEARLY_FIELDS

_MEMBER = re.compile(r"^members\[(\d+)\]\.(\w+)")
_POOLED = re.compile(r"^pooled\.(\w+)(?:\[(\d+)\])?$")


@dataclass(frozen=True)
class ReadableProblem:
    message: str
    field: str | None = None  # a field of the business case form, or of the member's form
    member: int | None = None  # index of the member whose form holds `field`


def _readable(problem: InputProblem, business_case, members) -> ReadableProblem:
    """`members` are the business case's member rows in the order given to the engine."""
    if problem.field in ("horizon", "discount_rate"):
        return ReadableProblem(_general_message(problem.field), problem.field)
    if problem.field == "split_key":
        return ReadableProblem(_("Choose one of the listed split keys."), "split_key")
    if problem.field == "members":
        if problem.code == "nobody_in_year_0":
            return ReadableProblem(
                _("At least one institution must join in the first year, %(year)d.")
                % {"year": business_case.first_year})
        return ReadableProblem(_("The opportunity has no institution yet: add needs to it."))
    pooled = _POOLED.match(problem.field)
    if pooled:
        name, index = pooled.groups()
        field = name if index is None else f"{name}_{index}"
        if name in YEARLY_FIELDS or name in (CHANGE_SUPPORT, "onboarding_per_member"):
            return ReadableProblem(_("Give an amount of zero or more."), field)
    member = _MEMBER.match(problem.field)
    if member and int(member.group(1)) < len(members):
        index, name = int(member.group(1)), member.group(2)
        return _member_problem(problem, index, name, members[index], business_case)
    return ReadableProblem(_("The inputs cannot be used as they are; please check them."))


def _general_message(field: str) -> str:
    if field == "horizon":
        return _("Give a horizon from 1 to %(max)d years.") % {"max": MAX_HORIZON}
    return _("Give a rate in percent, from 0 to 25.")


def _member_problem(problem: InputProblem, index: int, name: str, member,
                    business_case) -> ReadableProblem:
    institution = member.institution.name
    if name in ("users", "declared_usage"):
        return ReadableProblem(
            _("Must be above 0 to split the costs by this key."), name, index)
    if name == "joins_in_year":
        last = business_case.first_year + business_case.horizon - 1
        return ReadableProblem(
            _("Give a year between %(first)d and %(last)d, the years of the horizon.")
            % {"first": business_case.first_year, "last": last}, name, index)
    return ReadableProblem(
        _("The cost estimates of the needs of %(institution)s cannot be used: check them on "
          "its needs.") % {"institution": institution})


def readable_problems(problems, business_case, members) -> list[ReadableProblem]:
    """Each problem once: members without a population make one message naming them all."""
    readable_list, without_population = [], []
    for problem in problems:
        member = _MEMBER.match(problem.field)
        if member and member.group(2) == "population" and int(member.group(1)) < len(members):
            without_population.append(members[int(member.group(1))].institution.name)
        else:
            readable_list.append(_readable(problem, business_case, members))
    if without_population:
        readable_list.insert(0, ReadableProblem(
            ngettext("%(institutions)s has no population on record, so the costs cannot be "
                     "split by population: choose another split key.",
                     "%(institutions)s have no population on record, so the costs cannot be "
                     "split by population: choose another split key.", len(without_population))
            % {"institutions": ", ".join(without_population)}, "split_key"))
    return readable_list


def add_to_forms(problems: list[ReadableProblem], form, member_forms) -> None:
    """Each problem next to its field; those without one at the top of the business case form."""
    for problem in problems:
        target = form if problem.member is None else member_forms[problem.member]
        field = problem.field if problem.field in target.fields else None
        target.add_error(field, problem.message)
