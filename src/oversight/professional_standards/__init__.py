"""Professional standards for the Responsible Officer (issue 13): appraisal, revalidation
recommendations to the GMC, each doctor's whole governance record, the RO's dashboard and the Annual
Board Report and Statement of Compliance. Rules: docs/rules/appraisal-and-revalidation.md (§6)."""
