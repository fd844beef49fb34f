"""Small playable MP4s for the emulator's video jobs: H.264 Baseline in an MP4 container.

A keyframe (IDR) holds every macroblock as I_PCM (uncompressed samples inside a valid bitstream);
the frames after it are P frames where a macroblock that did not change is skipped (a copy of
the one before, motion vector 0) and one that did is I_PCM again. The picture is exact, and a
scene where only the sun and the steam move costs a fraction of its keyframes. That keeps the
encoder a few pages of standard-library code; browsers and ffmpeg play the result. No light
library writes H.264, so this stays hand-written. Any even width and height: the coded picture
is padded to whole macroblocks and cropped back in the SPS.
"""

from __future__ import annotations

import struct
from typing import Any

from .pictures import render_scene

__all__ = ["make_mp4"]


class _Bits:
    """An MSB-first bit writer with Exp-Golomb codes."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def u(self, bits: int, value: int) -> None:
        for i in range(bits - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                self.acc = self.n = 0

    def ue(self, value: int) -> None:
        code = value + 1
        length = code.bit_length()
        self.u(length - 1, 0)
        self.u(length, code)

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align_zero(self) -> None:
        while self.n:
            self.u(1, 0)

    def trailing(self) -> bytes:
        self.u(1, 1)
        self.align_zero()
        return bytes(self.out)


def _nal(header: int, rbsp: bytes) -> bytes:
    """A NAL unit with emulation-prevention bytes inserted."""
    out = bytearray([header])
    zeros = 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


_PROFILE, _CONSTRAINTS, _LEVEL = 66, 0xC0, 30


def _sps(mbs_w: int, mbs_h: int, crop_right: int = 0, crop_bottom: int = 0) -> bytes:
    b = _Bits()
    b.u(8, _PROFILE)
    b.u(8, _CONSTRAINTS)
    b.u(8, _LEVEL)
    b.ue(0)  # seq_parameter_set_id
    b.ue(0)  # log2_max_frame_num_minus4
    b.ue(2)  # pic_order_cnt_type 2: output order is decode order
    b.ue(1)  # max_num_ref_frames
    b.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    b.ue(mbs_w - 1)
    b.ue(mbs_h - 1)
    b.u(1, 1)  # frame_mbs_only_flag
    b.u(1, 1)  # direct_8x8_inference_flag
    if crop_right or crop_bottom:  # in units of 2 pixels (4:2:0, frames)
        b.u(1, 1)  # frame_cropping_flag
        for offset in (0, crop_right // 2, 0, crop_bottom // 2):  # left, right, top, bottom
            b.ue(offset)
    else:
        b.u(1, 0)  # frame_cropping_flag
    b.u(1, 0)  # vui_parameters_present_flag
    return _nal(0x67, b.trailing())


def _pps() -> bytes:
    b = _Bits()
    b.ue(0)  # pic_parameter_set_id
    b.ue(0)  # seq_parameter_set_id
    b.u(1, 0)  # entropy_coding_mode_flag: CAVLC
    b.u(1, 0)  # bottom_field_pic_order_in_frame_present_flag
    b.ue(0)  # num_slice_groups_minus1
    b.ue(0)
    b.ue(0)  # num_ref_idx_l0/l1_default_active_minus1
    b.u(1, 0)  # weighted_pred_flag
    b.u(2, 0)  # weighted_bipred_idc
    b.se(0)
    b.se(0)
    b.se(0)  # pic_init_qp/qs_minus26, chroma_qp_index_offset
    b.u(1, 1)  # deblocking_filter_control_present_flag
    b.u(1, 0)  # constrained_intra_pred_flag
    b.u(1, 0)  # redundant_pic_cnt_present_flag
    return _nal(0x68, b.trailing())


#: BT.601 limited range, as matrices for Pillow's convert: Y from the picture, Cb and Cr from its 2×2 means
_Y = (66 / 256, 129 / 256, 25 / 256, 16.5)
_CB = (-38 / 256, -74 / 256, 112 / 256, 128.5)
_CR = (112 / 256, -94 / 256, -18 / 256, 128.5)
_PCM = [min(254, max(1, v)) for v in range(256)]  # PCM samples stay within 1..254


def _to_yuv420(picture: Any) -> tuple[bytes, bytes, bytes]:
    """The planes of an RGB picture (even sides): full-size luma, half-size chroma."""
    half = picture.reduce(2)
    y, cb, cr = (
        image.convert("L", matrix=matrix).point(_PCM).tobytes()
        for image, matrix in ((picture, _Y), (half, _CB), (half, _CR))
    )
    return y, cb, cr


def _macroblocks(planes: tuple[bytes, bytes, bytes], width: int, height: int) -> list[bytes]:
    """The picture's macroblocks in raster order, each its 384 PCM samples (16×16 luma, 2 × 8×8 chroma)."""
    y_plane, u_plane, v_plane = planes
    cw = width // 2
    blocks = []
    for mby in range(height // 16):
        for mbx in range(width // 16):
            block = bytearray()
            for row in range(16):
                start = (mby * 16 + row) * width + mbx * 16
                block += y_plane[start : start + 16]
            for plane in (u_plane, v_plane):
                for row in range(8):
                    start = (mby * 8 + row) * cw + mbx * 8
                    block += plane[start : start + 8]
            blocks.append(bytes(block))
    return blocks


def _idr_slice(blocks: list[bytes], idr_id: int) -> bytes:
    """A keyframe: every macroblock I_PCM."""
    b = _Bits()
    b.ue(0)  # first_mb_in_slice
    b.ue(7)  # slice_type: I (all slices of the picture)
    b.ue(0)  # pic_parameter_set_id
    b.u(4, 0)  # frame_num
    b.ue(idr_id)  # idr_pic_id: consecutive IDR pictures must differ
    b.u(1, 0)  # no_output_of_prior_pics_flag
    b.u(1, 0)  # long_term_reference_flag
    b.se(0)  # slice_qp_delta
    b.ue(1)  # disable_deblocking_filter_idc
    for block in blocks:
        b.ue(25)  # mb_type I_PCM
        b.align_zero()
        b.out += block
    return _nal(0x65, b.trailing())


def _p_slice(blocks: list[bytes], before: list[bytes], frame_num: int) -> bytes:
    """A P frame: macroblocks unchanged since ``before`` skipped, the others I_PCM."""
    b = _Bits()
    b.ue(0)  # first_mb_in_slice
    b.ue(5)  # slice_type: P (all slices of the picture)
    b.ue(0)  # pic_parameter_set_id
    b.u(4, frame_num % 16)  # frame_num: one more per reference picture since the IDR
    b.u(1, 0)  # num_ref_idx_active_override_flag: one reference, the frame before
    b.u(1, 0)  # ref_pic_list_modification_flag_l0
    b.u(1, 0)  # adaptive_ref_pic_marking_mode_flag: sliding window
    b.se(0)  # slice_qp_delta
    b.ue(1)  # disable_deblocking_filter_idc: skipped blocks stay exact copies
    skipped = 0
    for block, old in zip(blocks, before, strict=True):
        if block == old:
            skipped += 1
            continue
        b.ue(skipped)  # mb_skip_run
        skipped = 0
        b.ue(30)  # mb_type I_PCM in a P slice (5 + 25)
        b.align_zero()
        b.out += block
    if skipped:
        b.ue(skipped)  # the rest of the picture is unchanged
    return _nal(0x41, b.trailing())  # nal_ref_idc 2: the next P frame refers to it


# -- MP4 ---------------------------------------------------------------------------------------------


def _box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *parts)


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _moov(
    width: int, height: int, fps: int, sizes: list[int], keys: list[int], sps: bytes, pps: bytes, offset: int
) -> bytes:
    frames = len(sizes)
    duration_ms = frames * 1000 // fps
    mvhd = _full_box(
        b"mvhd",
        0,
        0,
        struct.pack(">IIII", 0, 0, 1000, duration_ms),
        struct.pack(">IH", 0x10000, 0x100),
        bytes(10),
        _MATRIX,
        bytes(24),
        struct.pack(">I", 2),
    )
    tkhd = _full_box(
        b"tkhd",
        0,
        3,
        struct.pack(">IIIII", 0, 0, 1, 0, duration_ms),
        bytes(8),
        struct.pack(">HHHH", 0, 0, 0, 0),
        _MATRIX,
        struct.pack(">II", width << 16, height << 16),
    )
    mdhd = _full_box(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, fps, frames, 0x55C4, 0))
    hdlr = _full_box(b"hdlr", 0, 0, struct.pack(">I", 0), b"vide", bytes(12), b"VideoHandler\x00")
    vmhd = _full_box(b"vmhd", 0, 1, bytes(8))
    dinf = _box(b"dinf", _full_box(b"dref", 0, 0, struct.pack(">I", 1), _full_box(b"url ", 0, 1)))
    avcc = _box(
        b"avcC",
        bytes([1, _PROFILE, _CONSTRAINTS, _LEVEL, 0xFF, 0xE1]),
        struct.pack(">H", len(sps)),
        sps,
        bytes([1]),
        struct.pack(">H", len(pps)),
        pps,
    )
    avc1 = _box(
        b"avc1",
        bytes(6),
        struct.pack(">H", 1),
        bytes(16),
        struct.pack(">HH", width, height),
        struct.pack(">II", 0x480000, 0x480000),
        bytes(4),
        struct.pack(">H", 1),
        bytes(32),
        struct.pack(">Hh", 0x18, -1),
        avcc,
    )
    stbl = _box(
        b"stbl",
        _full_box(b"stsd", 0, 0, struct.pack(">I", 1), avc1),
        _full_box(b"stts", 0, 0, struct.pack(">III", 1, frames, 1)),
        _full_box(b"stss", 0, 0, struct.pack(f">I{len(keys)}I", len(keys), *keys)),  # the keyframes, from 1
        _full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, frames, 1)),
        _full_box(b"stsz", 0, 0, struct.pack(">II", 0, frames), struct.pack(f">{frames}I", *sizes)),
        _full_box(b"stco", 0, 0, struct.pack(">II", 1, offset)),
    )
    minf = _box(b"minf", vmhd, dinf, stbl)
    mdia = _box(b"mdia", mdhd, hdlr, minf)
    return _box(b"moov", mvhd, _box(b"trak", tkhd, mdia))


