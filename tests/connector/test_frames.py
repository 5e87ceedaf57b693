import pytest

from dentin.connector import frames
from dentin.connector.frames import Frame, FrameError


def test_a_frame_round_trips_with_its_header_and_raw_body() -> None:
    frame = Frame(frames.REQUEST, {"id": 7, "m": "GET", "h": [["a", "b"]]}, b"\x00\xffbody")
    back = frames.decode(frames.encode(frame))
    assert back == frame
    assert back.id == 7
    assert frames.headers_of(back) == [("a", "b")]


@pytest.mark.parametrize(
    "message",
    [
        b"",
        b"\x00\x00",
        b"\x00\x00\x00\x10{}",
        b"\x00\x00\x00\x02[]",
        b"\x00\x00\x00\x02{}",
        b"\x00\x00\x00\x03{x}",
        b"\xff\xff\xff\xff",
        "text, not bytes",
    ],
)
def test_malformed_messages_are_refused_with_a_frame_error(message: bytes | str) -> None:
    with pytest.raises(FrameError):
        frames.decode(message)


def test_a_body_over_the_limit_cannot_be_encoded() -> None:
    with pytest.raises(FrameError, match="16800000"):
        frames.encode(Frame(frames.RESPONSE, {"id": 1}, b"x" * (frames.MAX_BODY + 1)))


@pytest.mark.parametrize("headers", ["x", [["a"]], [["a", 1]], [1]])
def test_frame_headers_must_be_pairs_of_text(headers: object) -> None:
    with pytest.raises(FrameError):
        frames.headers_of(Frame(frames.RESPONSE, {"id": 1, "h": headers}))


def test_a_request_frame_without_a_numeric_id_is_refused() -> None:
    with pytest.raises(FrameError):
        _ = Frame(frames.RESPONSE, {"id": "1"}).id
