"""NHS England regions, by the codes ODS uses in its 'National Grouping' field."""

NHS_ENGLAND_REGIONS = {
    "Y56": "London",
    "Y58": "South West",
    "Y59": "South East",
    "Y60": "Midlands",
    "Y61": "East of England",
    "Y62": "North West",
    "Y63": "North East and Yorkshire",
}
