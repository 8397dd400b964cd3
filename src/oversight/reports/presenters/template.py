"""What the report pages show, kept out of the templates."""

from __future__ import annotations

from django.conf import settings

from oversight.organisations.models import Organisation, OrganisationKind, descendant_ids
from oversight.warehouse import Warehouse

from ..sections import chosen_metrics, is_governance, known_metrics, source_label


def _codes_with_data(store: Warehouse, organisation: Organisation) -> set[str]:
    if organisation.kind == OrganisationKind.TRUST:
        codes = [organisation.ods_code]
    else:
        codes = list(Organisation.objects.filter(id__in=descendant_ids({organisation.id}), kind=OrganisationKind.TRUST)
                     .values_list("ods_code", flat=True))
    frame = store.observations(orgs=codes) if codes else None
    return set(frame.loc[frame["value"].notna(), "metric"]) if frame is not None and not frame.empty else set()


def template_choices(organisation: Organisation) -> tuple[list[tuple[str, str]], list[str]]:
    """The metrics a template may choose, labelled with their source and whether there is data, and
    the ones a report shows without a template."""
    store = Warehouse(settings.OVERSIGHT_WAREHOUSE)
    known = known_metrics(store.catalogue())
    available = _codes_with_data(store, organisation)
    choices = []
    for code, metric in known.items():
        has_data = is_governance(metric) or code in available
        choices.append((code, f"{metric.label} ({source_label(metric)}{'' if has_data else '; no data loaded yet'})"))
    defaults = [m.code for m in chosen_metrics(known, None, available)]
    return choices, defaults
