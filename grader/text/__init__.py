"""Every sentence a person reads (the message catalogue, German and English), and numbers as each
language writes them. Imports nothing of the grader."""
