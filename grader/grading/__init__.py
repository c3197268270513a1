"""One submission from file to result: the plan, what each check expects, the reference cache, the
engine that scores, model answers, and grader validate for a whole assignment."""
