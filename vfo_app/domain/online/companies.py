"""The roles of a client user in a company (the membership's ``role``). Who is Beheerder where
is asked of the access policy (``access.is_company_admin_of``, ``access.is_any_company_admin``)."""

from __future__ import annotations

COMPANY_ROLE_BEHEERDER = "beheerder"
COMPANY_ROLE_GEBRUIKER = "gebruiker"
