"""Single sign-on with an OpenID Connect provider (NHS CIS2, Entra ID), when enabled.

The provider proves who someone is; Oversight still decides what they may do: a new
person signs in with no roles until an administrator grants one.
"""

from __future__ import annotations

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OversightOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        subject = claims.get("sub")
        if not subject:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username=f"oidc:{subject}")

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            username=f"oidc:{claims['sub']}",
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user

    def update_user(self, user, claims):
        user.email = claims.get("email", user.email)
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.save(update_fields=["email", "first_name", "last_name"])
        return user
