"""Core pieces of the REST API shared by every app: auth tokens, errors, pagination."""
