"""The one-time link to set a password, and the e-mail that carries it: for a tenant's first
administrator (provisioning) and for every editor an administrator adds without a password.

Apart from ``tenants.services`` so that the task sending the e-mail (``tenants.tasks``) and the
provisioning that queues it import this module, not each other.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import connection
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def platform_host_for(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def admin_setup_url(*, user: Any, domain: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    scheme = (
        "https"
        if not settings.DEBUG and domain != "localhost" and not domain.endswith(".localhost")
        else "http"
    )
    return f"{scheme}://{domain}/admin/password_reset/confirm/{uid}/{token}/"


def _account_kind(user: Any) -> str:
    if user.is_superuser:
        return "konto administratora serwisu"
    roles = ", ".join(sorted(user.groups.values_list("name", flat=True)))
    return f"konto w panelu serwisu (role: {roles})" if roles else "konto w panelu serwisu"


def admin_invitation_send(*, user_id: int) -> str:
    """Send the invitation e-mail for the current tenant's user ``user_id``."""
    tenant = connection.tenant  # type: ignore[attr-defined]
    User = get_user_model()
    user = User.objects.get(pk=user_id)
    domain_obj = tenant.get_primary_domain()
    domain = domain_obj.domain if domain_obj else platform_host_for(tenant.slug)
    url = admin_setup_url(user=user, domain=domain)
    send_mail(
        subject=f"Zaproszenie do panelu serwisu {tenant.name}",
        message=(
            f"Dzień dobry,\n\nzałożono dla Ciebie {_account_kind(user)} {tenant.name}.\n"
            f"Ustaw hasło, otwierając link:\n{url}\n\nLink działa jednorazowo.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    return user.email
