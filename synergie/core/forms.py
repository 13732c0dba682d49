from django import forms


class AccessibleErrorsMixin:
    """Tie each error message to its field for screen readers (aria-invalid, aria-describedby).

    Errors added after validation (for example by an action refusing to submit) are covered
    too, because every error goes through `add_error`.
    """

    def add_error(self, field, error):
        super().add_error(field, error)
        names = [field] if field else []
        if isinstance(error, forms.ValidationError) and hasattr(error, "error_dict"):
            names = list(error.error_dict)
        elif isinstance(error, dict):
            names = list(error)
        for name in names:
            if name and name in self.fields:
                self._mark_invalid(name)

    def _mark_invalid(self, name: str) -> None:
        bound = self[name]
        described_by = [f"{bound.auto_id}_error"]
        if self.fields[name].help_text:
            described_by.insert(0, f"{bound.auto_id}_helptext")
        attrs = self.fields[name].widget.attrs
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = " ".join(described_by)
