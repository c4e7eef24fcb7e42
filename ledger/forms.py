from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.forms import UnitChoiceField
from directory.models import OrgUnit

from .kinds import KINDS
from .reading import ENCODINGS

MAX_UPLOAD_BYTES = getattr(settings, "LEDGER_MAX_UPLOAD_MB", 50) * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of records"))
    file = forms.FileField(label=_("File"), help_text=_("Excel (.xlsx) or CSV, as saved by Excel or WPS."))
    encoding = forms.ChoiceField(
        label=_("Encoding (CSV only)"), choices=ENCODINGS, initial="auto", help_text=_("Detected unless you choose.")
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.none(), help_text=_("Rows that name no unit are registered here.")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(key, kind.label) for key, kind in KINDS.items()]
        if units is not None:
            self.fields["unit"].queryset = units

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
        if not upload.name.lower().endswith((".xlsx", ".csv", ".txt", ".xls")):
            raise forms.ValidationError(_("Upload an Excel (.xlsx) or CSV file."))
        return upload


class UndoForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
