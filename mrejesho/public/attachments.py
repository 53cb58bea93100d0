"""Citizen attachments: an image or a PDF, checked by content, stored outside the web root."""
from __future__ import annotations

import secrets
from pathlib import Path

import filetype
from flask import current_app

ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
           "application/pdf": "pdf"}


class AttachmentError(ValueError):
    """An upload refused; code is one of texts.error()'s ("attachment.too_big")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


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
