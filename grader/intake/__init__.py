"""Reading what arrives from outside, trusting none of it: notebooks, handed-in JSON and CSV
files, Keras model files as data, training logs, the course's data sets, and finding submissions
in a course folder."""
