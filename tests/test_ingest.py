"""Decoding, mojibake repair, language identification, the Python API."""
import pytest

import presslens
from presslens.errors import BinaryInput, EmptyInput, FetchError, InputNotFound, InputTooLarge
from presslens.ingest.decoding import decode_bytes

ARTICLE = (
    "The council voted on Tuesday to close the Riverside line. About 40,000 people use it every day, "
    "according to the transport authority.\n\nCritics said the decision was rushed."
)


def test_bom_is_kept_so_dataset_offsets_stay_valid():
    assert decode_bytes("\ufeffHello world".encode("utf-8"), "x") == "\ufeffHello world"


def test_cp1252_is_detected():
    warnings = []
    text = decode_bytes("The café’s “special” costs £5 and the naïve critic loved it.".encode("cp1252"), "x", warnings)
    assert "café’s “special” costs £5" in text
    assert any("cp1252" in w for w in warnings)


def test_mojibake_is_repaired_and_reported():
    warnings = []
    text = decode_bytes("The mayorâ€™s plan wonâ€™t work, said JosÃ©.".encode("utf-8"), "x", warnings)
    assert text == "The mayor’s plan won’t work, said José."
    assert any("mojibake" in w for w in warnings)


def test_utf16_with_bom():
    assert decode_bytes("Hello, world. This is text.".encode("utf-16"), "x").endswith("This is text.")


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))])
def test_empty_and_binary_bytes_are_refused(data):
    with pytest.raises((EmptyInput, BinaryInput)):
        decode_bytes(data, "x")


def test_analyze_text_and_bytes_agree():
    a = presslens.analyze(ARTICLE).to_dict()
    b = presslens.analyze(ARTICLE.encode("utf-8")).to_dict()
    assert a["text"] == b["text"] == ARTICLE
    assert a["sentences"] == b["sentences"]


def test_non_english_gets_a_warning():
    german = (
        "Der Stadtrat hat am Dienstag beschlossen, die Buslinie 12 einzustellen. Mehr als 3.000 Menschen nutzen "
        "sie täglich, sagte die Verkehrsbehörde. Kritiker nannten die Entscheidung übereilt und unsozial."
    )
    report = presslens.analyze(german)
    assert report.to_dict()["language"] == "de"
    assert any("not English" in w for w in report.warnings)


def test_english_has_no_language_warning():
    report = presslens.analyze(ARTICLE)
    assert report.to_dict()["language"] == "en"
    assert report.warnings == []


def test_size_limit():
    with pytest.raises(InputTooLarge):
        presslens.analyze(ARTICLE, max_bytes=50)


def test_url_needs_fetch():
    with pytest.raises(FetchError, match="--fetch|fetch=True"):
        presslens.analyze("https://example.org/article")


def test_fetch_of_unreachable_url_is_a_clear_error():
    # Port 9 on loopback: nothing listens, so this fails at once, offline.
    with pytest.raises(FetchError, match="could not fetch"):
        presslens.analyze("http://127.0.0.1:9/article", fetch=True)


def test_missing_path_object(tmp_path):
    with pytest.raises(InputNotFound):
        presslens.analyze(tmp_path / "missing.txt")


def test_huge_paragraph_is_parsed_in_chunks():
    text = ("The council met again. " * 4000).strip()  # ~92k characters, one paragraph
    report = presslens.analyze(text).to_dict()
    assert len(report["sentences"]) >= 3900
    last = report["sentences"][-1]
    assert report["text"][last["start"] : last["end"]] == "The council met again."


def test_fetch_from_a_real_local_http_server(examples):
    import functools
    import http.server
    import threading

    handler_class = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(examples)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/report.html"
        report = presslens.analyze(url, fetch=True).to_dict()
        assert report["source"]["url"] == url
        assert report["source"]["title"].startswith("Flash floods force 2,300")
        assert {"caption", "appeal", "bio"} <= {r["kind"] for r in report["regions"]}
        with pytest.raises(FetchError, match="HTTP 404"):
            presslens.analyze(f"http://127.0.0.1:{server.server_port}/missing.html", fetch=True)
    finally:
        server.shutdown()
        server.server_close()
