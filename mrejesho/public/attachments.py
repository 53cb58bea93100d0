"""Citizen attachments: an image or a PDF, checked by content, stored outside the web root.

Uploads never lose a form. The app's MAX_CONTENT_LENGTH would refuse a whole request with a
bare 413 as soon as it is parsed, so the citizen's typed text would be gone with the photo.
The forms that take a file call accept_large_uploads() before their body is parsed (the public
blueprint's url_value_preprocessor, which runs before CSRFProtect reads the form): the request
may then be up to BODY_CEILING, and each uploaded file is kept only up to
MAX_ATTACHMENT_BYTES + 1 bytes while the rest of it is read and dropped, so every other field
arrives and check() still sees that the file was too big. Only a body beyond BODY_CEILING is
refused unread (RequestEntityTooLarge), and the public views answer that with the form again.
"""
from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

import filetype
from flask import current_app, request

ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
           "application/pdf": "pdf"}


class AttachmentError(ValueError):
    """An upload refused; code is one of texts.error()'s ("attachment.too_big")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# The largest body a form with a file is read to the end for (a phone photo of 8-20 MB keeps
# its form); beyond it the request is refused before it is read.
BODY_CEILING = 40 * 1024 * 1024


class CappedFile:
    """An upload's stream that keeps at most `cap` bytes and drops the rest as it arrives."""

    def __init__(self, cap: int):
        self._file = tempfile.SpooledTemporaryFile(max_size=512 * 1024)
        self._left = cap
        self.truncated = False

    def write(self, data: bytes) -> int:
        kept = data[:max(self._left, 0)]
        if kept:
            self._file.write(kept)
            self._left -= len(kept)
        if len(kept) < len(data):
            self.truncated = True
        return len(data)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __iter__(self):
        return iter(self._file)


def accept_large_uploads() -> None:
    """Let this request's body be up to BODY_CEILING and keep each file only up to one byte
    past MAX_ATTACHMENT_BYTES; call before the form is parsed."""
    cap = current_app.config["MAX_ATTACHMENT_BYTES"] + 1
    request.max_content_length = max(BODY_CEILING,
                                      current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    # The request's own stream factory, replaced for this request only.
    request._get_file_stream = lambda *args, **kwargs: CappedFile(cap)


def check(upload) -> tuple[bytes, str] | None:
    """Read an uploaded file; None when nothing was sent, else (content, mime)."""
    if upload is None or not getattr(upload, "filename", ""):
        return None
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    content = upload.stream.read(limit + 1)
    if len(content) > limit:
        raise AttachmentError("attachment.too_big")
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED:
        raise AttachmentError("attachment.bad_type")
    return content, kind.mime


def store(content: bytes, mime: str, original_name: str) -> dict:
    """Write the file under UPLOAD_DIR with a random name; return the columns to keep."""
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{ALLOWED[mime]}"
    (folder / name).write_bytes(content)
    return {"path": name, "name": Path(original_name).name[:255] or name, "mime": mime}
