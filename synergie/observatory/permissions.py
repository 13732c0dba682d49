"""Who sees what in the observatory: the one place that decides it.

- everyone, without login, sees the public figures (built from public objects only, see
  `adapters.Audience`);
- the orchestrator's regional readers (`needs.view_all_need` held for the whole region: the
  purchasing office, the steering committee, the PMO, the data office, the architecture board)
  see every figure, by institution, and may narrow them to one institution. They already read
  every need, business case, experiment and project these figures add up.

An institution-scoped reader (a contributor) sees the public figures: the regional ones add up
other institutions' confidential estimates."""

from synergie.accounts.backends import institutions_with_any_perm

STAFF_PERMISSIONS = ("needs.view_all_need",)


def sees_everything(user) -> bool:
    return (user.is_authenticated and user.is_active
            and institutions_with_any_perm(user, STAFF_PERMISSIONS) is None)
