"""Rendering results for people (text, HTML) and programs (JSON). Templates only loop and format."""

from grader.report.render import render_html, render_text, result_to_dict

__all__ = ["render_html", "render_text", "result_to_dict"]
