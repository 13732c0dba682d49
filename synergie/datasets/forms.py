from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from synergie.core.forms import AccessibleErrorsMixin
from synergie.datasets.actions import DISTRIBUTION_FIELDS, EDITABLE_FIELDS
from synergie.datasets.dcat import is_iri
from synergie.datasets.models import Dataset, Distribution, Theme
from synergie.needs.forms import DateInput

URI_FIELDS = ("licence", "contact_url", "landing_page", "publisher_uri")


def _check_iri(value: str) -> str:
    value = (value or "").strip()
    if value and not is_iri(value):
        raise ValidationError(_("Give a full address, e.g. https://example.org/page."),
                              code="invalid_iri")
    return value


class DatasetForm(AccessibleErrorsMixin, forms.ModelForm):
    themes = forms.MultipleChoiceField(
        choices=Theme.choices, required=False, label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The EU data themes (DCAT-AP's vocabulary)."))
    keywords = forms.CharField(
        label=_("Keywords"), required=False, max_length=1000,
        help_text=_("Separated by commas."))

    class Meta:
        model = Dataset
        fields = EDITABLE_FIELDS
        widgets = {"issued": DateInput(), "modified": DateInput(),
                   **{f"description_{lang}": forms.Textarea(attrs={"rows": 4})
                      for lang in ("fr", "nl", "en")}}
        help_texts = {
            "identifier": _("The dataset's URI; left empty, Synergie makes one."),
            "licence": _("The licence's URI, e.g. "
                         "https://creativecommons.org/licenses/by/4.0/."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identifier"].required = False
        # A title or description in English stays English on a French page (WCAG 3.1.2).
        for name, field in self.fields.items():
            if name.endswith(("_fr", "_nl", "_en")):
                field.widget.attrs["lang"] = name[-2:]
        if self.instance.pk:
            self.initial["keywords"] = ", ".join(self.instance.keywords or [])
            self.initial["themes"] = self.instance.themes or []

    def clean_identifier(self):
        return _check_iri(self.cleaned_data.get("identifier"))

    def clean_keywords(self):
        words = [word.strip() for word in self.cleaned_data["keywords"].split(",")]
        return list(dict.fromkeys(word for word in words if word))

    def clean(self):
        cleaned = super().clean()
        for name in URI_FIELDS:
            if cleaned.get(name):
                try:
                    cleaned[name] = _check_iri(cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
        if not any(cleaned.get(f"title_{lang}") for lang in ("fr", "nl", "en")):
            raise ValidationError(_("Give the dataset a title in at least one language."))
        return cleaned

    def changes(self) -> dict:
        changes = {name: self.cleaned_data[name] for name in self._meta.fields}
        if not changes["identifier"]:
            changes.pop("identifier")
        return changes


class DistributionForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Distribution
        fields = DISTRIBUTION_FIELDS
        help_texts = {"format": _("An EU file type code such as CSV, JSON or XLSX."),
                      "media_type": _("e.g. text/csv")}

    def clean_access_url(self):
        return _check_iri(self.cleaned_data["access_url"])

    def clean_download_url(self):
        return _check_iri(self.cleaned_data["download_url"])

    def clean_licence(self):
        return _check_iri(self.cleaned_data["licence"])

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
