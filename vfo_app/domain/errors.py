"""Domain errors. States turn them into messages; they never leak internals."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a use case raises on purpose."""


class NotAuthenticated(DomainError):
    pass


class PermissionDenied(DomainError):
    """The actor may not do this, or the record is not theirs (another tenant looks the same)."""

    def __init__(self, message: str = "U hebt geen toegang tot deze gegevens.") -> None:
        super().__init__(message)


class NotFound(PermissionDenied):
    """Unknown and not-yours answer the same, so tenants cannot probe each other's ids."""


class ValidationFailed(DomainError):
    """Field errors keyed by form field name, each a Dutch message for beside the field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
