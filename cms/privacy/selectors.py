from __future__ import annotations

from django.db.models import QuerySet

from cms.privacy.models import PrivacyRequest


def privacy_request_list() -> QuerySet[PrivacyRequest]:
    """The tenant's register of data-protection requests, newest first."""
    return PrivacyRequest.objects.select_related("handled_by").order_by("-created_at", "-pk")
