import json
from pathlib import Path

from conftest import FIXTURES

from grader.course.spec import list_assignments, load_assignment, parts_of
from grader.intake.discover import AssignmentParts, discover, place, student_of

NOTEBOOKS = FIXTURES / "notebooks"
LIGHT = {"01_convolution": AssignmentParts(), "02_parameters": AssignmentParts()}


def _put(folder: Path, name: str, source: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(source.read_bytes())


def test_lms_folder_names_give_id_and_name():
    assert student_of("Frida Fischer_40117_assignsubmission_file_") == ("40117", "Frida Fischer")
    assert student_of("anna") == ("anna", "anna")


def test_nested_and_lms_layouts_are_placed_and_problems_reported(tmp_path, root):
    reference = root / "reference" / "01_convolution.ipynb"
    _put(tmp_path / "anna", "01_convolution.ipynb", reference)
    _put(tmp_path / "anna", "fashion_cnn.keras", reference)
    lms = tmp_path / "Ben Berg_123_assignsubmission_file_"
    _put(
        lms, "meine Abgabe.ipynb", NOTEBOOKS / "02_parameters" / "shifted-by-one.ipynb"
    )  # placed by metadata
    _put(lms, "notes.txt", reference)
    _put(tmp_path / "carla", "01_convolution.ipynb", reference)
    _put(tmp_path / "carla", "01_convolution (1).ipynb", reference)  # same assignment twice
    (tmp_path / "carla" / "link.ipynb").symlink_to(reference)
    (tmp_path / ".DS_Store").write_text("")
    found = discover(
        tmp_path, {**LIGHT, "04_fashion_mnist_cnn": AssignmentParts(("fashion_cnn.keras",))}
    )
    placed = {(s.student, s.display_name, s.assignment, s.notebook.name) for s in found.submissions}
    assert placed == {
        ("anna", "anna", "01_convolution", "01_convolution.ipynb"),
        ("123", "Ben Berg", "02_parameters", "meine Abgabe.ipynb"),
    }
    anna = next(s for s in found.submissions if s.student == "anna")
    assert anna.artifacts == ()  # 04's file: known, but not part of anna's 01 submission
    assert [[s.notebook.name for s in group] for group in found.ambiguous] == [
        ["01_convolution (1).ipynb", "01_convolution.ipynb"]
    ]
    assert {(p.path.name, p.reason.split(" (")[0]) for p in found.unplaced} == {
        ("notes.txt", "unknown file"),
        ("link.ipynb", "not a regular file"),
    }


def test_content_hash_changes_with_the_notebook_or_an_artifact(tmp_path, root):
    _put(tmp_path / "anna", "01_convolution.ipynb", root / "reference" / "01_convolution.ipynb")
    artifacts = {"01_convolution": AssignmentParts(("history.json",))}
    first = discover(tmp_path, artifacts).submissions[0].content_hash()
    (tmp_path / "anna" / "history.json").write_text("{}")
    second = discover(tmp_path, artifacts).submissions[0].content_hash()
    assert first != second
    assert second == discover(tmp_path, artifacts).submissions[0].content_hash()


def test_artifacts_are_what_the_spec_lists_for_any_assignment(tmp_path, root):
    """A fifth assignment handing in autoencoder.keras: the file is the submission's, not an
    unknown file, and replacing it changes the content hash (so it is graded again)."""
    folder = tmp_path / "anna"
    notebook = json.loads((root / "reference" / "01_convolution.ipynb").read_text())
    notebook["metadata"]["grader"]["assignment"] = "05_autoencoder"
    folder.mkdir()
    (folder / "05_autoencoder.ipynb").write_text(json.dumps(notebook))
    (folder / "autoencoder.keras").write_bytes(b"first model")
    assignments = {**LIGHT, "05_autoencoder": AssignmentParts(("autoencoder.keras",))}
    found = discover(tmp_path, assignments)
    assert found.unplaced == ()
    (submission,) = found.submissions
    assert [a.name for a in submission.artifacts] == ["autoencoder.keras"]
    before = submission.content_hash()
    (folder / "autoencoder.keras").write_bytes(b"a retrained model")
    assert discover(tmp_path, assignments).submissions[0].content_hash() != before
    unknown = discover(tmp_path, LIGHT | {"05_autoencoder": AssignmentParts()}).unplaced
    assert [(u.path.name, u.reason) for u in unknown] == [("autoencoder.keras", "unknown file")]


def _course(root):
    return {name: parts_of(load_assignment(root, name)) for name in list_assignments(root)}


def test_a_notebook_saved_under_another_assignments_name_is_placed_by_its_metadata(tmp_path, root):
    """A 02 notebook saved as 01_convolution.ipynb: its metadata and its answer cells agree."""
    _put(
        tmp_path / "anna",
        "01_convolution.ipynb",
        NOTEBOOKS / "02_parameters" / "shifted-by-one.ipynb",
    )
    (submission,) = discover(tmp_path, _course(root)).submissions
    assert (submission.assignment, submission.conflict) == ("02_parameters", None)


def test_name_and_metadata_that_disagree_unsettled_by_the_cells_are_not_guessed(tmp_path, root):
    """01's cells with 02's metadata (a template copied over): neither is graded."""
    notebook = json.loads((root / "reference" / "01_convolution.ipynb").read_text())
    notebook["metadata"]["grader"]["assignment"] = "02_parameters"
    (tmp_path / "anna").mkdir()
    (tmp_path / "anna" / "01_convolution.ipynb").write_text(json.dumps(notebook))
    (submission,) = discover(tmp_path, _course(root)).submissions
    assert (submission.assignment, submission.conflict) == ("01_convolution", "02_parameters")
    assert place(tmp_path / "anna" / "01_convolution.ipynb", _course(root)).assignment is None


def test_a_malformed_notebook_named_otherwise_is_reported_not_a_crash(tmp_path, root):
    """Discovery reads a notebook's metadata to place it: a recursion bomb, a huge number or a
    duplicate key there makes it unplaced, and the rest of the folder is still found."""
    malformed = Path(__file__).parents[1] / "fixtures" / "malformed"
    student = tmp_path / "anna"
    student.mkdir()
    names = ("deep-nesting", "huge-number", "duplicate-cells-key", "lone-surrogate")
    for name in names:
        (student / f"{name}.ipynb").write_bytes((malformed / f"{name}.ipynb").read_bytes())
    (student / "01_convolution.ipynb").write_bytes((malformed / "deep-nesting.ipynb").read_bytes())
    found = discover(tmp_path, _course(root))
    assert [s.notebook.name for s in found.submissions] == ["01_convolution.ipynb"]
    assert sorted(u.path.stem for u in found.unplaced) == sorted(names)
    assert {u.reason for u in found.unplaced} == {"notebook of no known assignment"}


def test_cells_whose_metadata_is_no_object_place_the_notebook_by_its_name(tmp_path, root):
    """A cell's ``metadata`` a string, a cell a number: discovery reads what is well-formed and
    places the notebook by its file name; grading it then says what is wrong."""
    notebook = json.loads((root / "reference" / "01_convolution.ipynb").read_text())
    notebook["cells"][0]["metadata"] = "grader"
    notebook["cells"].append(7)
    (tmp_path / "anna").mkdir()
    (tmp_path / "anna" / "01_convolution.ipynb").write_text(json.dumps(notebook))
    (submission,) = discover(tmp_path, _course(root)).submissions
    assert (submission.assignment, submission.conflict) == ("01_convolution", None)


def test_every_reason_discovery_gives_is_in_the_catalogue_for_the_summary():
    """The summary shows these in the report's language: each has a catalogue entry whose
    English text is the reason as stored."""
    import re

    from grader.intake import discover as module
    from grader.text.messages import CATALOGUE

    source = Path(module.__file__).read_text(encoding="utf-8")
    reasons = re.findall(r'Unplaced\([^,]+, "([^"]+)"\)', source)
    assert len(reasons) >= 4
    for reason in reasons:
        assert CATALOGUE[f"unplaced.{reason}"]["en"] == reason
