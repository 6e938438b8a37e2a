"""The command line, run as a real subprocess: formats, stdin, errors and exit codes."""
import json
import subprocess
import sys

import jsonschema
import pytest

from conftest import EXAMPLES, FIXTURES, assert_offsets
from presslens.errors import EXIT_CODES, PARTIAL_FAILURE_EXIT
from presslens.report.schema import ERROR_SCHEMA


def run(*args, stdin: bytes | None = None):
    proc = subprocess.run(
        [sys.executable, "-m", "presslens", *args], input=stdin, capture_output=True, timeout=120
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_json_report_matches_schema_printed_by_the_cli():
    code, out, _ = run("analyze", str(EXAMPLES / "opinion.txt"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    code, schema_out, _ = run("schema")
    schema = json.loads(schema_out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(report, schema)
    assert report["schema_version"] == "1"
    assert report["id"] == "opinion"
    assert set(report["timings_ms"]) >= {"ingest", "nlp"}
    assert_offsets(report)


def test_stdin_and_output_file(tmp_path):
    out_file = tmp_path / "r.json"
    text = (EXAMPLES / "report.txt").read_bytes()
    code, out, _ = run("analyze", "-", "-f", "json", "-o", str(out_file), stdin=text)
    assert code == 0 and out == ""
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert report["id"] == "stdin" and report["text"] == text.decode("utf-8")


def test_text_and_html_formats():
    code, out, _ = run("analyze", str(EXAMPLES / "report.txt"), "-f", "text")
    assert code == 0
    assert "Set apart from the body" in out and "appeal" in out and "Named entities" in out
    code, out, _ = run("analyze", str(EXAMPLES / "report.html"), "-f", "html")
    assert code == 0
    assert out.startswith("<!doctype html>") and 'class="region appeal"' in out and "<mark class=\"PERSON\"" in out
    assert "http://" not in out and "https://" not in out.replace("https://www.northernherald.example", "")


def test_jsonl_input_continues_past_bad_records(tmp_path):
    records = tmp_path / "batch.jsonl"
    good = {"id": "a1", "text": "The council voted to close the line on Tuesday, officials said.", "source": "Herald", "date": "2025-03-01"}
    records.write_text(
        "\n".join([json.dumps(good), "{not json", json.dumps({"id": "a3"}), json.dumps({"id": "a4", "text": "  "}),
                   json.dumps({**good, "id": "a5"})]) + "\n",
        encoding="utf-8",
    )
    code, out, err = run("analyze", str(records), "-f", "jsonl")
    assert code == PARTIAL_FAILURE_EXIT
    lines = [json.loads(line) for line in out.splitlines()]
    for line in lines:
        if "error" in line:
            jsonschema.validate(line, ERROR_SCHEMA)
    assert [line.get("id") or line.get("error") for line in lines] == ["a1", "invalid_record", "invalid_record", "empty", "a5"]
    assert lines[0]["source"]["site"] == "Herald" and lines[0]["source"]["date"] == "2025-03-01"
    assert f"{records}:2" in err and "not valid JSON" in err
    assert err.count("error:") == 3


def test_several_inputs_default_to_jsonl_when_piped():
    code, out, _ = run("analyze", str(EXAMPLES / "opinion.txt"), str(EXAMPLES / "report.txt"))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["opinion", "report"]


@pytest.mark.parametrize(
    "setup,expected_code,message",
    [
        (lambda d: d / "missing.txt", 3, "no such file"),
        (lambda d: d, 3, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), 4, "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n\n \t"), 4, "empty"),
        (lambda d: _write(d / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2), 5, "binary"),
        (lambda d: _write(d / "nav.html", (FIXTURES / "html" / "no_body.html").read_bytes()), 7, "no article text"),
        (lambda d: _write(d / "big.txt", b"word " * 300), 6, "over the limit"),
    ],
)
def test_bad_inputs_get_one_line_errors(tmp_path, setup, expected_code, message):
    path = setup(tmp_path)
    code, out, err = run("analyze", str(path), "--max-bytes", "1kb" if expected_code == 6 else "5MB")
    assert code == expected_code, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0]
    assert "Traceback" not in err


def test_unwritable_output_is_a_clear_error(tmp_path):
    code, out, err = run("analyze", str(EXAMPLES / "report.txt"), "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert code == 3 and "cannot write the output file" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_url_without_fetch_and_unknown_analysis():
    code, _, err = run("analyze", "https://example.org/story")
    assert code == 9 and "--fetch" in err
    code, _, err = run("analyze", str(EXAMPLES / "opinion.txt"), "--only", "nope")
    assert code == 2 and "unknown analysis 'nope'" in err


def test_only_and_skip():
    code, out, _ = run("analyze", str(EXAMPLES / "report.txt"), "-f", "json", "--skip", "nlp")
    report = json.loads(out)
    assert code == 0 and report["sentences"] == [] and "nlp" not in report["timings_ms"]
    code, out, _ = run("analyze", str(EXAMPLES / "report.txt"), "-f", "json", "--only", "nlp")
    assert code == 0 and json.loads(out)["sentences"]


def test_help_teaches_and_lists_exit_codes():
    code, out, _ = run("analyze", "--help")
    assert code == 0
    for word in ("--format", "--only", "--skip", "--fetch", "--max-bytes", "Exit codes"):
        assert word in out
    for meaning in EXIT_CODES.values():
        assert meaning.split(" (")[0][:25] in " ".join(out.split())
    code, out, _ = run("analyses")
    assert code == 0
    assert {line.split()[0] for line in out.splitlines()} >= {"nlp", "techniques", "genre", "frames"}


def test_non_english_warning_on_stderr():
    code, out, err = run("analyze", str(EXAMPLES / "articles.jsonl"), "-f", "jsonl")
    assert code == 0
    assert "ex-004" in err and "not English" in err
    german = [json.loads(line) for line in out.splitlines()][-1]
    assert german["language"] == "de" and german["warnings"]


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [b'{"paragraphs": [{"number": 1, "text": "The council met."}]}', b"[1, 2, 3]\n"])
def test_a_json_data_file_is_refused_in_one_line(data, tmp_path):
    path = tmp_path / "editorial.json"
    path.write_bytes(data)
    code, out, err = run("analyze", str(path), "--only", "nlp")
    assert code == 8 and out == ""
    assert err.count("\n") == 1 and "JSON data, not an article" in err and "Traceback" not in err
    code, out, _ = run("analyze", "-", "--only", "nlp", "-f", "json", stdin=b"[Updated] The council met on Monday.\n")
    assert code == 0 and json.loads(out)["text"].startswith("[Updated]")


def test_eval_nonbody_errors_are_one_line(tmp_path):
    bad = tmp_path / "labels.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    code, _, err = run("eval", "nonbody", "--data", str(bad))
    assert code == 8 and "no column article" in err and err.count("\n") == 1
    code, _, err = run("eval", "nonbody", "--data", str(FIXTURES / "endings_heldout3.json"), "--part", "nope")
    assert code == 2 and "Traceback" not in err
