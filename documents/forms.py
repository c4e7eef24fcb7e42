from django import forms
from django.utils.translation import gettext_lazy as _

from .services import template_problems


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    number_word = forms.CharField(
        label=_("Number word"),
        max_length=8,
        required=False,
        help_text=_("The word of the document number, e.g. 受 in 〔2025〕受字第12号; blank: not numbered."),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("One paragraph a line. A first line ending with a colon is the addressee, printed flush left."),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean(self):
        data = super().clean()
        if "title" in data and "body" in data:
            for problem in template_problems(self.kind, title=data["title"], body=data["body"]):
                self.add_error("body", problem)
        return data


class ReissueForm(forms.Form):
    reason = forms.CharField(label=_("Why issue it again"), max_length=200, required=False)
    again = forms.BooleanField(required=False)
