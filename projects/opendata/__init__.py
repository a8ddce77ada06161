"""Open data from the projects app: the published projects and the award notices as tables,
and the OCDS release packages (`ocds.py`)."""
