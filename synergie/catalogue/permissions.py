"""Who may do what with the catalogue of regional solutions, decided here only.

The catalogue itself is public (DESIGN.md: the public reads the shared-solutions catalogue);
suppliers' contracts and referents are for signed-in people of the region; compliance documents
only for people of an institution and for the orchestrator that runs the catalogue."""

from synergie.accounts.backends import institutions_with_perm, role_holdings

MANAGE = "catalogue.manage_catalogue"
JOIN = "catalogue.join_solution"


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)


def can_read_contracts(user) -> bool:
    """Ceilings, consumption and supplier terms: the orchestrator and regional roles, and the
    people of institutions (they pay through these contracts)."""
    if not user.is_authenticated:
        return False
    holdings = role_holdings(user)
    return user.is_superuser or bool(holdings.regional) or bool(holdings.per_institution)


def can_read_referents(user) -> bool:
    return can_read_contracts(user)


def can_read_compliance_documents(user) -> bool:
    """Data-protection and security documents: the people of an institution (who decide to join)
    and the orchestrator; not the public, not other regional roles."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or can_manage(user) or bool(role_holdings(user).per_institution)


def institutions_that_may_join(user) -> set[int]:
    """The institutions on whose behalf `user` may ask to join a solution."""
    held = institutions_with_perm(user, JOIN)
    return set() if held is None else held
