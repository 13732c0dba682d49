"""publiccode.yml pages of the catalogue: the managers' import (one or more files, each checked
and imported whole or not at all, its problems listed by key) and each solution's download."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergie.catalogue import permissions
from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode_import import do_import_publiccode, export_publiccode
from synergie.catalogue.publiccode_messages import translated
from synergie.core.forms import AccessibleErrorsMixin

MAX_FILE_BYTES = 1024 * 1024
MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".yml,.yaml"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PubliccodeImportForm(AccessibleErrorsMixin, forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("publiccode.yml files"),
        help_text=gettext_lazy("One or more files. A solution is found by its source code "
                               "repository (the url key): an unknown repository adds a "
                               "solution."))
    check = forms.BooleanField(
        label=gettext_lazy("Only check the files (nothing is imported)"), required=False)

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)d files at once.") % {"count": MAX_FILES})
        for upload in files:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 1 MB: a publiccode.yml is a few kilobytes.")
                    % {"name": upload.name})
        return files


@login_required
def import_publiccode(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    form = PubliccodeImportForm(request.POST or None, request.FILES or None)
    outcomes = None
    if request.method == "POST" and form.is_valid():
        outcomes = [do_import_publiccode(upload.read(), acting_user=request.user,
                                         check=form.cleaned_data["check"],
                                         file_name=upload.name)
                    for upload in form.cleaned_data["files"]]
        for outcome in outcomes:
            outcome.problems = [
                (kind, issue.key, issue.line, translated(issue.message))
                for kind, issues in ((_("Error"), outcome.errors),
                                     (_("Warning"), outcome.warnings))
                for issue in issues]
    return render(request, "catalogue/publiccode_import.html", {
        "form": form, "outcomes": outcomes,
        "checked_only": bool(outcomes) and form.cleaned_data["check"],
        "invalid_count": sum(not outcome.valid for outcome in outcomes or [])})


def download_publiccode(request, pk: int):
    """The catalogue is public, and so is what a publiccode.yml says of a solution."""
    solution = get_object_or_404(Solution, pk=pk)
    response = HttpResponse(export_publiccode(solution),
                            content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="publiccode.yml"'
    return response
