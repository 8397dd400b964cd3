"""View decorators that apply the access design."""

from __future__ import annotations

from functools import wraps

from .access import can, require


def capability_required(*capabilities: str):
    """The user must hold at least one of the capabilities somewhere (403 otherwise).
    Object-level checks (this organisation, this case) happen in the view with require()."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(can(request.user, capability) for capability in capabilities):
                require(request.user, capabilities[0])
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities
        return wrapped

    return decorator
