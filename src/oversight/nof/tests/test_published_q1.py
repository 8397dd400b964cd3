"""The method against NHS England's own Q1 2025/26 numbers for the 134 acute trusts.

Each count below is what the implementation reproduces today; a lower count is a regression, a higher
one is news (update the count and docs/nof.md). Every trust whose segment differs is named, with why.
"""

from __future__ import annotations

import pytest

from oversight.nof import segment

pytestmark = pytest.mark.shared

# score ID -> (published scores, reproduced within 0.01 with ties broken by the published rank,
#              reproduced from the values alone)
METRICS = {
    # Ranked within acute trusts: reproduced for every trust.
    "OF1003": (131, 131, 120),  # 52-week waits, target < 1%
    "OF1010": (118, 118, 114),  # Faster Diagnosis Standard, target >= 80%
    "OF1011": (118, 118, 116),  # cancer 62 days, target >= 75%
    "OF1013": (123, 123, 123),  # four hours, target >= 78%
    "OF1014": (123, 123, 123),  # 12 hours in ED, continuous
    "OF1023": (131, 131, 130),  # RTT 18 weeks, continuous
    "OF1106": (131, 131, 128),  # 18-week plan gap, target >= 0
    "OF1020": (134, 134, 134),  # MRSA zero rule
    "OF1048": (134, 134, 75),  # E. coli rate <= 1 (count bands for 4 specialist trusts)
    "OF1088": (134, 134, 82),  # C. difficile rate <= 1 (count bands for 5)
    "OF1061": (134, 134, 75),  # staff survey raising concerns
    "OF1084": (134, 134, 74),  # staff survey engagement
    "OF1085": (134, 134, 127),  # implied productivity
    "OF1025": (126, 126, 126),  # discharge delay days
    "OF1079": (134, 134, 134),  # planned surplus/deficit bands
    "OF1081": (134, 134, 134),  # year-to-date variance bands
    "OF1080": (134, 134, 134),  # combined finance lookup table
    "OF1035": (2, 2, 2),  # discrete, passed through
    "OF1046": (118, 118, 118),
    "OF1067": (15, 15, 15),
    "OF1069": (130, 130, 130),
    # Ranked by NHS England across trust types: not reproducible from an acute-only file.
    "OF1005": (80, 32, 31),
    "OF1041": (22, 3, 3),
    "OF1057": (51, 2, 1),
    "OF1082": (134, 4, 7),
    "OF1016": (1, 0, 0),
    "OF1017": (1, 1, 1),
    "OF1028": (1, 0, 0),
    "OF1063": (1, 0, 0),
}

# path -> (unadjusted, adjusted, final segments agreeing, league ranks agreeing, trusts differing)
PATHS = {
    "computed": (127, 131, 131, 38, {"R0D", "R1F", "RCU", "RFS", "RH5", "RQ3", "RXP"}),
    "computed_cross_type_published": (132, 132, 132, 93, {"R0D", "RXP"}),
    "published_average": (132, 132, 132, 94, {"R0D", "RXP"}),
    "published_unadjusted": (134, 134, 134, 134, set()),
}


def test_the_file_reads_as_134_acute_trusts(q1):
    assert len(q1.trusts) == 134
    assert set(q1.trusts["trust_type"]) == {"Acute trust"}
    assert q1.trusts["in_deficit"].sum() == 99
    assert q1.trusts["in_rsp"].sum() == 14
    # OF0048/OF0088 come as a rate for most trusts and as a count for a few specialist ones.
    ecoli = q1.observed("OF0048")
    assert ecoli["units"].value_counts().to_dict() == {"rate": 130, "count": 4}


def test_metric_scores_reproduce_from_metric_values(q1_comparison):
    found = {m.score_id: (m.published, m.within, m.within_values_only) for m in q1_comparison.metrics}
    assert found == METRICS


def test_cross_type_metrics_are_the_only_ones_not_reproduced(q1_comparison):
    partial = {m.score_id for m in q1_comparison.metrics if m.within < m.published}
    assert partial == {"OF1005", "OF1041", "OF1057", "OF1082", "OF1016", "OF1028", "OF1063"}
    assert all(m.population == "all" and m.note for m in q1_comparison.metrics if m.score_id in partial)


def test_average_score(q1_comparison):
    # From our own scores: the cross-type metrics (OF1082 above all) move most averages by a little.
    assert q1_comparison.average_within == 65
    assert q1_comparison.average_max_difference == pytest.approx(0.14, abs=0.005)
    # With NHS England's scores for those metrics, and our rule on NHS England's own scores: all 134.
    assert q1_comparison.average_cross_type_published_within == 134
    assert q1_comparison.average_of_published_within == 134


