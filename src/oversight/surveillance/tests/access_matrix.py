"""Designed access for every surveillance page (checked by tests/test_authorisation_matrix.py).

The tree: a regional role is held for region YR1 (ICB QI1, trusts TRA and TRB); a trust role for TRA.
TRC is in another region, so it is out of scope for both.
"""

from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities

VIEW = capabilities(C.VIEW_SURVEILLANCE)
ANALYSE = capabilities(C.ANALYSE_DATA)
MANAGE = capabilities(C.MANAGE_ESCALATION)
# Loading, reviewing and reverting the national NOF publication: regional or national data management
# (the regional medical director), never a trust analyst or governance lead (issue 12, point 2).
PUBLISHED_DATA = capabilities(C.MANAGE_PUBLISHED_DATA)


def _nof_loads(tree):
    """Two loads of a made-up NOF file: Q2 (in force) replaced Q1, so it can be reviewed and reverted."""
    from oversight.surveillance.tests.factories import load_synthetic_nof

    load_synthetic_nof("Q1 2025/26")
    return {"pk": load_synthetic_nof("Q2 2025/26", in_rsp=("TRA",)).load.pk}


def _action(trust_key: str):
    def make(tree):
        from oversight.audit.context import acting_as, system_actor
        from oversight.surveillance.providers import provider_for
        from oversight.surveillance.services.escalation import create_action
        from oversight.testing.factories import user_with_role

        trust = tree[trust_key]
        owner = user_with_role("chief_medical_officer", trust, username=f"owner-{trust.ods_code.lower()}")
        with acting_as(system_actor("access-matrix")):
            action = create_action(
                provider_for(trust.ods_code), title="Review the A&E signal", owner=owner, due_date="2030-01-01"
            )
        return {"pk": action.pk}

    return make


PAGES = {
    "surveillance:index": Page(VIEW),
    "surveillance:matrix": Page(VIEW),
    "surveillance:matrix-csv": Page(VIEW),
    "surveillance:new-this-month": Page(VIEW),
    "surveillance:provider": Page(VIEW, kwargs={"code": "TRA"}, out_of_scope_kwargs={"code": "TRC"}),
    "surveillance:provider-metric": Page(
        VIEW, kwargs={"code": "TRA", "metric": "ae_4hr_all"}, out_of_scope_kwargs={"code": "TRC", "metric": "ae_4hr_all"}
    ),
    "surveillance:provider-metric-csv": Page(
        VIEW, kwargs={"code": "TRA", "metric": "ae_4hr_all"}, out_of_scope_kwargs={"code": "TRC", "metric": "ae_4hr_all"}
    ),
    "surveillance:icon": Page(VIEW, kwargs={"kind": "variation", "name": "concern_low"}),
    "surveillance:analyse": Page(ANALYSE),
    "surveillance:analyse-results": Page(ANALYSE),
    # With no upload in the session, the download sends the user back to the upload form.
    "surveillance:analyse-download": Page(ANALYSE, ok_status=302),
    "surveillance:funnel": Page(ANALYSE),
    "surveillance:funnel-download": Page(ANALYSE, ok_status=302),
    "surveillance:nof": Page(VIEW),
    "surveillance:nof-csv": Page(VIEW),
    "surveillance:nof-changes": Page(VIEW),
    "surveillance:nof-load": Page(PUBLISHED_DATA),
    "surveillance:nof-loads": Page(PUBLISHED_DATA),
    "surveillance:nof-load-detail": Page(PUBLISHED_DATA, kwargs=_nof_loads),
    "surveillance:nof-revert": Page(PUBLISHED_DATA, kwargs=_nof_loads),
    "surveillance:nof-trust": Page(VIEW, kwargs={"code": "TRA"}, out_of_scope_kwargs={"code": "TRC"}),
    "surveillance:escalations": Page(VIEW),
    "surveillance:overdue": Page(VIEW),
    "surveillance:escalation": Page(VIEW, kwargs={"code": "TRA"}, out_of_scope_kwargs={"code": "TRC"}),
    "surveillance:change-level": Page(MANAGE, kwargs={"code": "TRA"}, out_of_scope_kwargs={"code": "TRC"}),
    "surveillance:action-new": Page(MANAGE, kwargs={"code": "TRA"}, out_of_scope_kwargs={"code": "TRC"}),
    "surveillance:action": Page(VIEW, kwargs=_action("trust_a"), out_of_scope_kwargs=_action("trust_c")),
}
