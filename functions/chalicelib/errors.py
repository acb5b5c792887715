"""Domain errors. They name what went wrong; the API layer maps them to HTTP once."""


class DomainError(Exception):
    code = "error"
    message = "Something went wrong."

    def __init__(self, message: str | None = None, *, field: str | None = None, code: str | None = None,
                 details: dict | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.field = field
        self.details = details  # more a client needs to show the error (both versions of a conflict)
        if code:
            self.code = code


class ValidationFailed(DomainError):
    code = "validation_failed"
    message = "The request is not valid."


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    message = "Log in to continue."


class Forbidden(DomainError):
    code = "forbidden"
    message = "You may not do that."


class NotFound(DomainError):
    code = "not_found"
    message = "That does not exist."


class Conflict(DomainError):
    code = "conflict"
    message = "That was changed by someone else; try again."


class LoginFailed(DomainError):
    code = "login_failed"
    message = "The login could not be completed. Start again."


class AccountClosed(Forbidden):
    code = "account_closed"
    message = "Your account has been closed: the company's directory says you have left."


class ProviderUnavailable(DomainError):
    code = "provider_unavailable"
    message = "The identity provider did not answer. Try again in a moment."


class RateLimited(DomainError):
    code = "rate_limited"
    message = "Too many requests; wait a moment."

    def __init__(self, retry_after: int, message: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(DomainError):
    """The database is throttling or failing right now; nothing was written. Try again shortly."""

    code = "unavailable"
    message = "Torget is very busy right now; nothing was saved. Try again in a moment."

    def __init__(self, retry_after: int = 1, message: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after
