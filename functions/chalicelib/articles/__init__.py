"""Writing and publishing articles in the browser: drafts, review, and a git commit per publish.

A draft lives in DynamoDB while it is written (saved as the person types).
Publishing writes the very Markdown file an editor would have written by
hand, with a metadata header generated field by field (never concatenated
from user text), and commits it with its images through
`repository.current()`, crediting the person. Writers with a role that may
publish directly commit to the base branch; others submit: a commit on the
branch `torget/<slug>`, which an editor approves (merged) or sends back.

States: draft -> review -> (changes ->) publishing -> live, or scheduled
before publishing when a publish time lies ahead. "live" is seen, not
assumed: the site's registered articles hold the committed file's SHA.

The modules, each importing only those above it:
- `rules`: who may write, review and publish; what a writer may send.
- `drafts`: a draft saved, read, listed and thrown away.
- `source_file`: the Markdown file a publish commits (header, images) and its content checks; the preview.
- `publishing`: publish or submit, scheduled publishing, edit conflicts.
- `review`: an editor approves or asks for changes.
"""