#: a keyframe every this many frames (players seek to keyframes)
KEYFRAME_EVERY = 24


def make_mp4(
    prompt: str,
    seed: int | None = None,
    *,
    seconds: float = 2.0,
    fps: int = 6,
    width: int = 96,
    height: int = 64,
    look: tuple[tuple[int, int, int], ...] | None = None,
) -> bytes:
    """A small playable MP4 (H.264 Baseline) animating the picture for ``prompt``/``seed``.

    ``width`` and ``height`` are rounded down to even numbers (at least 16); ``look`` (a palette
    from a first frame, :func:`~.pictures.reference_look`) keeps the video in that picture's colours.
    """
    width, height = max(16, width - width % 2), max(16, height - height % 2)
    coded_w, coded_h = -(-width // 16) * 16, -(-height // 16) * 16
    frames = max(1, round(seconds * fps))
    sps, pps = _sps(coded_w // 16, coded_h // 16, coded_w - width, coded_h - height), _pps()
    samples: list[bytes] = []
    keys: list[int] = []
    before: list[bytes] = []
    for i in range(frames):
        scene = render_scene(prompt, seed, width, height, t=i / max(1, frames - 1), look=look)
        picture = _padded(scene, coded_w, coded_h)
        blocks = _macroblocks(_to_yuv420(picture), coded_w, coded_h)
        if i % KEYFRAME_EVERY == 0:
            nal = _idr_slice(blocks, (i // KEYFRAME_EVERY) % 2)
            keys.append(i + 1)
        else:
            nal = _p_slice(blocks, before, i % KEYFRAME_EVERY)
        before = blocks
        samples.append(struct.pack(">I", len(nal)) + nal)
    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2avc1mp41")
    sizes = [len(s) for s in samples]
    moov_len = len(_moov(width, height, fps, sizes, keys, sps, pps, 0))
    offset = len(ftyp) + moov_len + 8
    moov = _moov(width, height, fps, sizes, keys, sps, pps, offset)
    return ftyp + moov + _box(b"mdat", *samples)


def _padded(picture: Any, width: int, height: int) -> Any:
    """The picture widened and lengthened to whole macroblocks by repeating its last column and row."""
    from PIL import Image

    if picture.size == (width, height):
        return picture
    w, h = picture.size
    out = Image.new("RGB", (width, height))
    out.paste(picture, (0, 0))
    if width > w:
        out.paste(picture.crop((w - 1, 0, w, h)).resize((width - w, h)), (w, 0))
    if height > h:
        out.paste(out.crop((0, h - 1, width, h)).resize((width, height - h)), (0, h))
    return out
