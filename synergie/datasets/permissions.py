"""Who may do what with the data catalogue, decided here only.

The catalogue is public (open data: anyone reads every dataset, active or withdrawn, and its
DCAT-AP export); describing datasets by hand is for the data office (datasets.manage_dataset).
Harvesting runs from the command line, as Synergie itself."""

MANAGE = "datasets.manage_dataset"


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)
