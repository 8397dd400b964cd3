"""Where something happened: an NHS trust or one of its sites."""

from __future__ import annotations

from django import forms

from oversight.organisations.models import Organisation, OrganisationKind


def place_queryset(within_ids=None):
    places = Organisation.objects.open().filter(kind__in=[OrganisationKind.TRUST, OrganisationKind.SITE])
    if within_ids is not None:
        places = places.filter(id__in=within_ids)
    return places.select_related("parent").order_by("name")


def place_label(place: Organisation) -> str:
    if place.kind == OrganisationKind.SITE and place.parent_id:
        return f"{place.name} ({place.parent.name})"
    return place.name


class PlaceField(forms.ModelChoiceField):
    def __init__(self, within_ids=None, **kwargs):
        kwargs.setdefault("label", "Organisation or site")
        kwargs.setdefault("empty_label", "Choose where it happened")
        kwargs.setdefault("error_messages", {
            "required": "Select the organisation or site where it happened",
            "invalid_choice": "Select an organisation or site from the list",
        })
        super().__init__(queryset=place_queryset(within_ids), to_field_name="ods_code", **kwargs)

    def label_from_instance(self, obj: Organisation) -> str:
        return place_label(obj)


class OrganisationField(forms.ModelChoiceField):
    """An organisation chosen by name (the queryset decides which)."""

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name
