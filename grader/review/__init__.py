"""``grader review``: a local web page to review submissions, adjust points and grade by hand."""
