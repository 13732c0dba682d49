"""The data catalogue's pages: the public list and page of each dataset, the data office's hand
edits, and the DCAT-AP export at stable public addresses (/data/catalogue.ttl, .rdf, .jsonld)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from synergie.audit.log import history_of
from synergie.core.pagination import CappedPaginator
from synergie.datasets import actions, dcat, permissions
from synergie.datasets.filters import DatasetFilterSet
from synergie.datasets.forms import DatasetForm, DistributionForm
from synergie.datasets.models import Dataset, DatasetStatus, Distribution, HarvestSource

EXPORT_FORMATS = {"ttl": "ttl", "rdf": "xml", "jsonld": "jsonld"}


def _manager_only(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def dataset_list(request):
    datasets = Dataset.objects.select_related("publisher")
    filterset = DatasetFilterSet(request.GET or None, queryset=datasets)
    shown = filterset.qs if filterset.is_bound and filterset.is_valid() else datasets
    paginator = CappedPaginator(shown, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "datasets/list.html", {
        "filterset": filterset, "page": page, "query": query.urlencode(),
        "can_manage": permissions.can_manage(request.user),
        "sources": HarvestSource.objects.all()[:20],
    })


def detail(request, pk: int):
    dataset = get_object_or_404(Dataset.objects.select_related("publisher", "harvest_source"),
                                pk=pk)
    can_manage = permissions.can_manage(request.user)
    context = {"dataset": dataset, "distributions": dataset.distributions.all(),
               "can_manage": can_manage}
    if can_manage:
        context["history"] = history_of(dataset)
        context["distribution_form"] = DistributionForm()
    return render(request, "datasets/detail.html", context)


@login_required
def create(request):
    _manager_only(request)
    form = DatasetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = actions.do_create_dataset(acting_user=request.user, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dataset added to the catalogue."))
            return redirect(dataset)
    return render(request, "datasets/edit.html", {"form": form})


@login_required
def edit(request, pk: int):
    _manager_only(request)
    dataset = get_object_or_404(Dataset, pk=pk)
    form = DatasetForm(request.POST or None, instance=Dataset.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_dataset(dataset, form.changes(), acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dataset saved."))
            return redirect(dataset)
    return render(request, "datasets/edit.html", {"form": form, "dataset": dataset})


@login_required
@require_POST
def set_status(request, pk: int):
    _manager_only(request)
    dataset = get_object_or_404(Dataset, pk=pk)
    status = request.POST.get("status", "")
    if status not in DatasetStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect(dataset)
    actions.do_set_dataset_status(dataset, status, acting_user=request.user)
    messages.success(request, _("Dataset withdrawn.") if status == DatasetStatus.WITHDRAWN
                     else _("Dataset active again."))
    return redirect(dataset)


@login_required
def add_distribution(request, pk: int):
    _manager_only(request)
    dataset = get_object_or_404(Dataset, pk=pk)
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_distribution(dataset, acting_user=request.user, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Distribution added."))
            return redirect(dataset)
    return render(request, "datasets/distribution.html", {"form": form, "dataset": dataset})


@login_required
@require_POST
def remove_distribution(request, pk: int, distribution_id: int):
    _manager_only(request)
    distribution = get_object_or_404(Distribution, pk=distribution_id, dataset_id=pk)
    actions.do_remove_distribution(distribution, acting_user=request.user)
    messages.success(request, _("Distribution removed."))
    return redirect(distribution.dataset)


@require_GET
def export(request, fmt: str):
    """The catalogue as DCAT-AP 3.0; no login, no language prefix (a stable address)."""
    if fmt not in EXPORT_FORMATS:
        from django.http import Http404

        raise Http404
    kind = EXPORT_FORMATS[fmt]
    base = request.build_absolute_uri("/").rstrip("/")
    data = dcat.export(dcat.exported_datasets(), kind, base=base)
    response = HttpResponse(data, content_type=f"{dcat.MEDIA_TYPES[kind]}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="catalogue.{fmt}"'
    return response
