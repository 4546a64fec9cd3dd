"""The built-in handlers: „Zgłoś newsa” and „Zgłoś błąd”. Registered in ``FormsConfig.ready``."""

from __future__ import annotations

from typing import Any

from cms.forms.forms import ErrorReportForm, NewsForm
from cms.forms.handlers import FormHandler, register_form_handler
from cms.forms.services import submission_store


def _error_summary(data: dict[str, Any]) -> str:
    return f"{data.get('page_url', '')} — {data.get('description', '')}"


NEWS_HANDLER = FormHandler(
    key="news",
    label="Zgłoś newsa",
    form_class=NewsForm,
    on_submit=submission_store,
    notify_subject="Nowa propozycja wiadomości",
    success_message="Dziękujemy! Twoja wiadomość trafiła do redakcji. Opublikujemy ją po "
    "sprawdzeniu.",
    summary=lambda data: str(data.get("title", "")),
)

ERROR_HANDLER = FormHandler(
    key="error",
    label="Zgłoś błąd",
    form_class=ErrorReportForm,
    on_submit=submission_store,
    notify_subject="Zgłoszenie błędu w serwisie",
    success_message="Dziękujemy! Zgłoszenie błędu trafiło do redakcji.",
    summary=_error_summary,
)


def register_builtin_handlers() -> None:
    register_form_handler(NEWS_HANDLER)
    register_form_handler(ERROR_HANDLER)
