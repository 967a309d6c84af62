"""Admin: a body's own Word templates for its minutes and invitations (its letterhead), and the
issued documents (read-only: their bytes and hashes are the record the /verify/ page shows)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from qarargah.persian import to_persian_digits
from qarargah.ui.templatetags.persian_tags import jalali_datetime

from .documents import MAX_TEMPLATE_BYTES, TEMPLATE_TOO_LARGE, validate_template
from .models import DocumentTemplate, IssuedDocument


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["body", "kind", "file"]
        help_texts = {
            "file": "یک فایل Word (docx) با برچسب‌های docxtpl؛ از روی قالب پیش‌فرض "
            "(qarargah/meetings/document_templates/minutes.docx) بسازید. حداکثر ۵ مگابایت."
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "size"):
            return upload
        if upload.size > MAX_TEMPLATE_BYTES:  # refused before the file is read
            raise forms.ValidationError(TEMPLATE_TOO_LARGE)
        upload.seek(0)
        content = upload.read()
        upload.seek(0)
        validate_template(content, kind=self.cleaned_data.get("kind") or "minutes")
        return upload


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["body", "kind", "updated_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["body"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    # Dates in the Jalali calendar, the digits the system writes in Persian.
    list_display = ["code", "meeting", "kind", "format", "amendment_fa", "issued_at_jalali"]
    list_filter = ["kind", "format"]
    search_fields = ["code", "sha256"]
    exclude = ["issued_at"]
    readonly_fields = [
        *(f.name for f in IssuedDocument._meta.fields if f.name != "issued_at"),
        "issued_at_jalali",
    ]

    @admin.display(description="زمان صدور", ordering="issued_at")
    def issued_at_jalali(self, obj: IssuedDocument) -> str:
        return str(jalali_datetime(obj.issued_at))

    @admin.display(description="شماره اصلاحیه", ordering="amendment")
    def amendment_fa(self, obj: IssuedDocument) -> str:
        return to_persian_digits(str(obj.amendment))

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
