"""The designed answer for every revalidation and dashboard page (merged into access_matrix.PAGES)."""

from oversight.accounts.roles import Capability as C
from oversight.testing.access import Page, capabilities


def _doctor_at(place: str):
    def kwargs(tree) -> dict:
        from oversight.workforce.tests.factories import DoctorFactory

        return {"pk": DoctorFactory(organisation=tree[place]).pk}

    return kwargs


def _recommendation_at(place: str, status: str = "draft"):
    def kwargs(tree) -> dict:
        from django.utils import timezone

        from oversight.workforce.tests.factories import DoctorFactory

        from .factories import RecommendationFactory

        extra = {"submitted_at": timezone.now(), "submitted_by_label": "test-data"} if status == "submitted" else {}
        doctor = DoctorFactory(organisation=tree[place])
        return {"pk": RecommendationFactory(clinician=doctor, status=status, **extra).pk}

    return kwargs


VIEW = capabilities(C.VIEW_PROFESSIONAL_STANDARDS)
MAKE = capabilities(C.MAKE_REVALIDATION_RECOMMENDATIONS)

PAGES = {
    "professional_standards:dashboard": Page(VIEW),
    "professional_standards:dashboard-csv": Page(VIEW),
    "professional_standards:doctor-revalidation": Page(VIEW, kwargs=_doctor_at("trust_a"),
                                                       out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:recommendation-new": Page(MAKE, kwargs=_doctor_at("trust_a"),
                                                      out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:els-contact-new": Page(MAKE, kwargs=_doctor_at("trust_a"),
                                                   out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:gmc-state": Page(MAKE, kwargs=_doctor_at("trust_a"), out_of_scope_kwargs=_doctor_at("trust_c")),
    "professional_standards:recommendation-submit": Page(MAKE, kwargs=_recommendation_at("trust_a"),
                                                         out_of_scope_kwargs=_recommendation_at("trust_c")),
    "professional_standards:recommendation-outcome": Page(MAKE, kwargs=_recommendation_at("trust_a", "submitted"),
                                                          out_of_scope_kwargs=_recommendation_at("trust_c", "submitted")),
    "professional_standards:ready": Page(MAKE),
    "professional_standards:gmc-export": Page(MAKE),
    "professional_standards:gmc-import": Page(MAKE),
}
