"""The trust boundary: everything that starts, limits, feeds or reads back student code.

- ``kernel``: runs a notebook's cells in a fresh kernel (nbclient), one ``KernelRun`` in, one
  ``KernelResult`` out;
- ``started``: a kernel started before its run is known, serving one run; a batch worker's spare;
- ``exchange``: requests written for the kernel, answers read back (no pickle, sizes capped);
- ``harvest``: the code that runs *inside* the kernel and exports the requested answers;
- ``measure`` / ``evaluate_model``: a separate process that loads model files in Keras' safe
  mode and measures them;
- ``launcher``, ``sandbox``, ``cgroup``: OS limits, bubblewrap and a pids cgroup around both.

Nothing here knows the rules: the plan arrives as ``grader.boundary`` values, and what comes back
is the student's word until the grader's own code (outside this package) has judged it.
"""
