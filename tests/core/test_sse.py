"""The SSE decoder: framing as OpenRouter sends it, and what the spec allows besides."""

from __future__ import annotations

import pytest

from openrouter_nb._core.sse import DONE, EventTooLarge, SSEDecoder, parse_lines


def test_events_comments_and_done():
    decoder = SSEDecoder()
    events = decoder.feed(b': OPENROUTER PROCESSING\n\ndata: {"a":1}\n\n: x\ndata: [DONE]\n\n')
    assert events == [b'{"a":1}', DONE] and decoder.comments == 2


def test_crlf_cr_and_a_crlf_split_across_chunks():
    assert parse_lines(["data: a", "", "data: b", ""]) == [b"a", b"b"]
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\n\r\ndata: b\r\r") == [b"a"]  # the last CR may start a CRLF: held
    assert decoder.feed(b"data: c\n\n") == [b"b", b"c"]


def test_multi_line_data_other_fields_and_an_unterminated_last_event():
    decoder = SSEDecoder()
    assert decoder.feed(b"event: x\nid: 3\ndata: one\ndata:two\n\n") == [b"one\ntwo"]
    assert decoder.feed(b"data: last") == [] and decoder.close() == [b"last"]


def test_bounded_lines_and_events():
    with pytest.raises(EventTooLarge, match="100"):
        SSEDecoder(max_event_bytes=100).feed(b": " + b"x" * 200)  # a comment line that never ends
    decoder = SSEDecoder(max_event_bytes=100)
    with pytest.raises(EventTooLarge):
        for _ in range(10):
            decoder.feed(b"data: " + b"y" * 20 + b"\n")  # many lines, one event
