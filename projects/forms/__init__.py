"""Forms of the officials' pages: the project form (create, edit, amend) with its evaluation
criteria, the reason asked by some workflow actions, the workspace's status filter, and the
question and answer of a clarification."""

from .actions import ActionForm, WorkspaceFilterForm
from .clarifications import AnswerForm, QuestionForm
from .project import ProjectAmendForm, ProjectForm

__all__ = [
    "ActionForm",
    "AnswerForm",
    "ProjectAmendForm",
    "ProjectForm",
    "QuestionForm",
    "WorkspaceFilterForm",
]
