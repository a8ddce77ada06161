"""Pages of the projects app: `browse` (list, detail, map: everyone), `manage` (officials'
workspace, forms and workflow actions), `documents` (upload and download)."""
