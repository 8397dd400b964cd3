"""Base models every domain app builds on."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """A UUID key (no guessable ids in URLs) and created/updated times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def clean(self):
        # Trim surrounding white space from every text field: pasted text often carries it.
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, value.strip())
        super().clean()
