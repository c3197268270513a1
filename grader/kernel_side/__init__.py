"""Code that runs inside the student's kernel. Nothing here is trusted on the way back."""
