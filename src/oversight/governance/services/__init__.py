"""What governance does, one module per idea. Views, the API, the importer and the demo all call
these functions; each one is a transaction, records a step in the case's timeline, and writes every
governed record through the Auditor (``auditor.create``/``update``), so its audit entries are in view."""