def test_domain_scores_from_published_metric_scores(q1_comparison):
    assert q1_comparison.domains == {
        "Access to services": (131, 131),
        "Patient safety": (134, 134),
        "Finance and productivity": (134, 134),
        "People and workforce": (134, 134),
        "Effectiveness and experience": (134, 134),
    }


def test_deficit_rules_against_the_published_flag(q1_comparison):
    assert q1_comparison.deficit_rules == {
        "planned_deficit": 122,
        "combined_finance_above_1": 133,
        "planned_deficit_or_breakeven_off_plan": 134,
    }


@pytest.mark.parametrize("path", PATHS)
def test_segments_and_league_rank(q1_comparison, path):
    unadjusted, adjusted, final, rank, differing = PATHS[path]
    result = q1_comparison.paths[path]
    assert result.agree == {
        "unadjusted_segment": unadjusted,
        "adjusted_segment": adjusted,
        "final_segment": final,
        "rank": rank,
    }
    assert {d.trust_code for d in result.differences} == differing
    assert all(d.reason for d in result.differences)


def test_why_segments_differ(q1_comparison):
    by_trust = {(d.trust_code, d.stage): d for d in q1_comparison.paths["published_average"].differences}
    # Same average as NHS England; its segment edges are not quartiles of the acute trusts alone.
    assert by_trust[("RXP", "unadjusted_segment")].ours == 2
    assert by_trust[("RXP", "unadjusted_segment")].published == 3
    assert "not quartiles" in by_trust[("RXP", "unadjusted_segment")].reason
    assert by_trust[("R0D", "final_segment")].reason == "follows from the adjusted segment"
    computed = {(d.trust_code, d.stage): d for d in q1_comparison.paths["computed"].differences}
    assert "OF1082" in computed[("RH5", "unadjusted_segment")].reason
    # RCU, RFS, R1F and RQ3 are in deficit: capped at 3 either way, so only their unadjusted segment differs.
    assert {t for t, stage in computed if stage == "final_segment"} == {"R0D", "RH5", "RXP"}


def test_segment_edges(q1_comparison):
    assert q1_comparison.published_cuts == ((2.05, 2.08), (2.31, 2.34), (2.60, 2.61))


def test_segment_counts_from_the_published_average(q1, method):
    result = segment(q1, method, average_from="published")
    trusts = result.trusts
    assert trusts["unadjusted_segment"].value_counts().sort_index().tolist() == [34, 33, 36, 31]
    assert trusts["final_segment"].value_counts().sort_index().tolist() == [16, 13, 67, 24, 14]
    # Segment 5 is exactly the Recovery Support Programme; the adjusted segment stays 1-4 for those trusts.
    assert set(trusts.index[trusts["final_segment"] == 5]) == set(trusts.index[trusts["in_rsp"]])
    assert trusts.loc[trusts["in_rsp"], "adjusted_segment"].between(1, 4).all()


PUBLISHED_TOP_TEN = ["RTF", "RRV", "RYJ", "RWF", "RA7", "RJ1", "RTE", "REF", "RWH", "RH5"]


def test_published_league_top_ten(q1, method):
    """The top 10 non-specialist acute trusts NHS England published (adjusted segment, then average)."""
    published = q1.trusts.assign(segment=q1.published("OF5000"), average=q1.published("OF5002"))
    published = published[published["trust_subtype"] != "Acute - Specialist"]
    assert published.sort_values(["segment", "average"]).index[:10].tolist() == PUBLISHED_TOP_TEN
    # Ours, with NHS England's scores only for the metrics it ranks across trust types: the same ten.
    table = segment(q1, method, published_scores="cross_type").table()
    ours = table[table["trust_subtype"] != "Acute - Specialist"]
    assert ours["trust_code"].head(10).tolist() == PUBLISHED_TOP_TEN
    # Entirely from the metric values, Somerset (RH5) rises to 7th: its average leans most on
    # metrics ranked across trust types (five of them).
    table = segment(q1, method).table()
    ours = table[table["trust_subtype"] != "Acute - Specialist"]
    assert ours["trust_code"].head(10).tolist() == [
        "RTF",
        "RRV",
        "RYJ",
        "RWF",
        "RA7",
        "RJ1",
        "RH5",
        "RTE",
        "REF",
        "RWH",
    ]
