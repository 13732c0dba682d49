"""Who may do what with the needs campaigns, decided here only.

The orchestrator (`campaigns.run_campaign`) opens campaigns and follows them; each institution's
contributors (`needs.file_need` there) answer for their institution."""

from synergie.accounts.backends import institutions_with_perm

RUN = "campaigns.run_campaign"
FILE = "needs.file_need"


def can_run(user) -> bool:
    return user.is_authenticated and user.has_perm(RUN)


def answering_institution_ids(user) -> set[int] | None:
    """Institutions `user` may answer a campaign for (None: every institution)."""
    if not user.is_authenticated:
        return set()
    return institutions_with_perm(user, FILE)


def can_answer(user, institution=None) -> bool:
    held = answering_institution_ids(user)
    if institution is None:
        return held is None or bool(held)
    return held is None or institution.pk in held


def can_view_list(user) -> bool:
    return can_run(user) or can_answer(user)
