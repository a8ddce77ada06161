"""Forms of the officials' pages: the project form (create, edit, amend) with its evaluation
criteria, the reason asked by some workflow actions, and the workspace's status filter."""

from .actions import ActionForm, WorkspaceFilterForm
from .project import ProjectAmendForm, ProjectForm

__all__ = ["ActionForm", "ProjectAmendForm", "ProjectForm", "WorkspaceFilterForm"]
