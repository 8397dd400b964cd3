"""What governance does, one module per idea. Views, the API, the importer and the demo all call
these functions; each one is a transaction and records a step in the case's timeline."""
