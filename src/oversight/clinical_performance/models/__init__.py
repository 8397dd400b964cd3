"""Clinical performance of individual clinicians in urgent and emergency care: the consultations
imported from the clinical system, the clinician audit programme (RCGP toolkit practice, NQR 4) and
productivity. Rules: docs/rules/urgent-care.md."""
